#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk test --shard K/N: the slices of a suite are disjoint and together are
# the whole suite, in --list and in real runs, also when a test panics and
# the kernel boots again; an empty shard passes, a bad one is a usage error.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --library sh
cd sh
printf '  accel: tcg\n\ntest:\n  timeout: 120\n' >>osdk.yaml
for i in 1 2 3 4 5 6; do
	printf '\nKTEST(case_%d)\n{\n\tKT_ASSERT_EQ(%d, %d);\n}\n' $i $i $i >>src/lib.c
done
# One that panics: the reboot after it must keep its shard's slice.
sed -i '0,/#include <frame\/ktest.h>/s//#include <frame\/ktest.h>\n#include <frame\/panic.h>/' src/lib.c
printf '\nKTEST(case_7_panics)\n{\n\tframe_panic("case 7 panics");\n}\n' >>src/lib.c
printf '\nKTEST(case_8)\n{\n\tKT_ASSERT_EQ(8, 8);\n}\n' >>src/lib.c

osdk test --list
expect_rc 0 "the whole suite is listed"
all=$(printf '%s\n' "$out" | grep '::' | sort)
total=$(printf '%s\n' "$all" | grep -c .)
[ "$total" -ge 8 ] && ok "it has the $total tests" || not_ok "it has the tests ($total)"

union=
for k in 1 2 3; do
	osdk test --list --shard $k/3
	expect_rc 0 "--list --shard $k/3"
	union+=$(printf '%s\n' "$out" | grep '::')$'\n'
done
[ "$(printf '%s' "$union" | sort)" = "$all" ] &&
	ok "the three listed shards together are the suite, each test once" ||
	not_ok "the listed shards are the suite ($(printf '%s' "$union" | sort | uniq -c | tr '\n' ' '))"

# Real runs: every test has a result in exactly one shard.
ran=
for k in 1 2 3; do
	osdk test --list --shard $k/3
	listed=$(printf '%s\n' "$out" | grep '::' | sort)
	osdk test --no-fail-fast --shard $k/3
	got=$(printf '%s\n' "$out" | sed -n 's/^test \(.*\) \.\.\. .*/\1/p' | sort)
	[ "$got" = "$listed" ] && ok "shard $k/3 runs the tests its --list names" ||
		not_ok "shard $k/3 runs what --list names (ran: $(echo $got); listed: $(echo $listed))"
	if printf '%s\n' "$listed" | grep -q case_7_panics; then
		expect_rc 1 "the shard with the panicking test fails"
		expect_out "sh::case_7_panics \.\.\. PANICKED" "naming it"
	else
		expect_rc 0 "a shard without it passes"
	fi
	ran+=$got$'\n'
done
[ "$(printf '%s' "$ran" | sort)" = "$all" ] &&
	ok "the three runs together ran the suite, each test once" ||
	not_ok "the runs are the suite ($(printf '%s' "$ran" | sort | uniq -c | tr '\n' ' '))"

osdk test case_1 --shard 2/2
expect_rc 0 "a shard left empty by the filter passes"
expect_out "Shard +2/2 holds none of the selected tests" "and says so"
osdk test no_such_case --shard 1/2
expect_rc 1 "a filter matching nothing is an error, shard or not"
expect_out "no test matches 'no_such_case'" "naming the filter"
for bad in 0/2 3/2 x 1/0 1/ /2 1/2x; do
	osdk test --shard "$bad"
	expect_rc 2 "--shard $bad is a usage error"
done
expect_out "shard '1/2x' is not K/N" "saying what a shard looks like"
finish
