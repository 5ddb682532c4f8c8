/* SPDX-License-Identifier: MIT */
/* The vDSO's data page: the layout the frame writes and user code reads. */
#ifndef VDSO_VDSO_DATA_H
#define VDSO_VDSO_DATA_H

/*
 * Included by the frame and by the vDSO image (vdso/vdso.c), which is
 * built with other flags and without the frame's headers: only the
 * compiler's own <stdint.h> here.
 */
#include <stdint.h>

/* The data page lies right below the image in every mapping. */
#define VDSO_DATA_SIZE 4096u

/* How the vDSO reads the clocks. */
enum vdso_clock_mode {
	VDSO_CLOCK_SYSCALL = 0, /* it cannot: every clock is the syscall */
	VDSO_CLOCK_TSC = 1,	/* the TSC, with tsc_base and tsc_mult */
};

/* How __vdso_getcpu learns the CPU number (from IA32_TSC_AUX). */
enum vdso_cpu_mode {
	VDSO_CPU_SYSCALL = 0, /* neither instruction: the getcpu syscall */
	VDSO_CPU_RDTSCP = 1,
	VDSO_CPU_RDPID = 2,
};

/* IA32_TSC_AUX as the frame sets it on each CPU: Linux's encoding. */
#define VDSO_TSC_AUX_CPU_MASK	0xfffu
#define VDSO_TSC_AUX_NODE_SHIFT 12

/*
 * Everything below seq is written only with seq odd, between two
 * increments (a sequence counter): a reader takes an even seq, reads, and
 * retries when seq changed meanwhile. Times are in nanoseconds, modulo
 * 2^64, as the frame's own clocks:
 *
 *   monotonic = ((TSC - tsc_base) * tsc_mult) >> 32  (128-bit product)
 *   realtime  = monotonic + realtime_offset
 *   boottime  = monotonic + boottime_offset
 *   the coarse clocks: coarse_ns in place of monotonic, which the frame
 *   advances on the boot CPU's tick
 *
 * cpu_mode is set once at boot, before any process can map the page.
 */
struct vdso_data {
	uint32_t seq;
	uint32_t clock_mode; /* enum vdso_clock_mode */
	uint64_t tsc_base;
	uint64_t tsc_mult; /* nanoseconds per cycle, 32.32 fixed point */
	uint64_t realtime_offset;
	uint64_t boottime_offset;
	uint64_t coarse_ns;
	uint32_t cpu_mode; /* enum vdso_cpu_mode */
	uint32_t reserved;
};

_Static_assert(sizeof(struct vdso_data) <= VDSO_DATA_SIZE,
	       "the vDSO data fits its page");

#endif /* VDSO_VDSO_DATA_H */
