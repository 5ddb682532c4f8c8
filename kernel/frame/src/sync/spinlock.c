/* SPDX-License-Identifier: MIT */
/* Spinlocks that keep their holder from being preempted on its CPU. */
#include "sync/spinlock.h"

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/cpu/irq_flags.h"
#include "arch/x86_64/cpu/percpu.h"
#include "smp/smp_internal.h"

void frame_spin_lock(struct frame_spinlock *l)
{
	arch_preempt_inc();
	while (__atomic_exchange_n(&l->locked_, true, __ATOMIC_ACQUIRE)) {
		/*
		 * Spin on a plain load, so waiters do not bounce the line;
		 * serve TLB shootdowns meanwhile, since the holder may be
		 * waiting for this CPU's flush (smp/tlb.c).
		 */
		while (__atomic_load_n(&l->locked_, __ATOMIC_RELAXED)) {
			if (arch_tlb_pending())
				smp_tlb_poll();
			arch_cpu_relax();
		}
	}
}

bool frame_spin_trylock(struct frame_spinlock *l)
{
	arch_preempt_inc();
	if (!__atomic_exchange_n(&l->locked_, true, __ATOMIC_ACQUIRE))
		return true;
	arch_preempt_dec();
	return false;
}

void frame_spin_unlock(struct frame_spinlock *l)
{
	__atomic_store_n(&l->locked_, false, __ATOMIC_RELEASE);
	arch_preempt_dec();
}

uint64_t frame_spin_lock_irqsave(struct frame_spinlock *l)
{
	uint64_t flags = arch_irq_save();

	frame_spin_lock(l);
	return flags;
}

void frame_spin_unlock_irqrestore(struct frame_spinlock *l, uint64_t flags)
{
	frame_spin_unlock(l);
	arch_irq_restore(flags);
}

bool frame_spin_any_held(void)
{
	return arch_preempt_count() != 0;
}
