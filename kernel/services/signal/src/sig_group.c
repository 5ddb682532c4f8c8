/* SPDX-License-Identifier: MIT */
/* Thread groups and threads: creation, membership, exec and exit. */
#include "sig_internal.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>

struct sig_group *sig_group_create(void)
{
	struct sig_group *g = frame_zalloc(sizeof(*g));

	if (!g)
		return NULL;
	g->refs = 1;
	sig_pending_init(&g->shared);
	frame_waitq_init(&g->stop_wq);
	frame_waitq_init(&g->queue_wq);
	return g;
}

void sig_group_get(struct sig_group *g)
{
	uint64_t fl = frame_spin_lock_irqsave(&g->lock);

	g->refs++;
	frame_spin_unlock_irqrestore(&g->lock, fl);
}

void sig_group_put(struct sig_group *g)
{
	uint64_t fl;
	bool last;

	if (!g)
		return;
	fl = frame_spin_lock_irqsave(&g->lock);
	last = --g->refs == 0;
	if (last)
		sig_pending_discard(&g->shared, ~0ull, &g->queued);
	frame_spin_unlock_irqrestore(&g->lock, fl);
	if (!last)
		return;
	sighand_put(g->hand);
	frame_free(g);
}

bool sig_group_stopped(struct sig_group *g)
{
	uint64_t fl = frame_spin_lock_irqsave(&g->lock);
	bool stopped = g->stopped;

	frame_spin_unlock_irqrestore(&g->lock, fl);
	return stopped;
}

void sig_thread_init(struct sig_thread *t, struct task *task, struct uctx *uctx,
		     struct sig_group *g, struct sighand *h)
{
	uint64_t fl;

	t->task = task;
	t->prev = t->next = NULL;
	t->blocked = t->saved_mask = t->real_blocked = 0;
	t->restore_mask = t->exiting = t->in_sigreturn = false;
	t->ss_sp = t->ss_size = 0;
	sig_restart_clear(t);
	t->uctx = uctx;
	t->group = g;
	t->hand = h;
	t->ss_flags = SS_DISABLE;
	sig_pending_init(&t->pending);
	sig_group_get(g);
	sighand_get(h);
	fl = frame_spin_lock_irqsave(&g->lock);
	if (!g->hand) {
		sighand_get(h);
		g->hand = h;
	}
	t->next = g->threads;
	if (g->threads)
		g->threads->prev = t;
	g->threads = t;
	frame_spin_unlock_irqrestore(&g->lock, fl);
}

void sig_thread_inherit(struct sig_thread *child,
			const struct sig_thread *parent, bool clear_altstack)
{
	child->blocked = parent->blocked;
	if (clear_altstack)
		return;
	child->ss_sp = parent->ss_sp;
	child->ss_size = parent->ss_size;
	child->ss_flags = parent->ss_flags;
}

void sig_thread_exit(struct sig_thread *t)
{
	struct sig_group *g = t->group;
	uint64_t fl;

	if (!g)
		return;
	fl = frame_spin_lock_irqsave(&g->lock);
	t->exiting = true;
	sig_pending_discard(&t->pending, ~0ull, &g->queued);
	if (t->prev)
		t->prev->next = t->next;
	else if (g->threads == t)
		g->threads = t->next;
	if (t->next)
		t->next->prev = t->prev;
	if (g->last_target == t)
		g->last_target = NULL;
	t->prev = t->next = NULL;
	/* A group signal this thread would have taken goes to another. */
	for (struct sig_thread *o = g->threads; o; o = o->next)
		if (g->shared.set & ~o->blocked)
			task_interrupt(o->task);
	frame_spin_unlock_irqrestore(&g->lock, fl);
	sighand_put(t->hand);
	t->hand = NULL;
	t->group = NULL;
	sig_group_put(g);
}

void sig_thread_exec(struct sig_thread *t)
{
	t->ss_sp = 0;
	t->ss_size = 0;
	t->ss_flags = SS_DISABLE;
	sig_restart_clear(t);
}

void sig_thread_replace_hand(struct sig_thread *t, struct sighand *h)
{
	struct sig_group *g = t->group;
	struct sighand *old = t->hand, *gold = NULL;
	uint64_t fl;

	sighand_get(h);
	t->hand = h;
	if (g) {
		sighand_get(h);
		fl = frame_spin_lock_irqsave(&g->lock);
		gold = g->hand;
		g->hand = h;
		frame_spin_unlock_irqrestore(&g->lock, fl);
	}
	sighand_put(gold);
	sighand_put(old);
}
