/* SPDX-License-Identifier: MIT */
/* The monotonic clock: the TSC, calibrated against the PIT at boot. */
#include "time/time.h"

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/log.h>
#include <frame/panic.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/apic/lapic.h"
#include "arch/x86_64/clock/pit.h"

/*
 * Calibration: a few windows of the PIT's channel 2, each
 * CAL_WINDOW_TICKS long (10 ms), timed with the TSC and the APIC timer;
 * the median of each rate is taken, so that one window stretched by an
 * SMI, or by the host descheduling an emulator, does not skew it.
 */
#define CAL_WINDOW_TICKS (ARCH_PIT_HZ / 100)
#define CAL_ROUNDS	 3
/* Polls of the PIT's output before deciding it does not count: a poll is
 * an I/O port read, about a microsecond, so this is seconds. */
#define CAL_POLL_LIMIT 20000000u

/* Sanity bounds for what calibration may find. */
#define TSC_HZ_MIN   (100ull * 1000 * 1000)
#define TSC_HZ_MAX   (100ull * 1000 * 1000 * 1000)
#define LAPIC_HZ_MIN (100ull * 1000)
#define LAPIC_HZ_MAX (4ull * 1000 * 1000 * 1000)

/*
 * Conversions multiply by a 32.32 fixed-point rate in 128 bits and shift;
 * a 128-bit division would need libgcc, which a kernel does not link.
 */
__extension__ typedef unsigned __int128 u128;

static uint64_t tsc_hz, lapic_hz;
static uint64_t tsc_base;
/* Nanoseconds per TSC cycle, APIC timer counts and TSC cycles per
 * nanosecond, all 32.32. */
static uint64_t tsc_ns_mult, lapic_ns_mult, ns_tsc_mult;
static bool clock_ready;

uint64_t time_tsc_hz(void)
{
	return tsc_hz;
}

uint64_t time_lapic_timer_hz(void)
{
	return lapic_hz;
}

uint64_t time_tsc_to_ns(uint64_t cycles)
{
	return (uint64_t)(((u128)cycles * tsc_ns_mult) >> 32);
}

void time_tsc_params(uint64_t *base, uint64_t *mult)
{
	*base = tsc_base;
	*mult = tsc_ns_mult;
}

uint64_t time_ns_to_lapic(uint64_t ns)
{
	return (uint64_t)(((u128)ns * lapic_ns_mult) >> 32);
}

uint64_t time_ns_to_tsc(uint64_t ns)
{
	u128 c = ((u128)ns * ns_tsc_mult + 0xffffffffu) >> 32;

	return c > UINT64_MAX ? UINT64_MAX : (uint64_t)c;
}

/* One window: the TSC cycles and APIC timer counts it took, per second. */
static int calibrate_window(uint64_t *tsc_rate, uint64_t *lapic_rate)
{
	uint64_t t0, t1;
	uint32_t l0, l1;
	unsigned int polls = 0;

	arch_lapic_timer_free_run();
	arch_pit_window_start(CAL_WINDOW_TICKS);
	t0 = arch_rdtsc();
	l0 = arch_lapic_timer_current();
	while (!arch_pit_window_done()) {
		if (++polls == CAL_POLL_LIMIT) {
			arch_lapic_timer_stop();
			return -ETIMEDOUT;
		}
	}
	t1 = arch_rdtsc();
	l1 = arch_lapic_timer_current();
	arch_lapic_timer_stop();
	*tsc_rate = (t1 - t0) * ARCH_PIT_HZ / CAL_WINDOW_TICKS;
	*lapic_rate = (uint64_t)(l0 - l1) * ARCH_PIT_HZ / CAL_WINDOW_TICKS;
	return 0;
}

static uint64_t median3(const uint64_t v[CAL_ROUNDS])
{
	uint64_t a = v[0], b = v[1], c = v[2];

	BUILD_BUG_ON(CAL_ROUNDS != 3);
	if (a > b) {
		uint64_t t = a;

		a = b;
		b = t;
	}
	/* Now a <= b: the median is b clamped to [a, c's side]. */
	if (c < a)
		return a;
	return c < b ? c : b;
}

void time_clock_init(void)
{
	uint64_t tsc[CAL_ROUNDS], lapic[CAL_ROUNDS];
	int ret;

	for (int i = 0; i < CAL_ROUNDS; i++) {
		ret = calibrate_window(&tsc[i], &lapic[i]);
		if (ret)
			frame_panic("time: the PIT does not count (%s); "
				    "cannot calibrate the clocks",
				    frame_errno_name(ret));
	}
	tsc_hz = median3(tsc);
	lapic_hz = median3(lapic);
	if (tsc_hz < TSC_HZ_MIN || tsc_hz > TSC_HZ_MAX)
		frame_panic("time: implausible TSC frequency %llu Hz",
			    (unsigned long long)tsc_hz);
	if (lapic_hz < LAPIC_HZ_MIN || lapic_hz > LAPIC_HZ_MAX)
		frame_panic("time: implausible APIC timer frequency %llu Hz",
			    (unsigned long long)lapic_hz);
	/* Both fit: 1e9 << 32 and LAPIC_HZ_MAX << 32 are below 2^64. */
	tsc_ns_mult = (FRAME_NSEC_PER_SEC << 32) / tsc_hz;
	lapic_ns_mult = (lapic_hz << 32) / FRAME_NSEC_PER_SEC;
	/* tsc_hz << 32 may not fit: whole cycles per ns, then the rest. */
	ns_tsc_mult =
		(tsc_hz / FRAME_NSEC_PER_SEC) << 32 |
		((tsc_hz % FRAME_NSEC_PER_SEC) << 32) / FRAME_NSEC_PER_SEC;
	tsc_base = arch_rdtsc();
	__atomic_store_n(&clock_ready, true, __ATOMIC_RELEASE);
}

uint64_t frame_clock_monotonic_ns(void)
{
	if (!__atomic_load_n(&clock_ready, __ATOMIC_ACQUIRE))
		return 0;
	return time_tsc_to_ns(arch_rdtsc() - tsc_base);
}

void frame_delay_us(uint64_t us)
{
	uint64_t start = frame_clock_monotonic_ns();
	uint64_t ns = us > UINT64_MAX / FRAME_NSEC_PER_USEC
			      ? UINT64_MAX
			      : us * FRAME_NSEC_PER_USEC;

	BUG_ON(!clock_ready);
	while (frame_clock_monotonic_ns() - start < ns)
		arch_cpu_relax();
}
