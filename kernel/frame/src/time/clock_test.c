/* SPDX-License-Identifier: MIT */
/* ktests for the clocks: monotonic time, calibration, the wall clock, dates. */
#include "time/time.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/task.h>

#include "arch/x86_64/clock/rtc.h"

KTEST(clock_calibration_is_plausible)
{
	/* Wide bounds: emulators report what the host gives them. */
	KT_ASSERT_GE(time_tsc_hz(), 100000000ull);
	KT_ASSERT_LE(time_tsc_hz(), 100000000000ull);
	KT_ASSERT_GE(time_lapic_timer_hz(), 100000ull);
	/* A second's worth converts back to a second, give or take the
	 * truncation of the fixed-point rates. */
	KT_ASSERT_GE(time_tsc_to_ns(time_tsc_hz()), FRAME_NSEC_PER_SEC - 10);
	KT_ASSERT_LE(time_tsc_to_ns(time_tsc_hz()), FRAME_NSEC_PER_SEC);
	KT_ASSERT_GE(time_ns_to_lapic(FRAME_NSEC_PER_SEC) + 10,
		     time_lapic_timer_hz());
	KT_ASSERT_LE(time_ns_to_lapic(FRAME_NSEC_PER_SEC),
		     time_lapic_timer_hz());
}

KTEST(clock_monotonic_never_goes_backwards)
{
	uint64_t prev = frame_clock_monotonic_ns(), now;
	unsigned int backwards = 0;

	for (int i = 0; i < 20000; i++) {
		now = frame_clock_monotonic_ns();
		backwards += now < prev;
		prev = now;
	}
	KT_ASSERT_EQ(backwards, 0);
	KT_ASSERT_GT(prev, 0);
}

KTEST(clock_advances_across_a_busy_wait)
{
	uint64_t t0 = frame_clock_monotonic_ns(), t1;

	frame_delay_us(3000);
	t1 = frame_clock_monotonic_ns();
	KT_ASSERT_GE(t1 - t0, 3 * FRAME_NSEC_PER_MSEC);
	KT_ASSERT_LT(t1 - t0, 5 * FRAME_NSEC_PER_SEC);
}

#define TICK_NS (FRAME_NSEC_PER_SEC / FRAME_TICK_HZ)

/*
 * Wait for the next tick and read the count and the clock right after
 * it: *@k is the new count and *@t a clock reading less than a quarter
 * period after the handler's own (it counts the periods up to that). A
 * count read at a random moment lags by however late the tick's
 * interrupt is (a host that runs the timer late), and the ticks that
 * catch up would then count in the measured span. false when no such
 * close reading came in 50 tries.
 */
static bool tick_edge(uint64_t *k, uint64_t *t)
{
	uint64_t start = frame_clock_monotonic_ns();

	for (int tries = 0; tries < 50; tries++) {
		uint64_t k0 = frame_ticks(), before, now;

		do {
			/* The tick came after `before` if the count read
			 * after it is still the old one. */
			before = frame_clock_monotonic_ns();
			*k = frame_ticks();
			if (before - start > FRAME_NSEC_PER_SEC)
				return false;
		} while (*k == k0);
		now = frame_clock_monotonic_ns();
		if (now - before < TICK_NS / 4) {
			*t = now;
			return true;
		}
	}
	return false;
}

KTEST(clock_tick_keeps_pace_with_the_clock)
{
	struct task_cpuset saved, boot_cpu;
	uint64_t t0, k0, t1, k1, dt, dk;
	bool edges;

	/*
	 * On the boot CPU, whose timer counts the ticks: a tick due while
	 * this spins is taken at once. Measured from another CPU, the
	 * count would also depend on when the host runs the boot CPU.
	 */
	task_get_affinity(task_current(), &saved);
	task_cpuset_clear(&boot_cpu);
	task_cpuset_add(&boot_cpu, 0);
	KT_ASSERT_OK(task_set_affinity(task_current(), &boot_cpu));
	KT_ASSERT_EQ(task_current_cpu(), 0);
	edges = tick_edge(&k0, &t0);
	if (edges) {
		frame_delay_us(100000);
		edges = tick_edge(&k1, &t1);
	}
	KT_ASSERT_OK(task_set_affinity(task_current(), &saved));
	KT_ASSERT(edges);
	dk = k1 - k0;
	dt = t1 - t0;
	/* Late ticks count what they missed: within three of the clock. */
	KT_ASSERT_GE(dk + 3, dt / TICK_NS);
	KT_ASSERT_LE(dk, dt / TICK_NS + 3);
	/* And uptime in ticks matches uptime in nanoseconds. */
	KT_ASSERT_LE(frame_ticks() * TICK_NS, frame_clock_monotonic_ns());
}

