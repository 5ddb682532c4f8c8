#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# osdk profile: a kernel that spins in a known function for seconds is
# sampled through QEMU's gdb stub; that function is on top of most stacks,
# and the folded stacks, the JSON profile and the SVG flame graph say so.
# --remote samples a kernel started by osdk run --gdb-server and leaves it
# running to its end.
. "$(dirname "$0")/lib.sh"
cd "$T"

osdk new --kernel spin
cd spin
printf '  accel: tcg\n' >>osdk.yaml
cat >src/spin.c <<'C'
/* SPDX-License-Identifier: MIT */
/* spin.c - somewhere to spend time, for the profiler to find. */
#include <frame/time.h>

#include "spin.h"

/* The clock is read once every 64K steps: the time goes here. */
__attribute__((noinline)) unsigned long spin_here(unsigned long ms)
{
	unsigned long end = frame_clock_monotonic_ns() + ms * 1000000ul;
	unsigned long n = 1;

	while (frame_clock_monotonic_ns() < end)
		for (unsigned i = 0; i < 65536; i++)
			n = n * 6364136223846793005ul + i;
	return n;
}
C
cat >src/spin.h <<'C'
/* SPDX-License-Identifier: MIT */
/* spin.h - a busy loop of a given length. */
unsigned long spin_here(unsigned long ms);
C
sed -i 's|#include "greeting.h"|#include "greeting.h"\n#include "spin.h"|; s|\tlog_info("%s", line);|\tlog_info("%s", line);\n\tlog_info("spun to %lu", spin_here(SPIN_MS));|' src/main.c
sed -i 's|^static int spin_main|#define SPIN_MS 6000ul\nstatic int spin_main|' src/main.c
grep -q 'spin_here(SPIN_MS)' src/main.c && ok "the kernel spins in spin_here" || not_ok "the kernel spins in spin_here"

osdk profile --samples 40 --interval 50 -o prof
expect_rc 0 "osdk profile runs"
expect_out "Sampled 40 stacks in 40 rounds" "and takes the samples asked for"
top=$(printf '%s\n' "$out" | grep -A1 'self *total *function' | tail -1)
case "$top" in
*spin_here) ok "spin_here is the hottest function ($top)" ;;
*) not_ok "spin_here is the hottest function ($top)" ;;
esac
share=$(printf '%s' "$top" | awk '{ sub("%", "", $1); print int($1) }')
[ "${share:-0}" -ge 50 ] && ok "on top of most stacks ($share%)" || not_ok "on top of most stacks ($share%)"
expect_out "Hello from the spin kernel" "the kernel's console goes on as it runs"

# The three forms.
[ "$(awk '{ n += $NF } END { print n }' prof/profile.folded)" = 40 ] &&
	ok "the folded stacks count every sample" || not_ok "the folded stacks count every sample"
grep -Eq '^.*frame_boot_main;.*spin_main;spin_here [0-9]+$' prof/profile.folded &&
	ok "a folded stack runs from the frame through main to spin_here" ||
	not_ok "a folded stack runs from the frame through main to spin_here ($(head -3 prof/profile.folded))"
[ "$(jq -r '.functions[0].name' prof/profile.json)" = spin_here ] &&
	[ "$(jq -r '.samples' prof/profile.json)" = 40 ] &&
	ok "the JSON profile names it first, with the sample count" ||
	not_ok "the JSON profile names it first ($(jq -c '.functions[0]' prof/profile.json))"
xmllint --noout prof/profile.svg 2>/dev/null && ok "the flame graph is well-formed SVG" ||
	not_ok "the flame graph is well-formed SVG"
grep -q '<title>spin_here ([0-9]* samples\?, [0-9.]*%)</title>' prof/profile.svg &&
	ok "the flame graph has a spin_here frame" || not_ok "the flame graph has a spin_here frame"
grep -q 'function zoom' prof/profile.svg && grep -q 'function search' prof/profile.svg &&
	ok "with zoom and search built in" || not_ok "with zoom and search built in"

# --remote: a kernel started with a gdb stub; osdk profile detaches and
# the kernel runs on to its clean end.
sock="$T/gdb.sock"
timeout 300 "$OSDK" run --gdb-server "addr=$sock" </dev/null >"$T/run.log" 2>&1 &
qpid=$!
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.2; done
osdk profile --remote "$sock" --samples 10 --interval 20 -o rprof
expect_rc 0 "osdk profile --remote samples a running kernel"
expect_out "Sampled 10 stacks" "ten rounds of it"
wait "$qpid"
qrc=$?
[ "$qrc" = 0 ] && ok "the kernel ran on to its clean end" || not_ok "the kernel ran on to its clean end (exit $qrc)"

for bad in "--samples 0" "--samples x" "--interval -5" "--duration 0" "--cpu-mask 0" "--remote host:99999"; do
	# shellcheck disable=SC2086
	osdk profile $bad
	expect_rc 2 "osdk profile $bad is a usage error"
done
osdk profile --cpu-mask 0x4 --samples 2
expect_rc 1 "a mask of vCPUs the machine lacks is an error"
expect_out "selects none of the 1 vCPUs" "saying so"
finish
