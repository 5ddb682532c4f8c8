#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk run --gdb-server and osdk debug: break in the kernel, backtrace, exit.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --kernel dbg
cd dbg
osdk build
expect_rc 0 "build the kernel to debug"

sock="$T/gdb.sock"
timeout 300 "$OSDK" run --gdb-server "addr=$sock,wait-client" \
	</dev/null >"$T/run.log" 2>&1 &
qpid=$!
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.2; done
[ -S "$sock" ] && ok "QEMU's gdb stub listens on $sock" ||
	not_ok "QEMU's gdb stub listens on $sock"

# gdb detaches at the end: the kernel runs on to its exit, and gdb does not
# see the connection drop as an error.
osdk debug --remote "$sock" -- -batch -ex 'break dbg_main' -ex continue \
	-ex bt -ex detach
expect_rc 0 "gdb ran in batch mode"
expect_out "Breakpoint 1, .*dbg_main" "the breakpoint at the kernel's main hit"
expect_out "#1 .*frame_" "the backtrace reaches into the frame"

wait "$qpid"
qrc=$?
[ "$qrc" = 0 ] && ok "the kernel ran on to a clean exit" ||
	not_ok "the kernel ran on to a clean exit (exit $qrc)"
grep -q "Hello from the dbg kernel" "$T/run.log" && ok "and printed its hello line" ||
	not_ok "and printed its hello line"
finish
