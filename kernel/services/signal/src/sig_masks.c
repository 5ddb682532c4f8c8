/* SPDX-License-Identifier: MIT */
/* A thread's signal sets as /proc shows them: pending, blocked, handled. */
#include "sig_internal.h"

void signal_masks(struct sig_thread *t, struct signal_masks *out)
{
	struct sig_group *g = t->group;
	struct sig_action act;
	uint64_t fl;

	out->pending = out->shared_pending = out->blocked = 0;
	out->ignored = out->caught = 0;
	if (g) {
		fl = frame_spin_lock_irqsave(&g->lock);
		out->pending = t->pending.set;
		out->shared_pending = g->shared.set;
		out->blocked = t->blocked;
		frame_spin_unlock_irqrestore(&g->lock, fl);
	}
	if (!t->hand)
		return;
	/* one action at a time: the table's lock is never held with g's */
	for (int sig = 1; sig <= SIG_NSIG; sig++) {
		sighand_get_action(t->hand, sig, &act);
		if (act.handler == SIG_IGN)
			sigset_add(&out->ignored, sig);
		else if (act.handler != SIG_DFL)
			sigset_add(&out->caught, sig);
	}
}
