#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk test across packages: a package with a failing test is the last to
# run unless --no-fail-fast, which runs and counts them all; --show-output
# prints what passing tests printed.
. "$(dirname "$0")/lib.sh"
cd "$T"

mkdir ws
cd ws
for p in alpha beta gamma; do
	osdk new --library $p
	printf '\ntest:\n  timeout: 30\n' >>$p/osdk.yaml
done
printf 'workspace:\n  members: [alpha, beta, gamma]\n  trusted: [frame]\n' >osdk.yaml
cat >>alpha/src/lib.c <<'C'

KTEST(zz_fails)
{
	KT_ASSERT_EQ(1 + 1, 3);
}
C
sed -i '0,/#include <frame\/ktest.h>/s//#include <frame\/ktest.h>\n#include <frame\/log.h>/' \
	beta/src/lib.c
cat >>beta/src/lib.c <<'C'

KTEST(says_hello)
{
	log_warn("beta says hello %d", 42);
	KT_ASSERT(1);
}
C

osdk test --list
expect_rc 0 "the tests are listed package by package"
[ "$(printf '%s\n' "$out" | grep '::' | cut -d: -f1 | uniq | tr '\n' ' ')" = "alpha beta gamma " ] &&
	ok "alpha, then beta, then gamma" || not_ok "alpha, then beta, then gamma ($out)"

osdk test
expect_rc 1 "a failing test fails osdk test"
expect_out "^test alpha::zz_fails \.\.\. FAILED" "alpha's failure is reported"
expect_no_out "^test (beta|gamma)::" "the later packages' tests do not run"
expect_out "^3 tests not run \(packages beta gamma\): package 'alpha' failed; --no-fail-fast runs every package's tests$" \
	"the summary says what did not run and why"
expect_out "^1 passed, 1 failed$" "and counts what ran"
[ "$(printf '%s\n' "$out" | tail -1)" = "1 passed, 1 failed" ] &&
	ok "the counts are the last line" || not_ok "the counts are the last line"

osdk test --no-fail-fast
expect_rc 1 "--no-fail-fast still exits 1"
expect_out "^test alpha::zz_fails \.\.\. FAILED" "alpha fails"
expect_out "^test beta::says_hello \.\.\. ok" "beta's tests run"
expect_out "^test gamma::checked_add \.\.\. ok" "gamma's too"
expect_out "^4 passed, 1 failed$" "the summary counts every package"
expect_no_out "not run" "nothing is left out"
expect_no_out "beta says hello" "passing tests' output is not shown"

osdk test -p beta --show-output
expect_rc 0 "test -p beta --show-output"
expect_out "^successes:$" "a successes part"
expect_out "^---- beta::says_hello ----$" "headed by the test's name"
expect_out "beta says hello 42" "with what it printed"
expect_out "^---- beta::checked_add ----$" "every passing test has one"

osdk test --exclude alpha
expect_rc 0 "without the failing package, osdk test passes"
expect_out "^3 passed, 0 failed$" "counting beta's and gamma's tests"

# The failing package last (tests run in the workspace's order, alpha,
# beta, gamma, whatever the order of -p): nothing is left to skip.
cat >>../ws/gamma/src/lib.c <<'C'

KTEST(zz_fails_too)
{
	KT_ASSERT(0);
}
C
osdk test -p gamma -p beta
expect_rc 1 "gamma fails after beta"
expect_out "^test beta::says_hello \.\.\. ok" "beta ran first"
expect_out "^3 passed, 1 failed$" "every selected test ran"
expect_no_out "not run" "nothing is reported as not run"
finish
