# SPDX-License-Identifier: MIT
# lib.sh - shared set-up and checks for the end-to-end tests of osdk.
#
# Each test is a bash script run by ctest with OSDK (the osdk binary under
# test) and OSDK_SRC (the source tree) in the environment. It works in a
# throwaway directory, points osdk at the source tree's templates and frame,
# and ends with the line "N passed, N failed".
set -uo pipefail

: "${OSDK_SRC:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${OSDK:=$OSDK_SRC/build/osdk-san}"
[ -x "$OSDK" ] || { echo "osdk binary '$OSDK' not found; build first"; exit 1; }

T=$(mktemp -d "${TMPDIR:-/tmp}/osdk-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
export OSDK_DATADIR="$T/datadir"
mkdir -p "$OSDK_DATADIR"
ln -s "$OSDK_SRC/templates" "$OSDK_DATADIR/templates"
ln -s "$OSDK_SRC/kernel/frame" "$OSDK_DATADIR/frame"
# A private osdk home: no registry configured unless a test makes one, so
# `osdk new` uses the source tree's frame, never a copy install.sh published.
export OSDK_HOME="$T/osdk-home"
export NO_COLOR=1
# The sanitizer build must not fail a test over leaks at exit in children
# it does not own (QEMU, gdb); osdk's own leaks are still reported.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
unset CC LD AR

passed=0
failed=0

ok() { echo "ok - $*"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $*"; failed=$((failed + 1)); }

# osdk ARGS... : run osdk, keeping its combined output in $out and its exit
# status in $rc. A hard time limit keeps a broken guest from hanging ctest.
osdk() {
	out=$(timeout "${OSDK_TIMEOUT:-600}" "$OSDK" "$@" </dev/null 2>&1)
	rc=$?
}

# osdk_input INPUT ARGS...: osdk with INPUT on its stdin (the guest's
# serial console), e.g. shell commands ending in poweroff.
osdk_input() {
	local input=$1
	shift
	out=$(timeout "${OSDK_TIMEOUT:-600}" "$OSDK" "$@" <<<"$input" 2>&1)
	rc=$?
	out=${out//$'\r'/} # the serial console ends its lines with CR LF
}

# expect_rc N DESCRIPTION
expect_rc() {
	if [ "$rc" = "$1" ]; then ok "$2"; else
		not_ok "$2 (exit $rc, expected $1)"
		printf '%s\n' "$out" | tail -40 | sed 's/^/    | /'
	fi
}

# expect_out REGEX DESCRIPTION  (extended regex against $out)
expect_out() {
	if grep -Eq -- "$1" <<<"$out"; then ok "$2"; else
		not_ok "$2 (no match for /$1/)"
		printf '%s\n' "$out" | tail -40 | sed 's/^/    | /'
	fi
}

expect_no_out() {
	if grep -Eq -- "$1" <<<"$out"; then
		not_ok "$2 (unexpected match for /$1/)"
		printf '%s\n' "$out" | tail -40 | sed 's/^/    | /'
	else ok "$2"; fi
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
}
