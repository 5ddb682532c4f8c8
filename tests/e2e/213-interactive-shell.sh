#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Keel's busybox shell driven like a user at a terminal: `osdk run` on a
# pseudo-terminal (tests/tools/ptydrive.c), typing what
# fixtures/interactive-shell.script says and waiting for what it expects:
# /proc, ps, top, vi, find, tar and gzip, a pipeline, Ctrl-C on a
# foreground job and on one brought back with fg, then poweroff.
. "$(dirname "$0")/lib.sh"
# Work on a copy so the source tree's target/ is left alone.
mkdir -p "$T/src"
cp -r "$OSDK_SRC/osdk.yaml" "$OSDK_SRC/kernel" "$T/src/"
rm -rf "$T/src/kernel/target" "$T/src/target"

out=$(cc -std=c17 -O2 -Wall -Wextra -Werror -o "$T/ptydrive" \
	"$OSDK_SRC/tests/tools/ptydrive.c" -lutil 2>&1)
rc=$?
expect_rc 0 "the pty driver builds"

cd "$T/src"
osdk build
expect_rc 0 "Keel and its busybox root build"

# Built already: the time limit is the drive's. ptydrive gives each
# expect its own generous limit; this one only stops a runaway.
out=$(timeout 1800 "$T/ptydrive" "$OSDK_SRC/tests/e2e/fixtures/interactive-shell.script" \
	"$OSDK" run 2>&1 </dev/null)
rc=$?
out=${out//$'\r'/}
expect_rc 0 "the script ran to poweroff, which ended osdk run with 0"

# drove PATTERN DESCRIPTION: the driver saw PATTERN (as the script says it)
drove() {
	if grep -qF -- "ptydrive: matched '$1'" <<<"$out"; then ok "$2"; else
		not_ok "$2 (never saw '$1')"
	fi
}
drove 'exe -> /bin/busybox' "ls -l /proc/self/ shows the exe link"
drove 'MemTotal: +[0-9]+ kB' "cat /proc/meminfo"
drove 'PID +USER' "ps lists processes"
drove 'Load average' "top -n 1 draws its screen"
drove 'I /tmp/vi\.txt' "vi enters insert mode"
drove 'got: hello from vi' "what vi wrote with :wq is in the file"
drove '^/tmp/libkeel\.so' "find / -name '*.so' finds a file"
drove 'find-rc-0-26' "and exits with 0"
drove '^payload-42' "a tar piped through gzip and back gives the file again"
drove '^ +3 pear' "sort | uniq -c counts"
drove 'rc-130-32' "Ctrl-C ends a foreground sleep with status 130"
drove '\[1\]\+ +Running +sleep 100' "jobs lists a background sleep"
drove 'fg-rc-130-34' "Ctrl-C ends it after fg, with status 130"
expect_no_out "panic" "with no panic"
finish
