#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The command line itself: help, contradicting flags, the test summary.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk help help
expect_rc 0 "osdk help help describes help"
expect_out "^Usage: osdk help \[COMMAND\]" "with its usage line"
expect_no_out "no such command" "and does not call help unknown"

osdk help build run
expect_rc 2 "osdk help with two commands is a usage error"

osdk new --kernel cli
cd cli
osdk build -v -q
expect_rc 2 "-v with -q is a usage error"
expect_out "'--verbose' and '--quiet' cannot be used together" "naming both"

# A test that panics: its message once, the counts once.
cat >src/panics.c <<'C'
#include <frame/ktest.h>
#include <frame/panic.h>

KTEST(panics_on_purpose)
{
	frame_panic("panic message %d", 42);
}
C
osdk test
expect_rc 1 "a panicking test fails the run"
[ "$(grep -c 'panic message 42' <<<"$out")" = 1 ] &&
	ok "the panic message is printed once" ||
	not_ok "the panic message is printed once"
[ "$(grep -cE 'passed[,;] ' <<<"$out")" = 1 ] &&
	ok "the counts are printed once" ||
	not_ok "the counts are printed once"
expect_out "^[0-9]+ passed, 1 failed$" "the summary line ends the run"

osdk test greeting
expect_rc 0 "a filtered run passes"
expect_out "^[0-9]+ filtered out by 'greeting'$" "and says what it left out"
finish
