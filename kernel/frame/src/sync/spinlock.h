/* SPDX-License-Identifier: MIT */
/* A test-and-set spinlock, and its interrupt-disabling variant. */
#ifndef SYNC_SPINLOCK_H
#define SYNC_SPINLOCK_H

#include <frame/types.h>

#include "arch/x86_64/cpu.h"

/*
 * The frame's smallest lock, for short critical sections such as writing
 * one console line. Not fair and not recursive: taking it twice on one CPU
 * deadlocks, which is why code that may run in an interrupt handler takes
 * it through frame_spin_lock_irqsave().
 */
struct frame_spinlock {
	bool locked;
};

#define FRAME_SPINLOCK_INIT                                                    \
	{                                                                      \
		.locked = false                                                \
	}

static inline void frame_spin_lock(struct frame_spinlock *l)
{
	while (__atomic_exchange_n(&l->locked, true, __ATOMIC_ACQUIRE)) {
		/* Spin on a plain load, so waiters do not bounce the line. */
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			arch_cpu_relax();
	}
}

static inline void frame_spin_unlock(struct frame_spinlock *l)
{
	__atomic_store_n(&l->locked, false, __ATOMIC_RELEASE);
}

/* Disable interrupts, then lock; returns what frame_spin_unlock_irqrestore()
 * needs to put the interrupt flag back. */
static inline uint64_t frame_spin_lock_irqsave(struct frame_spinlock *l)
{
	uint64_t flags = arch_irq_save();

	frame_spin_lock(l);
	return flags;
}

static inline void frame_spin_unlock_irqrestore(struct frame_spinlock *l,
						uint64_t flags)
{
	frame_spin_unlock(l);
	arch_irq_restore(flags);
}

#endif /* SYNC_SPINLOCK_H */
