/* SPDX-License-Identifier: MIT */
/* Sleeping mutexes: one owning task, waiters asleep on a wait queue. */
#include <frame/sync.h>

#include <frame/panic.h>

#include "task/task.h"

void frame_mutex_init(struct frame_mutex *m)
{
	m->lock_ = (struct frame_spinlock)FRAME_SPINLOCK_INIT;
	m->owner_ = NULL;
	frame_waitq_init(&m->waiters_);
}

bool frame_mutex_trylock(struct frame_mutex *m)
{
	struct task *self = sched_current();
	uint64_t flags = frame_spin_lock_irqsave(&m->lock_);
	bool taken = m->owner_ == NULL;

	BUG_ON(m->owner_ == self);
	if (taken)
		m->owner_ = self;
	frame_spin_unlock_irqrestore(&m->lock_, flags);
	return taken;
}

void frame_mutex_lock(struct frame_mutex *m)
{
	/* Checked before the fast path, so misuse shows without contention. */
	sched_might_sleep(__func__);
	FRAME_WAIT_EVENT_TIMEOUT(&m->waiters_, frame_mutex_trylock(m),
				 FRAME_WAIT_FOREVER);
}

void frame_mutex_unlock(struct frame_mutex *m)
{
	uint64_t flags = frame_spin_lock_irqsave(&m->lock_);

	if (m->owner_ != sched_current())
		frame_panic("mutex %p unlocked by task '%s', which does not "
			    "own it",
			    (void *)m, sched_current()->name);
	m->owner_ = NULL;
	frame_spin_unlock_irqrestore(&m->lock_, flags);
	frame_waitq_wake_one(&m->waiters_);
}

bool frame_mutex_held(const struct frame_mutex *m)
{
	return __atomic_load_n(&m->owner_, __ATOMIC_RELAXED) == sched_current();
}
