/* SPDX-License-Identifier: MIT */
/* Taking pending signals outside delivery: what signalfd reads. */
#include "sig_internal.h"

sigset_t signal_pending_in(struct sig_thread *t, sigset_t these)
{
	struct sig_group *g = t->group;
	sigset_t set;
	uint64_t fl;

	if (!g)
		return 0;
	fl = frame_spin_lock_irqsave(&g->lock);
	set = (t->pending.set | g->shared.set) & these;
	frame_spin_unlock_irqrestore(&g->lock, fl);
	return set;
}

int signal_take(struct sig_thread *t, sigset_t these, struct ksiginfo *info)
{
	struct sig_group *g = t->group;
	uint64_t fl;
	int sig;

	if (!g)
		return 0;
	fl = frame_spin_lock_irqsave(&g->lock);
	sig = sig_take_locked(t, these, info);
	frame_spin_unlock_irqrestore(&g->lock, fl);
	return sig;
}

struct frame_waitq *signal_queue_wq(struct sig_thread *t)
{
	return t->group ? &t->group->queue_wq : NULL;
}

struct sig_group *signal_queue_pin(struct sig_thread *t)
{
	if (!t->group)
		return NULL;
	sig_group_get(t->group);
	return t->group;
}

void signal_queue_unpin(struct sig_group *g)
{
	sig_group_put(g);
}

bool signal_queue_pinned(struct sig_thread *t, struct sig_group *g)
{
	return t->group == g;
}
