/* SPDX-License-Identifier: MIT */
/* CPU time: what each tick interrupted, summed per task and per CPU. */
#include "task/task.h"

#include <frame/errno.h>
#include <frame/smp.h>
#include <frame/time.h>

#include "irq/irq.h"

/*
 * Sampled, as Linux does without precise accounting: each tick charges
 * its periods to what it interrupted, bottom-half work (interrupt time),
 * the idle task, user code of a task (irq_dispatch() notes whether the
 * interrupt came from user mode) or kernel code of a task. The counters
 * are in ticks, converted when read.
 */
#define TICK_NS (FRAME_NSEC_PER_SEC / FRAME_TICK_HZ)

#define TICKS_ADD(p, n) __atomic_fetch_add((p), (n), __ATOMIC_RELAXED)

void sched_account_tick(struct sched_cpu *sc, uint64_t ticks)
{
	const struct irq_cpu *ic = irq_this_cpu();
	struct task *curr = sc->curr;

	if (ic->in_bh) {
		TICKS_ADD(&sc->irq_ticks, ticks);
	} else if (curr->idle) {
		TICKS_ADD(&sc->idle_ticks, ticks);
	} else if (ic->from_user) {
		TICKS_ADD(&sc->user_ticks, ticks);
		TICKS_ADD(&curr->user_ticks, ticks);
	} else {
		TICKS_ADD(&sc->system_ticks, ticks);
		TICKS_ADD(&curr->system_ticks, ticks);
	}
}

void task_times(const struct task *handle, struct task_times *out)
{
	const struct task *t = task_of(handle, __func__);

	out->user_ns =
		__atomic_load_n(&t->user_ticks, __ATOMIC_RELAXED) * TICK_NS;
	out->system_ns =
		__atomic_load_n(&t->system_ticks, __ATOMIC_RELAXED) * TICK_NS;
}

int smp_cpu_times(int cpu, struct smp_cpu_times *out)
{
	struct sched_cpu *sc;

	if (cpu < 0 || cpu >= sched_cpu_count())
		return -EINVAL;
	sc = sched_cpu_of(cpu);
	out->user_ns =
		__atomic_load_n(&sc->user_ticks, __ATOMIC_RELAXED) * TICK_NS;
	out->system_ns =
		__atomic_load_n(&sc->system_ticks, __ATOMIC_RELAXED) * TICK_NS;
	out->idle_ns =
		__atomic_load_n(&sc->idle_ticks, __ATOMIC_RELAXED) * TICK_NS;
	out->irq_ns =
		__atomic_load_n(&sc->irq_ticks, __ATOMIC_RELAXED) * TICK_NS;
	return 0;
}
