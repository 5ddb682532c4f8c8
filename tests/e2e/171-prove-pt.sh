#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk prove on the page-table walk's step: an entry end off by one byte
# fails with the broken postconditions and their line; the fixed bound
# proves. Then on the frame's own walk_map(): a leaf stored one entry too
# far fails, naming the function and the line.
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

# The frame's walk_map(), in a copy of the frame proving only it: storing
# the leaf into the next entry, outside the range the walk handed it, is
# not proved, and the failure names the function and the store's line.
cp -r "$OSDK_SRC/kernel/frame" "$T/frame"
rm -rf "$T/frame/target"
cd "$T/frame"
sed -i '/^  functions:/,/^  provers:/{/^  functions:/!{/^  provers:/!d}}' osdk.yaml
sed -i 's/^  functions:.*/  functions: [walk_map]/' osdk.yaml
store='pte_store(e, pte_make_leaf(pa, level, w->flags));'
grep -qF "$store" src/mm/pt.c || not_ok "walk_map's leaf store is where the test expects it"
sed -i "s/pte_store(e, pte_make_leaf(pa, level, w->flags));/pte_store(e + 1, pte_make_leaf(pa, level, w->flags));/" src/mm/pt.c
line=$(grep -n 'pte_store(e + 1, ' src/mm/pt.c | cut -d: -f1)
osdk prove --file src/mm/pt.c
expect_rc 1 "a leaf stored into the next entry is not proved"
expect_out "src/mm/pt.c:$line: walk_map: [a-z_ ]+ not proved" \
	"the broken store is named with function and line"
expect_out "Failed frame: [0-9]+/[0-9]+ goals in" "the summary says it failed"

sed -i "s/pte_store(e + 1, /pte_store(e, /" src/mm/pt.c
osdk prove --file src/mm/pt.c
expect_rc 0 "the store into the entry handed over is proved"
expect_out "walk_map +([0-9]+)/\\1 " "every goal of walk_map is proved"

finish
