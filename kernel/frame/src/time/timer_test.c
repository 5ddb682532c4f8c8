/* SPDX-License-Identifier: MIT */
/* ktests for one-shot timers and the tick hooks. */
#include "time/time.h"

#include <frame/irq.h>
#include <frame/ktest.h>
#include <frame/smp.h>

#include <frame/boot.h>
#include <frame/errno.h>

#include "arch/x86_64/apic/lapic.h"
#include "arch/x86_64/cpu/cpu.h"
#include "irq/irq.h"

#define NTIMERS 4

static struct probe {
	struct frame_timer timer;
	uint64_t deadline, fired_at;
	uint64_t rt_fired_at, ticks_at_fire, hr_at_fire;
	bool by_set;
	unsigned int fires;
	unsigned int rearm; /* times to re-arm itself, 1 ms apart */
	bool irqs_on, in_bh;
} probes[NTIMERS];

static unsigned int fire_order[16], fire_count;

static void probe_fired(struct frame_timer *timer)
{
	struct probe *p = container_of(timer, struct probe, timer);

	p->fired_at = frame_clock_monotonic_ns();
	p->rt_fired_at = frame_clock_realtime_ns();
	p->ticks_at_fire = frame_ticks();
	p->hr_at_fire = time_timer_hr_interrupts();
	p->by_set = frame_timer_fired_by_set(timer);
	p->irqs_on = arch_irqs_enabled();
	p->in_bh = irq_in_bh() && !irq_in_hardirq();
	if (fire_count < ARRAY_SIZE(fire_order))
		fire_order[fire_count] = (unsigned int)(p - probes);
	fire_count++;
	__atomic_fetch_add(&p->fires, 1, __ATOMIC_RELAXED);
	if (p->rearm) {
		p->rearm--;
		p->deadline += FRAME_NSEC_PER_MSEC;
		frame_timer_arm(timer, p->deadline);
	}
}

static void probes_reset(void)
{
	for (int i = 0; i < NTIMERS; i++) {
		probes[i] = (struct probe){ 0 };
		frame_timer_init(&probes[i].timer, probe_fired);
	}
	fire_count = 0;
}

static void probe_arm(int i, uint64_t deadline)
{
	probes[i].deadline = deadline;
	frame_timer_arm(&probes[i].timer, deadline);
}

/* Halt until @n fires have happened in all, for at most a second. */
static bool wait_fires(unsigned int n)
{
	uint64_t start = frame_clock_monotonic_ns();

	while (__atomic_load_n(&fire_count, __ATOMIC_RELAXED) < n) {
		if (frame_clock_monotonic_ns() - start > FRAME_NSEC_PER_SEC)
			return false;
		arch_irq_enable_and_halt();
	}
	return true;
}

/* Disarm whatever a failed test may have left armed. */
static void probes_cancel(void)
{
	for (int i = 0; i < NTIMERS; i++)
		frame_timer_cancel(&probes[i].timer);
}

KTEST(timer_fires_in_deadline_order)
{
	uint64_t now = frame_clock_monotonic_ns(), ms = FRAME_NSEC_PER_MSEC;
	bool done;

	probes_reset();
	/* Timers run as bottom halves: held off until all four are armed, so
	 * a slow host cannot let an early one fire before a later-armed one
	 * with an earlier deadline exists. */
	frame_bh_disable();
	probe_arm(3, now + 8 * ms);
	probe_arm(1, now + 4 * ms);
	probe_arm(0, now + 2 * ms);
	probe_arm(2, now + 6 * ms);
	frame_bh_enable();
	KT_ASSERT(frame_timer_armed(&probes[3].timer) || probes[3].fires);
	done = wait_fires(4);
	probes_cancel();
	KT_ASSERT(done);

	for (unsigned int i = 0; i < NTIMERS; i++) {
		KT_ASSERT_EQ(fire_order[i], i);
		KT_ASSERT_EQ(probes[i].fires, 1);
		KT_ASSERT_GE(probes[i].fired_at, probes[i].deadline);
		KT_ASSERT(probes[i].irqs_on);
		KT_ASSERT(probes[i].in_bh);
		KT_ASSERT(!frame_timer_armed(&probes[i].timer));
	}
}

