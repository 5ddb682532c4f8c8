#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk test --coverage and osdk run --coverage: an instrumented build in its
# own directory, the kernel's counters turned into .gcda files, lcov's
# tracefile with the checkout's paths, genhtml's report, and a line and
# branch summary per package.
. "$(dirname "$0")/lib.sh"
cd "$T"

if ! command -v lcov >/dev/null || ! command -v genhtml >/dev/null; then
	not_ok "lcov and genhtml are installed (install.sh installs lcov)"
	finish
	exit
fi

osdk new --library cover
expect_rc 0 "a library to measure"
cat >>cover/src/lib.c <<'C'

int cover_used(int x)
{
	if (x > 3)
		return x * 2;
	return x;
}

int cover_unused(int x)
{
	return x + 1;
}

KTEST(calls_used)
{
	KT_ASSERT_EQ(cover_used(5), 10);
}
C
sed -i 's|^int cover_checked_add.*|&\nint cover_used(int x);\nint cover_unused(int x);|' \
	cover/include/cover/cover.h
cd cover

# A normal build first: the coverage build must leave it as it is.
osdk test
expect_rc 0 "the tests pass without coverage"
cp compile_commands.json "$T/compdb.before"
find target/osdk/dev-ktest -name '*.o' -printf '%p %T@\n' | sort >"$T/objs.before"

osdk test --coverage
expect_rc 0 "osdk test --coverage passes"
expect_out "^2 passed, 0 failed$" "the tests ran"
expect_out "Coverage cover [0-9]+\.[0-9]% lines [0-9]+\.[0-9]% branches" \
	"a summary line for the package"
info=target/osdk/dev-ktest-cov/coverage/lcov.info
[ -f "$info" ] && ok "lcov's tracefile is written" ||
	not_ok "lcov's tracefile is written"
grep -q "^SF:$T/cover/src/lib.c$" "$info" &&
	ok "the tracefile names the checkout's source" ||
	not_ok "the tracefile names the checkout's source ($(grep ^SF: "$info"))"
grep -Eq '^FNDA:[1-9][0-9]*,cover_used$' "$info" &&
	ok "the function the test calls is covered" ||
	not_ok "the function the test calls is covered"
grep -q '^FNDA:0,cover_unused$' "$info" &&
	ok "the one it does not call is not" ||
	not_ok "the one it does not call is not"
line=$(grep -n '^	return x + 1;$' src/lib.c | cut -d: -f1)
grep -q "^DA:$line,0$" "$info" &&
	ok "its line counts zero" || not_ok "its line counts zero"
grep -q '^BRDA:' "$info" && ok "branches are counted" ||
	not_ok "branches are counted"
[ -f target/osdk/dev-ktest-cov/coverage/html/index.html ] &&
	ok "the HTML report exists" || not_ok "the HTML report exists"
grep -rq 'cover_unused' target/osdk/dev-ktest-cov/coverage/html/ &&
	ok "the HTML report shows the sources" ||
	not_ok "the HTML report shows the sources"
ls target/osdk/dev-ktest-cov/cover/obj/*.gcda >/dev/null 2>&1 &&
	ok ".gcda files beside the .gcno files" ||
	not_ok ".gcda files beside the .gcno files"
! grep -rq 'cov/gcov.c' target/osdk/dev-ktest/frame 2>/dev/null &&
	ok "the normal build has no coverage runtime" ||
	not_ok "the normal build has no coverage runtime"

osdk test --coverage --message-format json
expect_rc 0 "--message-format json with --coverage"
expect_out '^\{"reason":"coverage","schema":1,"package":"cover","lines":[0-9]+,"lines_hit":[0-9]+,"branches":[0-9]+,"branches_hit":[0-9]+,"report":"[^"]*/index.html"\}$' \
	"a coverage record per package"

if command -v clang >/dev/null; then
	CC=clang osdk test --coverage
	expect_rc 1 "clang cannot make a coverage build"
	expect_out "a coverage build needs gcc 12 or later, and 'clang' is clang" \
		"osdk says so before compiling"
fi

# Counters add up across boots: a panicking test makes osdk boot again.
cat >>src/lib.c <<'C'

KTEST(panics_after_used)
{
	KT_ASSERT_EQ(cover_used(2), 2);
	frame_panic("on purpose");
}

KTEST(zz_after_the_panic)
{
	KT_ASSERT_EQ(cover_used(7), 14);
}
C
sed -i 's|#include <frame/ktest.h>|&\n#include <frame/panic.h>|' src/lib.c
osdk test --coverage --no-fail-fast
expect_rc 1 "a panicking test fails the run"
expect_out "^test cover::zz_after_the_panic \.\.\. ok" "the next boot ran the rest"
expect_out "Coverage cover [0-9.]+% lines" "the report is written all the same"
grep -Eq '^FNDA:3,cover_used$' "$info" &&
	ok "the counts of both boots are added up" ||
	not_ok "the counts of both boots are added up ($(grep 'FNDA:.*cover_used' "$info"))"

cmp -s compile_commands.json "$T/compdb.before" &&
	ok "compile_commands.json is the normal build's" ||
	not_ok "compile_commands.json is the normal build's"
find target/osdk/dev-ktest -name '*.o' -printf '%p %T@\n' | sort >"$T/objs.after"
cmp -s "$T/objs.before" "$T/objs.after" &&
	ok "the normal build's objects are untouched" ||
	not_ok "the normal build's objects are untouched"

osdk test --coverage-package nosuch
expect_rc 2 "an unknown --coverage-package is a usage error"
expect_out "'nosuch' is not a package of this build" "naming it"
osdk test --coverage-package covr
expect_out "did you mean 'cover'" "with a suggestion"
osdk test --coverage --bundle "$T/nothing"
expect_rc 2 "--coverage with --bundle is a usage error"

# osdk run --coverage: a kernel whose main returns.
cd "$T"
osdk new --kernel hello
expect_rc 0 "a kernel to run"
cd hello
osdk run --coverage
expect_rc 0 "osdk run --coverage exits with main's code"
expect_out "Coverage hello [0-9.]+% lines [0-9.]+% branches" \
	"a summary for the kernel's own package"
expect_no_out "Coverage frame" "the frame is not instrumented by default"
info=target/osdk/dev-cov/coverage/lcov.info
grep -Eq '^FNDA:[1-9][0-9]*,hello_greeting$' "$info" &&
	ok "the greeting ran" || not_ok "the greeting ran"
[ -f target/osdk/dev-cov/coverage/html/index.html ] &&
	ok "osdk run writes the HTML report" ||
	not_ok "osdk run writes the HTML report"

finish
