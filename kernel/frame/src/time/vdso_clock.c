/* SPDX-License-Identifier: MIT */
/* Publishing the clocks in the vDSO's data page, under its sequence counter. */
#include "time/time.h"

#include <frame/smp.h>
#include <frame/sync.h>

#include "vdso/vdso.h"

/* Writers: the boot CPU's tick and whoever sets the wall clock. */
static struct frame_spinlock publish_lock = FRAME_SPINLOCK_INIT;
static struct time_tick_hook coarse_hook;
static bool published;

/*
 * Rewrite the data page. Readers (vdso/vdso.c) retry while seq is odd or
 * has changed, so every field is stored between two increments; the
 * release orderings keep the stores inside them. Interrupts stay off so
 * that a tick on this CPU cannot find the lock taken.
 */
static void publish(bool tick)
{
	struct vdso_data *d = vdso_data();
	uint64_t base, mult, flags;

	if (!d)
		return;
	time_tsc_params(&base, &mult);
	flags = frame_spin_lock_irqsave(&publish_lock);
	__atomic_store_n(&d->seq, d->seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&d->tsc_base, base, __ATOMIC_RELAXED);
	__atomic_store_n(&d->tsc_mult, mult, __ATOMIC_RELAXED);
	__atomic_store_n(&d->realtime_offset, time_realtime_offset(),
			 __ATOMIC_RELAXED);
	/* No suspend yet: the boot-time clock is the monotonic one. */
	__atomic_store_n(&d->boottime_offset, 0, __ATOMIC_RELAXED);
	if (tick || !published)
		__atomic_store_n(&d->coarse_ns, frame_clock_monotonic_ns(),
				 __ATOMIC_RELAXED);
	__atomic_store_n(&d->clock_mode, VDSO_CLOCK_TSC, __ATOMIC_RELAXED);
	__atomic_store_n(&d->seq, d->seq + 1, __ATOMIC_RELEASE);
	frame_spin_unlock_irqrestore(&publish_lock, flags);
}

/* The coarse clocks advance with one CPU's tick: the boot CPU's. */
static void coarse_tick(struct time_tick_hook *hook, uint64_t ticks)
{
	(void)hook;
	(void)ticks;
	if (smp_this_cpu() == 0)
		publish(true);
}

void time_vdso_init(void)
{
	publish(true);
	__atomic_store_n(&published, true, __ATOMIC_RELEASE);
	coarse_hook.fn = coarse_tick;
	time_tick_hook_add(&coarse_hook);
}

void time_vdso_update(void)
{
	if (__atomic_load_n(&published, __ATOMIC_ACQUIRE))
		publish(false);
}
