/* SPDX-License-Identifier: MIT */
/* ktests for bottom halves: deferral, coalescing, cancel, disable, order. */
#include <frame/irq.h>

#include <frame/ktest.h>
#include <frame/time.h>

#include "arch/x86_64/cpu/cpu.h"
#include "irq/irq.h"

#define WORKS 3

static struct bh_probe {
	struct frame_work work;
	unsigned int runs;
	unsigned int again; /* times to re-defer itself */
	bool irqs_on, in_bh;
} probes[WORKS];

static unsigned int run_order[8], run_count;

static void probe_fn(struct frame_work *work)
{
	struct bh_probe *p = container_of(work, struct bh_probe, work);

	p->irqs_on = arch_irqs_enabled();
	p->in_bh = irq_in_bh() && !irq_in_hardirq();
	if (run_count < ARRAY_SIZE(run_order))
		run_order[run_count] = (unsigned int)(p - probes);
	run_count++;
	__atomic_fetch_add(&p->runs, 1, __ATOMIC_RELAXED);
	if (p->again) {
		p->again--;
		frame_defer(work);
	}
}

static void probes_reset(void)
{
	for (int i = 0; i < WORKS; i++) {
		probes[i] = (struct bh_probe){ 0 };
		frame_work_init(&probes[i].work, probe_fn);
	}
	run_count = 0;
}

/* Halt until probe @i has run @want times, for at most a second. */
static bool wait_runs(int i, unsigned int want)
{
	uint64_t start = frame_clock_monotonic_ns();

	while (__atomic_load_n(&probes[i].runs, __ATOMIC_RELAXED) < want) {
		if (frame_clock_monotonic_ns() - start > FRAME_NSEC_PER_SEC)
			return false;
		arch_irq_enable_and_halt();
	}
	return true;
}

KTEST(bh_deferred_from_task_context_runs_soon)
{
	probes_reset();
	KT_ASSERT(frame_defer(&probes[0].work));
	KT_ASSERT(wait_runs(0, 1));
	KT_ASSERT(probes[0].irqs_on);
	KT_ASSERT(probes[0].in_bh);
	KT_ASSERT(!frame_work_pending(&probes[0].work));
	KT_ASSERT(!frame_in_interrupt());
}

KTEST(bh_pending_work_runs_once_in_fifo_order)
{
	frame_irq_state_t s;
	bool first, second, third, again, pending;

	probes_reset();
	s = frame_irq_save();
	first = frame_defer(&probes[2].work);
	second = frame_defer(&probes[0].work);
	third = frame_defer(&probes[1].work);
	again = frame_defer(&probes[2].work);
	pending = frame_work_pending(&probes[2].work);
	frame_irq_restore(s);
	KT_ASSERT(wait_runs(1, 1));
	frame_delay_us(2000);

	KT_ASSERT(first && second && third && pending);
	KT_ASSERT(!again);
	KT_ASSERT_EQ(run_count, 3);
	KT_ASSERT_EQ(run_order[0], 2);
	KT_ASSERT_EQ(run_order[1], 0);
	KT_ASSERT_EQ(run_order[2], 1);
	KT_ASSERT_EQ(probes[2].runs, 1);
}

KTEST(bh_cancel_before_it_runs)
{
	frame_irq_state_t s;
	bool cancelled, pending_after;

	probes_reset();
	s = frame_irq_save();
	frame_defer(&probes[0].work);
	frame_defer(&probes[1].work);
	cancelled = frame_work_cancel(&probes[0].work);
	pending_after = frame_work_pending(&probes[0].work);
	frame_irq_restore(s);
	KT_ASSERT(wait_runs(1, 1));
	frame_delay_us(2000);

	KT_ASSERT(cancelled);
	KT_ASSERT(!pending_after);
	KT_ASSERT_EQ(probes[0].runs, 0);
	KT_ASSERT(!frame_work_cancel(&probes[0].work));
	KT_ASSERT(!frame_work_cancel(&probes[1].work));
}

KTEST(bh_disable_holds_work_until_enable)
{
	unsigned int while_disabled;

	probes_reset();
	frame_bh_disable();
	frame_bh_disable();
	frame_defer(&probes[0].work);
	frame_delay_us(10000); /* ticks come and go meanwhile */
	frame_bh_enable();
	frame_delay_us(2000);
	while_disabled = probes[0].runs;
	frame_bh_enable();
	KT_ASSERT(wait_runs(0, 1));

	KT_ASSERT_EQ(while_disabled, 0);
	KT_ASSERT_EQ(probes[0].runs, 1);
}

KTEST(bh_work_may_defer_itself_again)
{
	probes_reset();
	probes[0].again = 4;
	frame_defer(&probes[0].work);
	KT_ASSERT(wait_runs(0, 5));
	frame_delay_us(2000);
	KT_ASSERT_EQ(probes[0].runs, 5);
	KT_ASSERT(!frame_work_pending(&probes[0].work));
}
