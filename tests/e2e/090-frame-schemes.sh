#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The frame's ktests under each scheme its manifest declares: more CPUs,
# less and more memory: the trusted base must hold up in each.
. "$(dirname "$0")/lib.sh"
# Work on a copy so the source tree's target/ is left alone.
cp -r "$OSDK_SRC/kernel/frame" "$T/frame"
rm -rf "$T/frame/target"
cd "$T/frame"

for scheme in smp1 smp4 mem128m mem2g; do
	grep -q "^  $scheme:" osdk.yaml && ok "the frame declares scheme $scheme" ||
		not_ok "the frame declares scheme $scheme"
	osdk test --scheme "$scheme"
	expect_rc 0 "the frame's ktests pass under scheme $scheme"
	expect_out "^[1-9][0-9]* passed, 0 failed$" "with a clean summary ($scheme)"
done

osdk test --release -q
expect_rc 0 "the frame's ktests pass in the release profile"
finish
