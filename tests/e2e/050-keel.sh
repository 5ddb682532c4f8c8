#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Keel itself: the workspace builds, boots to its banner, and its ktests pass.
. "$(dirname "$0")/lib.sh"
# Work on a copy so the source tree's target/ is left alone.
mkdir -p "$T/src"
cp -r "$OSDK_SRC/osdk.yaml" "$OSDK_SRC/kernel" "$T/src/"
rm -rf "$T/src/kernel/target" "$T/src/target"
cd "$T/src"

# The README's first command: a busybox shell on the console, in which
# everyday commands work and poweroff ends QEMU with 0.
osdk_input 'echo "answer $((6 * 7)) from $(cat /etc/hostname)"
ls -l /
seq 1000 | sort -rn | head -3
poweroff' run
expect_rc 0 "osdk run at the root boots a shell that poweroff ends with 0"
expect_out "^Welcome to Keel on Linux 6\.1\.0-keel" "init's welcome line"
expect_out "^answer 42 from keel" "arithmetic, command substitution and cat"
expect_out "^d[rwx-]{9} .* root +root .* bin$" "ls -l / lists the root"
expect_out "^1000$" "a pipeline sorts"
expect_out "^998$" "and head cuts it"
expect_no_out "panic" "with no panic"

osdk test
expect_rc 0 "osdk test at the root passes"
expect_out "^test frame::" "the frame's ktests ran"
expect_out "^[1-9][0-9]* passed, 0 failed$" "the summary has no failures"

osdk test --qemu-args "-smp 2 -m 512M"
expect_rc 0 "the ktests pass with -smp 2 -m 512M"

# The README's examples for working on Keel work as written (those that
# need no terminal or second program).
sed -n '/^## Working on Keel/,/^## /p' "$OSDK_SRC/README.md" |
	sed -n '/^osdk /s/ *#.*//p' | grep -v -e 'gdb-server' -e '^osdk run$' \
	-e '^osdk test$' >readme-cmds
[ -s readme-cmds ] && ok "the README has examples for working on Keel" ||
	not_ok "the README has examples for working on Keel"
while read -r -a words; do
	osdk "${words[@]:1}"
	expect_rc 0 "README example: ${words[*]}"
	[ "${words[1]}" = test ] &&
		expect_out "^[1-9][0-9]* passed, 0 failed$" "and it runs tests"
done <readme-cmds

# A filter that matches nothing is an error naming the nearest tests.
osdk test fmt
expect_rc 1 "a test filter that matches nothing fails"
expect_out "no test matches 'fmt'" "and says so"
expect_out "^    format_" "with the closest test names"

CC=clang osdk build
expect_rc 0 "the kernel builds with clang"
finish
