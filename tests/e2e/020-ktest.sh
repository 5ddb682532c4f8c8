#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk new --library and osdk test: passing, failing, panicking, hanging.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --library blk
expect_rc 0 "new --library creates a package"
cd blk

osdk test
expect_rc 0 "the template's sample test passes"
expect_out "^test blk::" "a per-test result line is printed"
expect_out "^1 passed, 0 failed$" "summary line counts one pass"

# Add a failing, a panicking and a hanging test beside passing ones.
cat >> src/lib.c <<'C'

KTEST(zz_equal_fails)
{
	int x = 3;

	KT_ASSERT_EQ(x, 4);
}

KTEST(zz_panics)
{
	frame_panic("deliberate panic in a test");
}

KTEST(zz_passes_after_panic)
{
	KT_ASSERT(1 + 1 == 2);
}

KTEST(zz_hangs)
{
	for (;;)
		continue;
}

KTEST(zzz_last_passes)
{
	KT_ASSERT_NE(1, 2);
}
C
sed -i '0,/#include/s//#include <frame\/panic.h>\n#include/' src/lib.c
cat >> osdk.yaml <<'Y'

test:
  timeout: 20
Y
osdk test
expect_rc 1 "osdk test fails when a test fails"
expect_out "^test blk::zz_equal_fails \.\.\. FAILED" "the failing test is reported"
expect_out "lib\.c:[0-9]+: .*KT_ASSERT_EQ\(x, 4\).*3.*4" "with file:line and both values"
expect_out "^test blk::zz_panics \.\.\. PANICKED" "the panicking test is reported"
expect_out "deliberate panic" "with the panic message"
expect_out "^test blk::zz_passes_after_panic \.\.\. ok" "tests after a panic still run"
expect_out "^test blk::zz_hangs \.\.\. HUNG" "the hanging test is killed and reported"
expect_out "^test blk::zzz_last_passes \.\.\. ok" "tests after a hang still run"
expect_out "^3 passed, 3 failed$" "summary counts passes and failures"
order=$(printf '%s\n' "$out" | sed -n 's/^test blk::\([a-z_]*\) .*/\1/p' | tr '\n' ' ')
[ "$order" = "checked_add zz_equal_fails zz_panics zz_passes_after_panic zz_hangs zzz_last_passes " ] &&
	ok "tests run in source order" || not_ok "tests run in source order (got: $order)"

osdk test zz_passes
expect_rc 0 "a filter selects matching tests"
expect_out "^1 passed, 0 failed$" "only the matching test ran"

# --list: the names in run order, on stdout, without booting.
list=$(timeout 300 "$OSDK" test --list 2>/dev/null)
[ "$(echo $list)" = "blk::checked_add blk::zz_equal_fails blk::zz_panics blk::zz_passes_after_panic blk::zz_hangs blk::zzz_last_passes" ] &&
	ok "--list prints every test in run order" ||
	not_ok "--list prints every test in run order (got: $(echo $list))"
osdk test --list zz_pa
expect_out "^blk::zz_passes_after_panic$" "--list honours the filter"
expect_no_out "Running" "and boots nothing"

# --exact: the filter is a whole name, in osdk and in the kernel.
osdk test --list --exact zz_passes
expect_rc 1 "--exact does not take a part of a name"
osdk test --exact blk::zzz_last_passes
expect_rc 0 "--exact runs the test of that name"
expect_out "^test blk::zzz_last_passes \.\.\. ok" "that test ran"
expect_out "^1 passed, 0 failed$" "and no other"
osdk test --exact
expect_rc 2 "--exact without a filter is a usage error"
finish
