/* SPDX-License-Identifier: MIT */
/* Bottom halves: work deferred out of hard handlers, run with interrupts on. */
#include <frame/irq.h>

#include <frame/compiler.h>
#include <frame/panic.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/apic/lapic.h"
#include "arch/x86_64/trap/vectors.h"
#include "irq/irq.h"
#include "smp/smp_internal.h"
#include "sync/live.h"

/*
 * How many work items one interrupt exit runs before it returns to the
 * interrupted code. Work that keeps deferring itself would otherwise hold
 * the CPU forever; what is left runs at the next exit, which a self-IPI
 * makes immediate, so the interrupted code advances between batches.
 */
#define BH_BUDGET 64

static bool bh_kick_ready;

/* Make the CPU take an interrupt soon, whose exit runs the queue. */
static void bh_kick(void)
{
	if (__atomic_load_n(&bh_kick_ready, __ATOMIC_ACQUIRE))
		arch_lapic_send_self_ipi(ARCH_VECTOR_BH_KICK);
}

static bool bh_queue_empty(struct irq_cpu *cpu)
{
	uint64_t flags = frame_spin_lock_irqsave(&cpu->bh_lock);
	bool empty = !cpu->bh_head;

	frame_spin_unlock_irqrestore(&cpu->bh_lock, flags);
	return empty;
}

void frame_work_init(struct frame_work *work,
		     void (*fn)(struct frame_work *work))
{
	BUG_ON(!fn);
	work->next_ = NULL;
	work->fn_ = fn;
	work->pending_ = false;
	live_init(&work->live_);
}

bool frame_defer(struct frame_work *work)
{
	struct irq_cpu *cpu;
	uint64_t flags;

	BUG_ON(!work->fn_);
	/* Interrupts off first: a task may move to another CPU otherwise. */
	flags = arch_irq_save();
	cpu = irq_this_cpu();
	frame_spin_lock(&cpu->bh_lock);
	if (work->pending_) {
		frame_spin_unlock_irqrestore(&cpu->bh_lock, flags);
		return false;
	}
	work->pending_ = true;
	work->next_ = NULL;
	live_track(&work->live_, LIVE_WORK, work, sizeof(*work),
		   __builtin_return_address(0));
	if (cpu->bh_tail)
		cpu->bh_tail->next_ = work;
	else
		cpu->bh_head = work;
	cpu->bh_tail = work;
	frame_spin_unlock(&cpu->bh_lock);
	/* From a handler or a bottom half, the exit path runs it anyway. */
	if (!cpu->hardirq_depth && !cpu->in_bh)
		bh_kick();
	arch_irq_restore(flags);
	return true;
}

/* Take @work off @cpu's queue; whether it was there. */
static bool cancel_on(struct irq_cpu *cpu, struct frame_work *work)
{
	struct frame_work *prev = NULL, *w;
	bool was_pending = false;
	uint64_t flags;

	flags = frame_spin_lock_irqsave(&cpu->bh_lock);
	for (w = cpu->bh_head; w; prev = w, w = w->next_) {
		if (w != work)
			continue;
		if (prev)
			prev->next_ = w->next_;
		else
			cpu->bh_head = w->next_;
		if (cpu->bh_tail == w)
			cpu->bh_tail = prev;
		w->next_ = NULL;
		w->pending_ = false;
		live_untrack(&w->live_);
		was_pending = true;
		break;
	}
	frame_spin_unlock_irqrestore(&cpu->bh_lock, flags);
	return was_pending;
}

/* The work may be queued on whichever CPU deferred it: look on each. */
bool frame_work_cancel(struct frame_work *work)
{
	/* Before the SMP code has registered the boot CPU, it is alone. */
	if (!smp_percpu_of(0))
		return cancel_on(irq_this_cpu(), work);
	for (int i = 0; i < smp_cpu_count(); i++) {
		struct arch_percpu *pc = smp_percpu_of(i);

		if (pc && cancel_on(&pc->irq, work))
			return true;
	}
	return false;
}

bool frame_work_pending(const struct frame_work *work)
{
	return __atomic_load_n(&work->pending_, __ATOMIC_RELAXED);
}

/*
 * With bottom halves disabled the task is not preempted (task/sched.c),
 * so it stays on this CPU until the matching enable; the increment itself
 * happens with interrupts off so that it lands on the CPU it runs on.
 */
void frame_bh_disable(void)
{
	uint64_t flags = arch_irq_save();

	irq_this_cpu()->bh_disable++;
	arch_irq_restore(flags);
}

void frame_bh_enable(void)
{
	struct irq_cpu *cpu = irq_this_cpu();
	unsigned int left;

	if (!__atomic_load_n(&cpu->bh_disable, __ATOMIC_RELAXED))
		frame_panic("frame_bh_enable() without frame_bh_disable()");
	left = __atomic_sub_fetch(&cpu->bh_disable, 1, __ATOMIC_RELAXED);
	if (!left && !cpu->hardirq_depth && !cpu->in_bh && !bh_queue_empty(cpu))
		bh_kick();
}

/* The next pending item, taken off the queue; NULL when it is empty. */
static struct frame_work *bh_pop(struct irq_cpu *cpu)
{
	struct frame_work *w;

	frame_spin_lock(&cpu->bh_lock);
	w = cpu->bh_head;
	if (w) {
		cpu->bh_head = w->next_;
		if (!cpu->bh_head)
			cpu->bh_tail = NULL;
		w->next_ = NULL;
		w->pending_ = false;
		live_untrack(&w->live_);
	}
	frame_spin_unlock(&cpu->bh_lock);
	return w;
}

void irq_bh_run(struct irq_cpu *cpu)
{
	struct frame_work *w;

	if (cpu->hardirq_depth || cpu->in_bh ||
	    __atomic_load_n(&cpu->bh_disable, __ATOMIC_RELAXED))
		return;
	cpu->in_bh = true;
	for (int n = 0; n < BH_BUDGET && (w = bh_pop(cpu)); n++) {
		void (*fn)(struct frame_work *) = w->fn_;

		/* The work may be deferred again, or freed, from here on. */
		arch_irq_enable();
		fn(w);
		if (!arch_irqs_enabled())
			frame_panic("bottom half %p returned with interrupts "
				    "off",
				    (void *)fn);
		arch_irq_disable();
		irq_stats_count_bh();
	}
	cpu->in_bh = false;
	if (!bh_queue_empty(cpu))
		bh_kick();
}

/* The kick's interrupt does nothing itself: its exit runs the queue. */
static void bh_kick_interrupt(struct arch_trap_frame *frame)
{
	(void)frame;
}

void irq_bh_init(void)
{
	BUG_ON(irq_set_system_handler(ARCH_VECTOR_BH_KICK, bh_kick_interrupt));
	__atomic_store_n(&bh_kick_ready, true, __ATOMIC_RELEASE);
	/* Work deferred during boot, before the kick existed. */
	if (!bh_queue_empty(irq_this_cpu()))
		bh_kick();
}
