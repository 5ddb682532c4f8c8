#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk run --gdb-server and osdk debug: break in the kernel, backtrace, exit.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --kernel dbg
cd dbg
# The kernel lingers a second after main's work, so that gdb's detach is
# answered before QEMU exits (else gdb reports the pipe broken).
sed -i 's|^#include <frame/log.h>|#include <frame/log.h>\n#include <frame/time.h>|; s|^\treturn 0;|\tframe_delay_us(1000000);\n\treturn 0;|' src/main.c
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
# From a subdirectory: gdb still finds the kernel's sources and the frame's
# (the build names them relative to the root, and the frame's NAME-VERSION).
cd src
osdk debug --remote "$sock" -- -batch -ex 'break dbg_main' -ex continue \
	-ex bt -ex 'list frame_boot_main' -ex detach
cd ..
expect_rc 0 "gdb ran in batch mode"
expect_out "Breakpoint 1, .*dbg_main" "the breakpoint at the kernel's main hit"
expect_out "#1 .*frame_" "the backtrace reaches into the frame"
expect_out "^[0-9]+[[:space:]]+dbg_log|^[0-9]+[[:space:]].*(log_info|return|frame_)" \
	"the kernel's source line shows at the breakpoint"
expect_out "^[0-9]+[[:space:]].*frame_boot_main" "and the frame's source is listed"
expect_no_out "No such file or directory" "no source is missing"

wait "$qpid"
qrc=$?
[ "$qrc" = 0 ] && ok "the kernel ran on to a clean exit" ||
	not_ok "the kernel ran on to a clean exit (exit $qrc)"
grep -q "Hello from the dbg kernel" "$T/run.log" && ok "and printed its hello line" ||
	not_ok "and printed its hello line"
grep -q "Waiting.*for gdb on $sock (the CPU starts stopped)" "$T/run.log" &&
	ok "with wait-client, osdk says it waits for gdb" ||
	not_ok "with wait-client, osdk says it waits for gdb"

# gdb's kill ends QEMU with no exit code: osdk says so, not "triple fault".
rm -f "$sock"
timeout 300 "$OSDK" run --gdb-server "addr=$sock,wait-client" \
	</dev/null >"$T/kill.log" 2>&1 &
qpid=$!
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.2; done
osdk debug --remote "$sock" -- -batch -ex kill
wait "$qpid"
qrc=$?
[ "$qrc" = 1 ] && ok "a run that gdb killed fails" ||
	not_ok "a run that gdb killed fails (exit $qrc)"
grep -q "while gdb was attached: gdb's 'kill' ends it" "$T/kill.log" &&
	ok "and osdk names gdb's kill as a cause" ||
	not_ok "and osdk names gdb's kill as a cause"

# The library's debug message names the command that was run.
(cd "$T" && "$OSDK" new --library dlib >/dev/null 2>&1)
(cd "$T/dlib" && "$OSDK" debug) >"$T/lib.log" 2>&1
grep -q "no kernel package here; 'osdk debug' needs" "$T/lib.log" &&
	ok "osdk debug in a library names osdk debug" ||
	not_ok "osdk debug in a library names osdk debug"

# A bare --gdb-server takes the default address; without wait-client the
# kernel runs at once and osdk does not claim to wait.
osdk run --gdb-server
expect_rc 0 "a bare --gdb-server runs with the default address"
expect_out "Listening for gdb on localhost:1234" "and names it"
expect_no_out "Waiting" "without claiming to wait for gdb"
for bad in addr=:99999 addr=:0 addr=host: addr=:12x; do
	osdk run --gdb-server "$bad"
	expect_rc 2 "--gdb-server $bad is a usage error"
	expect_out "bad --gdb-server address" "naming the address"
done
finish