KTEST(timer_equal_deadlines_fire_in_arming_order)
{
	uint64_t at = frame_clock_monotonic_ns() + FRAME_NSEC_PER_MSEC;
	bool done;

	probes_reset();
	probe_arm(2, at);
	probe_arm(0, at);
	probe_arm(1, at);
	done = wait_fires(3);
	probes_cancel();
	KT_ASSERT(done);
	KT_ASSERT_EQ(fire_order[0], 2);
	KT_ASSERT_EQ(fire_order[1], 0);
	KT_ASSERT_EQ(fire_order[2], 1);
}

KTEST(timer_cancel_and_rearm)
{
	uint64_t now = frame_clock_monotonic_ns(), ms = FRAME_NSEC_PER_MSEC;
	bool cancelled, done;

	probes_reset();
	probe_arm(0, now + 2 * ms);
	cancelled = frame_timer_cancel(&probes[0].timer);
	/* Armed far away, then moved close: fires once, at the new time. */
	probe_arm(1, now + 3600 * FRAME_NSEC_PER_SEC);
	probe_arm(1, now + 3 * ms);
	done = wait_fires(1);
	frame_delay_us(5000);
	probes_cancel();

	KT_ASSERT(cancelled);
	KT_ASSERT(done);
	KT_ASSERT_EQ(probes[0].fires, 0);
	KT_ASSERT_EQ(probes[1].fires, 1);
	KT_ASSERT_EQ(fire_count, 1);
	KT_ASSERT(!frame_timer_cancel(&probes[0].timer));
	KT_ASSERT(!frame_timer_cancel(&probes[1].timer));
}

KTEST(timer_past_deadline_fires_at_once)
{
	bool done;

	probes_reset();
	probe_arm(0, 0);
	done = wait_fires(1);
	probes_cancel();
	KT_ASSERT(done);
	KT_ASSERT_EQ(probes[0].fires, 1);
}

KTEST(timer_rearmed_from_its_callback_is_periodic)
{
	bool done;

	probes_reset();
	probes[0].rearm = 4;
	probe_arm(0, frame_clock_monotonic_ns() + FRAME_NSEC_PER_MSEC);
	done = wait_fires(5);
	frame_delay_us(3000);
	probes_cancel();
	KT_ASSERT(done);
	KT_ASSERT_EQ(probes[0].fires, 5);
	KT_ASSERT_GE(probes[0].fired_at, probes[0].deadline);
}

KTEST(timer_arm_in_saturates)
{
	probes_reset();
	frame_timer_arm_in(&probes[0].timer, UINT64_MAX);
	KT_ASSERT_EQ(probes[0].timer.deadline_, UINT64_MAX);
	KT_ASSERT(frame_timer_cancel(&probes[0].timer));
}

static struct {
	struct time_tick_hook hook;
	unsigned int calls;
	uint64_t ticks;
	bool irqs_on, in_hardirq;
	unsigned int other_cpus;
} tick_probe;

/* The boot CPU's ticks are frame_ticks(); the other CPUs only count. */
static void tick_probe_fn(struct time_tick_hook *hook, uint64_t ticks)
{
	(void)hook;
	if (smp_this_cpu() != 0) {
		__atomic_fetch_add(&tick_probe.other_cpus, 1, __ATOMIC_RELAXED);
		return;
	}
	tick_probe.ticks += ticks;
	tick_probe.irqs_on |= arch_irqs_enabled();
	tick_probe.in_hardirq = irq_in_hardirq();
	__atomic_fetch_add(&tick_probe.calls, 1, __ATOMIC_RELAXED);
}

KTEST(timer_periodic_tick_runs_its_hooks)
{
	uint64_t t0 = frame_ticks(), start = frame_clock_monotonic_ns();

	tick_probe = (__typeof__(tick_probe)){ 0 };
	tick_probe.hook.fn = tick_probe_fn;
	time_tick_hook_add(&tick_probe.hook);
	while (__atomic_load_n(&tick_probe.calls, __ATOMIC_RELAXED) < 3 &&
	       frame_clock_monotonic_ns() - start < FRAME_NSEC_PER_SEC)
		arch_irq_enable_and_halt();
	time_tick_hook_remove(&tick_probe.hook);

	KT_ASSERT_GE(tick_probe.calls, 3);
	KT_ASSERT_GE(tick_probe.ticks, tick_probe.calls);
	KT_ASSERT_GE(frame_ticks() - t0, 3);
	KT_ASSERT(!tick_probe.irqs_on);
	KT_ASSERT(tick_probe.in_hardirq);
	/* Every CPU ticks, for its own preemption. */
	if (smp_cpu_count() > 1)
		KT_ASSERT_GT(tick_probe.other_cpus, 0);
	else
		KT_ASSERT_EQ(tick_probe.other_cpus, 0);
}

