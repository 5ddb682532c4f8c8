/* SPDX-License-Identifier: MIT */
/* The vDSO: Linux's clock_gettime, gettimeofday, time and getcpu in ring 3. */

/*
 * This file is not part of the kernel: osdk builds it into a shared object
 * (build.user-images.vdso in the frame's osdk.yaml) that the frame embeds
 * and services map into processes. It runs in user mode, in every process,
 * with the process's stack and nothing else: no libc, no writable data, no
 * relocations. What it cannot serve from the data page it asks the kernel
 * for with the real syscall, exactly as the caller would have.
 */
#include "vdso/vdso_data.h"

#include <stddef.h>

/* Linux's clock ids and syscall numbers (x86-64). */
#define CLOCK_REALTIME	       0
#define CLOCK_MONOTONIC	       1
#define CLOCK_MONOTONIC_RAW    4
#define CLOCK_REALTIME_COARSE  5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME	       7
#define NR_gettimeofday	       96
#define NR_time		       201
#define NR_clock_gettime       228
#define NR_clock_getres	       229
#define NR_getcpu	       309
#define NSEC_PER_SEC	       1000000000ull
#define NSEC_PER_USEC	       1000ull

/* What the image exports (vdso.map names them); everything else is hidden. */
#define VDSO_EXPORT __attribute__((visibility("default")))

struct vdso_timespec {
	long tv_sec;
	long tv_nsec;
};

struct vdso_timeval {
	long tv_sec;
	long tv_usec;
};

struct vdso_timezone;

/* The data page, one page below the image (vdso.lds): hidden, so that it
 * is reached RIP-relative and needs no relocation. */
extern const struct vdso_data vdso_data_page
	__attribute__((visibility("hidden")));

__extension__ typedef unsigned __int128 u128;

static long vdso_syscall1(long nr, long a)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "0"(nr), "D"(a)
			 : "rcx", "r11", "memory");
	return ret;
}

static long vdso_syscall3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "0"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

/* The TSC, not read before the loads that precede it have finished. */
static uint64_t vdso_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence\n\trdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

static uint32_t vdso_load32(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static uint64_t vdso_load64(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/*
 * Read one clock from the data page. Returns 0 and *ns, or -1 when the
 * vDSO does not serve @clock (or cannot read clocks at all).
 */
static int vdso_read_clock(long clock, uint64_t *ns)
{
	const struct vdso_data *d = &vdso_data_page;
	uint64_t base, offset, cycles, mult;
	uint32_t seq;

	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC &&
	    clock != CLOCK_MONOTONIC_RAW && clock != CLOCK_BOOTTIME &&
	    clock != CLOCK_REALTIME_COARSE && clock != CLOCK_MONOTONIC_COARSE)
		return -1;
	do {
		while ((seq = __atomic_load_n(&d->seq, __ATOMIC_ACQUIRE)) & 1)
			__builtin_ia32_pause();
		if (vdso_load32(&d->clock_mode) != VDSO_CLOCK_TSC)
			return -1;
		offset = 0;
		if (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE)
			offset = vdso_load64(&d->realtime_offset);
		else if (clock == CLOCK_BOOTTIME)
			offset = vdso_load64(&d->boottime_offset);
		if (clock == CLOCK_REALTIME_COARSE ||
		    clock == CLOCK_MONOTONIC_COARSE) {
			base = vdso_load64(&d->coarse_ns);
		} else {
			mult = vdso_load64(&d->tsc_mult);
			cycles = vdso_rdtsc() - vdso_load64(&d->tsc_base);
			base = (uint64_t)(((u128)cycles * mult) >> 32);
		}
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while (vdso_load32(&d->seq) != seq);
	*ns = base + offset;
	return 0;
}

VDSO_EXPORT int __vdso_clock_gettime(long clock, struct vdso_timespec *ts)
{
	uint64_t ns;

	if (vdso_read_clock(clock, &ns))
		return (int)vdso_syscall3(NR_clock_gettime, clock, (long)ts, 0);
	ts->tv_sec = (long)(ns / NSEC_PER_SEC);
	ts->tv_nsec = (long)(ns % NSEC_PER_SEC);
	return 0;
}

/*
 * The resolution is the kernel's to say (it differs between the fine and
 * the coarse clocks and with the tick): asking it keeps the two answers
 * one, and nobody calls clock_getres in a loop.
 */
VDSO_EXPORT int __vdso_clock_getres(long clock, struct vdso_timespec *res)
{
	return (int)vdso_syscall3(NR_clock_getres, clock, (long)res, 0);
}

VDSO_EXPORT int __vdso_gettimeofday(struct vdso_timeval *tv,
				    struct vdso_timezone *tz)
{
	uint64_t ns;

	/* The time zone is the kernel's business (settimeofday sets it). */
	if (tz || vdso_read_clock(CLOCK_REALTIME, &ns))
		return (int)vdso_syscall3(NR_gettimeofday, (long)tv, (long)tz,
					  0);
	if (tv) {
		tv->tv_sec = (long)(ns / NSEC_PER_SEC);
		tv->tv_usec = (long)(ns % NSEC_PER_SEC / NSEC_PER_USEC);
	}
	return 0;
}

VDSO_EXPORT long __vdso_time(long *t)
{
	uint64_t ns;
	long secs;

	if (vdso_read_clock(CLOCK_REALTIME, &ns))
		return vdso_syscall1(NR_time, (long)t);
	secs = (long)(ns / NSEC_PER_SEC);
	if (t)
		*t = secs;
	return secs;
}

VDSO_EXPORT int __vdso_getcpu(unsigned int *cpu, unsigned int *node,
			      void *unused)
{
	uint32_t mode = vdso_load32(&vdso_data_page.cpu_mode);
	uint64_t aux;

	if (mode == VDSO_CPU_RDPID) {
		__asm__ volatile("rdpid %0" : "=r"(aux));
	} else if (mode == VDSO_CPU_RDTSCP) {
		uint32_t lo, hi, c;

		__asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(c));
		aux = c;
	} else {
		return (int)vdso_syscall3(NR_getcpu, (long)cpu, (long)node,
					  (long)unused);
	}
	if (cpu)
		*cpu = (unsigned int)(aux & VDSO_TSC_AUX_CPU_MASK);
	if (node)
		*node = (unsigned int)(aux >> VDSO_TSC_AUX_NODE_SHIFT);
	return 0;
}

/* The names without the prefix, as Linux's vDSO also exports them. */
VDSO_EXPORT int clock_gettime(long clock, struct vdso_timespec *ts)
	__attribute__((weak, alias("__vdso_clock_gettime")));
VDSO_EXPORT int clock_getres(long clock, struct vdso_timespec *res)
	__attribute__((weak, alias("__vdso_clock_getres")));
VDSO_EXPORT int gettimeofday(struct vdso_timeval *tv, struct vdso_timezone *tz)
	__attribute__((weak, alias("__vdso_gettimeofday")));
VDSO_EXPORT long time(long *t) __attribute__((weak, alias("__vdso_time")));
VDSO_EXPORT int getcpu(unsigned int *cpu, unsigned int *node, void *unused)
	__attribute__((weak, alias("__vdso_getcpu")));
