#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk prove on the page-table walk's step: an entry end off by one byte
# fails with the broken postconditions and their line; the fixed bound
# proves.
. "$(dirname "$0")/lib.sh"

if ! command -v frama-c >/dev/null || ! command -v why3 >/dev/null; then
	echo "not ok - Frama-C or Why3 not installed: run ./install.sh"
	exit 1
fi

cp -r "$OSDK_SRC/tests/e2e/fixtures/prove-pt-broken" "$T/pkg"
cd "$T/pkg"

# room is one byte short: the step can stand still, and stops inside the
# entry instead of at its end.
osdk prove
expect_rc 1 "the off-by-one step is not proved"
expect_out "src/step.c:25: walk_step: postcondition not proved \\(Unknown\\): progress:" \
	"the step that may not progress is named with function and line"
expect_out "src/step.c:26: walk_step: postcondition not proved \\(Unknown\\): entry_end:" \
	"the step that stops inside the entry is named too"
expect_out "Failed prove-pt-broken: [0-9]+/[0-9]+ goals in" "the summary says it failed"

sed -i 's/room = size - 1 - va % size;/room = size - va % size;/' src/step.c
osdk prove
expect_rc 0 "the fixed step is proved"
expect_out "walk_step +([0-9]+)/\\1 " "every goal of the function is proved"
expect_out "Proved prove-pt-broken: ([0-9]+)/\\1 goals in" "with the summary line"

# A function the file defines but the manifest does not list is not
# proved: the proved caller takes its contract on trust, and says so.
cat >>src/step.c <<'C'

/*@ requires va < stop; assigns \nothing; */
static int walk_entry(uint64_t va, uint64_t stop)
{
	return va + 1 == stop;
}

/* No precondition: nothing for a call to check, assumed all the same. */
/*@ assigns \nothing; ensures \result <= 1; */
static int walk_flushed(void)
{
	return 0;
}

/*@ requires va < end; assigns \nothing; */
int walk_first(uint64_t va, uint64_t end)
{
	bool full;

	if (walk_flushed())
		return 0;
	return walk_entry(va, walk_step(va, end, 1, &full));
}
C
cat >>osdk.yaml <<'Y'
  functions: [walk_step, walk_first]
Y
osdk prove
expect_rc 0 "the caller of an unlisted function is proved"
expect_out "walk_first +([0-9]+)/\\1 " "with every goal"
expect_out "assumed: walk_entry \\(contract\\)" \
	"the unlisted callee is listed as assumed"
expect_out "assumed: .*walk_flushed \\(contract\\)" \
	"so is one whose contract has no precondition"
expect_no_out "walk_step \\(contract\\)" \
	"a callee proved in the same run is not"

finish