KTEST(clock_wall_clock_is_plausible)
{
	uint64_t now = frame_clock_realtime_ns(), later, saved;
	unsigned int y, m, d;

	time_civil_from_days(now / FRAME_NSEC_PER_SEC / 86400, &y, &m, &d);
	KT_ASSERT_GE(y, 2024);
	KT_ASSERT_LT(y, 2200);
	frame_delay_us(2000);
	later = frame_clock_realtime_ns();
	KT_ASSERT_GE(later - now, 2 * FRAME_NSEC_PER_MSEC);

	saved = frame_clock_realtime_ns();
	KT_ASSERT_OK(frame_clock_realtime_set(1000 * FRAME_NSEC_PER_SEC));
	now = frame_clock_realtime_ns();
	KT_ASSERT_OK(frame_clock_realtime_set(saved));
	KT_ASSERT_GE(now, 1000 * FRAME_NSEC_PER_SEC);
	KT_ASSERT_LT(now, 1001 * FRAME_NSEC_PER_SEC);
	KT_ASSERT_GE(frame_clock_realtime_ns(), saved);
}

KTEST(clock_dates_convert_both_ways)
{
	unsigned int y, m, d;

	KT_ASSERT_EQ(time_days_from_civil(1970, 1, 1), 0);
	KT_ASSERT_EQ(time_days_from_civil(1972, 3, 1), 790);
	KT_ASSERT_EQ(time_days_from_civil(2000, 2, 29), 11016);
	KT_ASSERT_EQ(time_days_from_civil(2000, 3, 1), 11017);
	KT_ASSERT_EQ(time_days_from_civil(2024, 12, 31), 20088);
	KT_ASSERT_EQ(time_days_from_civil(2100, 3, 1), 47541);
	for (uint64_t days = 0; days < 200000; days += 13) {
		time_civil_from_days(days, &y, &m, &d);
		KT_ASSERT_EQ(time_days_from_civil(y, m, d), days);
	}
	time_civil_from_days(11016, &y, &m, &d);
	KT_ASSERT_EQ(y * 10000 + m * 100 + d, 20000229);
	time_civil_from_days(20088, &y, &m, &d);
	KT_ASSERT_EQ(y * 10000 + m * 100 + d, 20241231);
}

KTEST(clock_rtc_registers_decode)
{
	struct arch_rtc_regs r = {
		.second = 0x59,
		.minute = 0x07,
		.hour = 0x23,
		.day = 0x31,
		.month = 0x12,
		.year = 0x24,
		.century = 0x20,
		.status_b = 0x02, /* BCD, 24-hour */
		.has_century = true,
	};
	struct arch_rtc_time t;

	KT_ASSERT_OK(arch_rtc_decode(&r, &t));
	KT_ASSERT_EQ(t.year, 2024);
	KT_ASSERT_EQ(t.month, 12);
	KT_ASSERT_EQ(t.day, 31);
	KT_ASSERT_EQ(t.hour, 23);
	KT_ASSERT_EQ(t.minute, 7);
	KT_ASSERT_EQ(t.second, 59);

	/* Binary, 12-hour: 12 AM is 0 h, 12 PM is 12 h, 1 PM is 13 h. */
	r = (struct arch_rtc_regs){ .second = 1,
				    .minute = 2,
				    .hour = 12,
				    .day = 3,
				    .month = 4,
				    .year = 25,
				    .status_b = 0x04 };
	KT_ASSERT_OK(arch_rtc_decode(&r, &t));
	KT_ASSERT_EQ(t.hour, 0);
	KT_ASSERT_EQ(t.year, 2025);
	r.hour = 0x80 | 12;
	KT_ASSERT_OK(arch_rtc_decode(&r, &t));
	KT_ASSERT_EQ(t.hour, 12);
	r.hour = 0x80 | 1;
	KT_ASSERT_OK(arch_rtc_decode(&r, &t));
	KT_ASSERT_EQ(t.hour, 13);

	r.month = 13;
	KT_ASSERT_ERR(arch_rtc_decode(&r, &t), -EIO);
	r.month = 4;
	r.hour = 0;
	KT_ASSERT_ERR(arch_rtc_decode(&r, &t), -EIO);
}

KTEST(clock_rtc_reads_now)
{
	struct arch_rtc_time t;

	KT_ASSERT_OK(arch_rtc_read(&t));
	KT_ASSERT_GE(t.year, 2024);
}