/* Halt until @p has fired, for at most a second. */
static bool wait_probe(struct probe *p)
{
	uint64_t start = frame_clock_monotonic_ns();

	while (!__atomic_load_n(&p->fires, __ATOMIC_RELAXED)) {
		if (frame_clock_monotonic_ns() - start > FRAME_NSEC_PER_SEC)
			return false;
		arch_irq_enable_and_halt();
	}
	return true;
}

/*
 * A 100 us timer armed right after a tick fires from an interrupt of its
 * own, before the next tick (4 ms away): the tick count has not moved and
 * the boot CPU counted a non-tick timer interrupt. A host that stalls the
 * guest past a tick can spoil one attempt, not ten in a row; a timer that
 * waited for ticks would fail every one. Each attempt checks that the
 * timer did not fire before its deadline.
 */
KTEST(timer_high_resolution_fires_between_ticks)
{
	unsigned int between = 0;

	for (int attempt = 0; attempt < 10 && !between; attempt++) {
		uint64_t k = frame_ticks(), hr0, k0, deadline;
		bool done;

		probes_reset();
		while (frame_ticks() == k)
			arch_irq_enable_and_halt();
		hr0 = time_timer_hr_interrupts();
		k0 = frame_ticks();
		deadline =
			frame_clock_monotonic_ns() + 100 * FRAME_NSEC_PER_USEC;
		probe_arm(0, deadline);
		done = wait_probe(&probes[0]);
		probes_cancel();
		KT_ASSERT(done);
		KT_ASSERT_GE(probes[0].fired_at, deadline);
		KT_ASSERT(probes[0].in_bh);
		if (probes[0].ticks_at_fire == k0) {
			KT_ASSERT_GT(probes[0].hr_at_fire, hr0);
			between++;
		}
	}
	KT_ASSERT_EQ(between, 1);
}

/* The wall clock as it would read had no test set it. */
static uint64_t rt_base, mono_base;

static void wall_clock_save(void)
{
	mono_base = frame_clock_monotonic_ns();
	rt_base = frame_clock_realtime_ns();
}

static void wall_clock_restore(void)
{
	frame_clock_realtime_set(rt_base +
				 (frame_clock_monotonic_ns() - mono_base));
}

KTEST(timer_realtime_fires_at_its_wall_clock_deadline)
{
	uint64_t at = frame_clock_realtime_ns() + 2 * FRAME_NSEC_PER_MSEC;
	bool done;

	probes_reset();
	KT_ASSERT_OK(frame_timer_arm_realtime(&probes[0].timer, at, 0));
	/* A vCPU the host stops for 2 ms may find it fired already. */
	KT_ASSERT(frame_timer_armed(&probes[0].timer) ||
		  __atomic_load_n(&probes[0].fires, __ATOMIC_RELAXED));
	KT_ASSERT_ERR(frame_timer_arm_realtime(&probes[1].timer, at, 1u << 7),
		      -EINVAL);
	KT_ASSERT(!frame_timer_armed(&probes[1].timer));
	done = wait_probe(&probes[0]);
	probes_cancel();
	KT_ASSERT(done);
	KT_ASSERT_GE(probes[0].rt_fired_at, at);
	KT_ASSERT(!probes[0].by_set);
	KT_ASSERT(probes[0].in_bh);
}

/*
 * Setting the clock moves realtime deadlines: forward past one fires it,
 * cancel-on-set timers fire and say why, later ones and monotonic timers
 * stay armed; back, a due timer waits until the clock gets there again.
 */
