#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk prove on the frame's buddy allocator, as a user who edits one bound
# to watch it fail: take_block() marking one page past the block it hands
# out is not proved, and the failure names the function and the line;
# the bound put back proves.
. "$(dirname "$0")/lib.sh"

if ! command -v frama-c >/dev/null || ! command -v why3 >/dev/null; then
	echo "not ok - Frama-C or Why3 not installed: run ./install.sh"
	exit 1
fi

# A copy of the frame proving only take_block(), so the run stays short.
cp -r "$OSDK_SRC/kernel/frame" "$T/frame"
rm -rf "$T/frame/target"
cd "$T/frame"
sed -i '/^  functions:/,/^  provers:/{/^  functions:/!{/^  provers:/!d}}' osdk.yaml
sed -i 's/^  functions:.*/  functions: [take_block]/' osdk.yaml
bound='for (uint64_t i = 1; i < buddy_order_size[order]; i++)'
grep -qF "$bound" src/mm/buddy_alloc.c ||
	not_ok "take_block's loop is where the test expects it"
sed -i 's/for (uint64_t i = 1; i < buddy_order_size\[order\]; i++)/for (uint64_t i = 1; i <= buddy_order_size[order]; i++)/' \
	src/mm/buddy_alloc.c
first=$(grep -n '^static void take_block(' src/mm/buddy_alloc.c | cut -d: -f1)
last=$(awk -v f="$first" 'NR > f && /^}/ { print NR; exit }' src/mm/buddy_alloc.c)

osdk prove --file src/mm/buddy_alloc.c
expect_rc 1 "a block marked one page too far is not proved"
expect_out "src/mm/buddy_alloc.c:[0-9]+: take_block: [a-z_ ]+ not proved" \
	"the failure names the function"
line=$(grep -oE 'src/mm/buddy_alloc.c:[0-9]+: take_block:' <<<"$out" | head -1 |
	cut -d: -f2)
if [ -n "$line" ] && [ "$line" -ge "$((first - 30))" ] &&
	[ "$line" -le "$last" ]; then
	ok "the line named is take_block's ($line, in $((first - 30))..$last)"
else
	not_ok "the line named ($line) is not take_block's"
fi
expect_out "Failed frame: [0-9]+/[0-9]+ goals in" "the summary says it failed"

sed -i 's/i <= buddy_order_size\[order\]; i++/i < buddy_order_size[order]; i++/' \
	src/mm/buddy_alloc.c
osdk prove --file src/mm/buddy_alloc.c
expect_rc 0 "the bound put back is proved"
expect_out "take_block +([0-9]+)/\\1 " "every goal of take_block is proved"

finish
