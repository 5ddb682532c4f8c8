/* SPDX-License-Identifier: MIT */
/* Sending: pending sets, job-control side effects, picking a thread. */
#include "sig_internal.h"

#include <frame/errno.h>

bool sig_thread_wants(const struct sig_thread *t, int sig)
{
	if (t->exiting)
		return false;
	return sig == SIGKILL || !sigset_has(t->blocked, sig);
}

/*
 * The side effects of a signal at send time, with the group's lock held:
 * a stop signal discards pending SIGCONT, SIGCONT discards pending stop
 * signals and resumes a stopped group, SIGKILL ends a stop.
 */
static void sig_prepare_locked(struct sig_group *g, int sig)
{
	sigset_t drop = 0;

	if (sig_is_stop(sig))
		drop = sigset_bit(SIGCONT);
	else if (sig == SIGCONT)
		drop = SIG_STOP_MASK;
	if (sig == SIGCONT)
		g->cont_seq++;
	if (drop) {
		sig_pending_discard(&g->shared, drop, &g->queued);
		for (struct sig_thread *t = g->threads; t; t = t->next)
			sig_pending_discard(&t->pending, drop, &g->queued);
	}
	if (sig == SIGCONT && g->stopped) {
		g->stopped = false;
		g->notify_continue = true;
		frame_waitq_wake_all(&g->stop_wq);
		for (struct sig_thread *t = g->threads; t; t = t->next)
			task_interrupt(t->task);
	}
	if (sig == SIGKILL) {
		g->killed = true;
		frame_waitq_wake_all(&g->stop_wq);
		for (struct sig_thread *t = g->threads; t; t = t->next)
			task_interrupt(t->task);
	}
}

/* Whether a signal to @t (NULL: to the group) is dropped: ignored and
 * not blocked (for the group: by no thread), as Linux's sig_ignored().
 * A set rt_sigtimedwait waits for counts as blocked. */
static bool sig_dropped_locked(struct sig_group *g, struct sig_thread *t,
			       int sig)
{
	if (t && sigset_has(t->blocked | t->real_blocked, sig))
		return false;
	if (!t)
		for (struct sig_thread *o = g->threads; o; o = o->next)
			if (sigset_has(o->blocked | o->real_blocked, sig))
				return false;
	return g->hand && sighand_ignores(g->hand, sig);
}

/* Wake one thread of @g that takes @sig, round robin from the last. */
static void sig_pick_locked(struct sig_group *g, int sig)
{
	struct sig_thread *start = g->last_target, *t;

	if (!start || start->exiting)
		start = g->threads;
	t = start;
	while (t) {
		if (sig_thread_wants(t, sig)) {
			g->last_target = t;
			task_interrupt(t->task);
			return;
		}
		t = t->next ? t->next : g->threads;
		if (t == start)
			break;
	}
}

int signal_send_thread(struct sig_thread *t, const struct ksiginfo *info)
{
	struct sig_group *g = t->group;
	int sig = info->signo, err = 0;
	uint64_t fl;

	if (!sig_valid(sig))
		return -EINVAL;
	if (!g)
		return 0;
	fl = frame_spin_lock_irqsave(&g->lock);
	sig_prepare_locked(g, sig);
	if (t->exiting || sig_dropped_locked(g, t, sig))
		goto out_unlock;
	err = sig_pending_add(&t->pending, info, &g->queued);
	if (!err)
		frame_waitq_wake_all(&g->queue_wq);
	if (!err && sig_thread_wants(t, sig))
		task_interrupt(t->task);
out_unlock:
	frame_spin_unlock_irqrestore(&g->lock, fl);
	return err;
}

int signal_send_group(struct sig_group *g, const struct ksiginfo *info)
{
	int sig = info->signo, err = 0;
	uint64_t fl;

	if (!sig_valid(sig))
		return -EINVAL;
	fl = frame_spin_lock_irqsave(&g->lock);
	sig_prepare_locked(g, sig);
	if (!g->threads || sig_dropped_locked(g, NULL, sig))
		goto out_unlock;
	err = sig_pending_add(&g->shared, info, &g->queued);
	if (!err) {
		frame_waitq_wake_all(&g->queue_wq);
		sig_pick_locked(g, sig);
	}
out_unlock:
	frame_spin_unlock_irqrestore(&g->lock, fl);
	return err;
}

int signal_force(struct sig_thread *t, const struct ksiginfo *info)
{
	struct sig_group *g = t->group;
	int sig = info->signo;
	struct sig_action a;
	uint64_t fl;

	if (!sig_valid(sig))
		return -EINVAL;
	if (!g)
		return 0;
	sighand_get_action(t->hand, sig, &a);
	fl = frame_spin_lock_irqsave(&g->lock);
	if (a.handler == SIG_IGN || sigset_has(t->blocked, sig)) {
		if (a.handler == SIG_IGN) {
			struct sig_action dfl = { .handler = SIG_DFL };

			frame_spin_unlock_irqrestore(&g->lock, fl);
			sighand_set_action(t->hand, NULL, sig, &dfl);
			fl = frame_spin_lock_irqsave(&g->lock);
		}
		sigset_del(&t->blocked, sig);
	}
	frame_spin_unlock_irqrestore(&g->lock, fl);
	return signal_send_thread(t, info);
}

bool signal_pending(struct sig_thread *t)
{
	struct sig_group *g = t->group;
	uint64_t fl;
	bool pending;

	if (!g)
		return false;
	fl = frame_spin_lock_irqsave(&g->lock);
	pending = ((t->pending.set | g->shared.set) & ~t->blocked) ||
		  g->killed || (g->stopped && !t->exiting) ||
		  g->notify_continue;
	frame_spin_unlock_irqrestore(&g->lock, fl);
	return pending;
}

void sig_set_blocked_locked(struct sig_thread *t, sigset_t mask)
{
	struct sig_group *g = t->group;
	sigset_t newly;

	mask &= ~SIGSET_UNBLOCKABLE;
	newly = mask & ~t->blocked;
	t->blocked = mask;
	/* Group signals this thread now blocks: another thread takes them. */
	for (sigset_t s = newly & g->shared.set; s; s &= s - 1)
		sig_pick_locked(g, sigset_first(s));
}

void sig_set_blocked(struct sig_thread *t, sigset_t mask)
{
	uint64_t fl = frame_spin_lock_irqsave(&t->group->lock);

	sig_set_blocked_locked(t, mask);
	frame_spin_unlock_irqrestore(&t->group->lock, fl);
}

int sig_take_locked(struct sig_thread *t, sigset_t mask, struct ksiginfo *out)
{
	struct sig_group *g = t->group;
	int mine = sig_pending_next(&t->pending, mask);
	int shared = sig_pending_next(&g->shared, mask);

	/* A thread's own fault signal first, then the thread's own, then
	 * the group's (Linux takes the private queue first). */
	if (mine)
		return sig_pending_take(&t->pending, mask, out, &g->queued);
	if (shared)
		return sig_pending_take(&g->shared, mask, out, &g->queued);
	return 0;
}