KTEST(timer_realtime_follows_clock_setting)
{
	uint64_t s = FRAME_NSEC_PER_SEC, now, mono_far;
	bool done_a, done_b, early_d, done_d;

	probes_reset();
	wall_clock_save();
	now = frame_clock_realtime_ns();
	mono_far = frame_clock_monotonic_ns() + 10 * s;
	KT_ASSERT_OK(
		frame_timer_arm_realtime(&probes[0].timer, now + 10 * s, 0));
	KT_ASSERT_OK(frame_timer_arm_realtime(&probes[1].timer, now + 3600 * s,
					      FRAME_TIMER_CANCEL_ON_SET));
	KT_ASSERT_OK(
		frame_timer_arm_realtime(&probes[2].timer, now + 20 * s, 0));
	probe_arm(3, mono_far);
	frame_delay_us(2000);
	KT_ASSERT_EQ(fire_count, 0);

	/* Forward by 15 s: the 10 s one is due, the 20 s one is not. */
	frame_clock_realtime_set(now + 15 * s);
	done_a = wait_probe(&probes[0]);
	done_b = wait_probe(&probes[1]);
	frame_delay_us(2000);
	KT_ASSERT(done_a);
	KT_ASSERT(done_b);
	KT_ASSERT(!probes[0].by_set);
	KT_ASSERT_GE(probes[0].rt_fired_at, now + 10 * s);
	KT_ASSERT(probes[1].by_set);
	KT_ASSERT(frame_timer_fired_by_set(&probes[1].timer));
	KT_ASSERT(frame_timer_armed(&probes[2].timer));
	KT_ASSERT(frame_timer_armed(&probes[3].timer));
	KT_ASSERT_EQ(fire_count, 2);
	frame_timer_cancel(&probes[2].timer);
	frame_timer_cancel(&probes[3].timer);

	/* A timer 2 ms out, then the clock set back a second: it waits. */
	probes_reset();
	now = frame_clock_realtime_ns();
	KT_ASSERT_OK(frame_timer_arm_realtime(
		&probes[0].timer, now + 2 * FRAME_NSEC_PER_MSEC, 0));
	frame_clock_realtime_set(now - s);
	frame_delay_us(20000);
	early_d = probes[0].fires != 0;
	/* Forward again: due at once. */
	frame_clock_realtime_set(now + 3 * FRAME_NSEC_PER_MSEC);
	done_d = wait_probe(&probes[0]);
	probes_cancel();
	wall_clock_restore();
	KT_ASSERT(!early_d);
	KT_ASSERT(done_d);
	KT_ASSERT_GE(probes[0].rt_fired_at, now + 2 * FRAME_NSEC_PER_MSEC);
	/* Re-arming clears the set flag. */
	KT_ASSERT_OK(
		frame_timer_arm_realtime(&probes[1].timer, now + 3600 * s, 0));
	KT_ASSERT(!frame_timer_fired_by_set(&probes[1].timer));
	frame_timer_cancel(&probes[1].timer);
}

/* An arming from another CPU that becomes the earliest reaches the boot
 * CPU's timer (through its IPI) and fires in time. */
static void arm_remote(struct smp_call *call)
{
	(void)call;
	probe_arm(0, frame_clock_monotonic_ns() + 200 * FRAME_NSEC_PER_USEC);
}

KTEST(timer_armed_on_another_cpu_fires)
{
	struct smp_call call;
	bool done;

	if (smp_cpu_count() < 2)
		return;
	probes_reset();
	smp_call_init(&call, arm_remote);
	KT_ASSERT_OK(smp_call_on(1, &call, true));
	done = wait_probe(&probes[0]);
	probes_cancel();
	KT_ASSERT(done);
	KT_ASSERT_GE(probes[0].fired_at, probes[0].deadline);
}

KTEST(timer_tsc_deadline_mode_follows_cpuid)
{
	bool has = arch_cpuid(1, 0).ecx & (1u << 24);

	if (frame_cmdline_has("notscdeadline"))
		KT_ASSERT(!arch_lapic_tsc_deadline());
	else
		KT_ASSERT_EQ(arch_lapic_tsc_deadline(), has);
	/* ns -> TSC cycles rounds up and undoes TSC -> ns. */
	KT_ASSERT_GE(time_ns_to_tsc(FRAME_NSEC_PER_SEC) + 1, time_tsc_hz());
	KT_ASSERT_LE(time_ns_to_tsc(FRAME_NSEC_PER_SEC), time_tsc_hz() + 1);
	KT_ASSERT_GE(time_tsc_to_ns(time_ns_to_tsc(12345)), 12345 - 1);
	KT_ASSERT_EQ(time_ns_to_tsc(0), 0);
	KT_ASSERT_EQ(time_ns_to_tsc(UINT64_MAX), UINT64_MAX);
}
