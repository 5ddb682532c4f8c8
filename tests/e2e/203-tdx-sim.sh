#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The tdx-sim scheme of a new kernel: the frame boots as an Intel TDX guest
# on its software TDX module (docs/tdx.md), on this host's TCG, and the
# kernel runs and exits as it does without it.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --kernel tdhello
expect_rc 0 "a new kernel"
cd tdhello
grep -q "tdx=sim" osdk.yaml && ok "its manifest has the tdx-sim scheme" ||
	not_ok "its manifest has the tdx-sim scheme"

osdk run
expect_rc 0 "it runs without the scheme"
if grep -q "trust domain" <<<"$out"; then
	not_ok "and is no trust domain there"
else
	ok "and is no trust domain there"
fi
plain=$(grep -v '^frame:\|^ *[A-Z][a-z]* ' <<<"$out")

osdk run --scheme tdx-sim
expect_rc 0 "it runs with --scheme tdx-sim"
expect_out "frame: tdx: trust domain on the tdx-sim software module: GPAW 48" \
	"as a trust domain on the software module"
grep -q "Hello from the tdhello kernel" <<<"$plain" &&
	[ "$(grep -v '^frame:\|^ *[A-Z][a-z]* ' <<<"$out")" = "$plain" ] &&
	ok "printing the same through TDVMCALL port I/O" ||
	not_ok "printing the same through TDVMCALL port I/O"

finish
