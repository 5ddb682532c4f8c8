/* SPDX-License-Identifier: MIT */
/* Sleeping mutexes: one owning task, waiters asleep on a wait queue. */
#include <frame/sync.h>

#include <frame/panic.h>

#include "task/task.h"

void frame_mutex_init(struct frame_mutex *m)
{
	m->lock = (struct frame_spinlock)FRAME_SPINLOCK_INIT;
	m->owner = NULL;
	frame_waitq_init(&m->waiters);
}

bool frame_mutex_trylock(struct frame_mutex *m)
{
	struct task *self = task_current();
	uint64_t flags = frame_spin_lock_irqsave(&m->lock);
	bool taken = m->owner == NULL;

	BUG_ON(m->owner == self);
	if (taken)
		m->owner = self;
	frame_spin_unlock_irqrestore(&m->lock, flags);
	return taken;
}

void frame_mutex_lock(struct frame_mutex *m)
{
	/* Checked before the fast path, so misuse shows without contention. */
	sched_might_sleep(__func__);
	FRAME_WAIT_EVENT_TIMEOUT(&m->waiters, frame_mutex_trylock(m),
				 FRAME_WAIT_FOREVER);
}

void frame_mutex_unlock(struct frame_mutex *m)
{
	uint64_t flags = frame_spin_lock_irqsave(&m->lock);

	if (m->owner != task_current())
		frame_panic("mutex %p unlocked by task '%s', which does not "
			    "own it",
			    (void *)m, task_name(task_current()));
	m->owner = NULL;
	frame_spin_unlock_irqrestore(&m->lock, flags);
	frame_waitq_wake_one(&m->waiters);
}

bool frame_mutex_held(const struct frame_mutex *m)
{
	return __atomic_load_n(&m->owner, __ATOMIC_RELAXED) == task_current();
}
