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

finish
