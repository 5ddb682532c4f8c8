/* SPDX-License-Identifier: MIT */
/* The action table: rt_sigaction's state, shared by CLONE_SIGHAND. */
#include "sig_internal.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>

struct sighand *sighand_create(void)
{
	struct sighand *h = frame_zalloc(sizeof(*h));

	if (!h)
		return NULL;
	h->refs = 1; /* zeroed memory is an unlocked lock */
	return h;
}

struct sighand *sighand_copy(struct sighand *from)
{
	struct sighand *h = sighand_create();

	if (!h)
		return NULL;
	uint64_t fl = frame_spin_lock_irqsave(&from->lock);
	for (int i = 0; i < SIG_NSIG; i++)
		h->act[i] = from->act[i];
	frame_spin_unlock_irqrestore(&from->lock, fl);
	return h;
}

void sighand_get(struct sighand *h)
{
	uint64_t fl = frame_spin_lock_irqsave(&h->lock);

	h->refs++;
	frame_spin_unlock_irqrestore(&h->lock, fl);
}

void sighand_put(struct sighand *h)
{
	uint64_t fl;
	bool last;

	if (!h)
		return;
	fl = frame_spin_lock_irqsave(&h->lock);
	last = --h->refs == 0;
	frame_spin_unlock_irqrestore(&h->lock, fl);
	if (last)
		frame_free(h);
}

bool sighand_shared(struct sighand *h)
{
	uint64_t fl = frame_spin_lock_irqsave(&h->lock);
	bool shared = h->refs > 1;

	frame_spin_unlock_irqrestore(&h->lock, fl);
	return shared;
}

void sighand_exec_reset(struct sighand *h)
{
	uint64_t fl = frame_spin_lock_irqsave(&h->lock);

	for (int i = 0; i < SIG_NSIG; i++) {
		struct sig_action *a = &h->act[i];

		/* SIG_IGN survives exec; flags, restorer and mask never. */
		if (a->handler != SIG_IGN)
			a->handler = SIG_DFL;
		a->flags = 0;
		a->restorer = 0;
		a->mask = 0;
	}
	frame_spin_unlock_irqrestore(&h->lock, fl);
}

void sighand_get_action(struct sighand *h, int sig, struct sig_action *out)
{
	uint64_t fl;

	if (!sig_valid(sig)) {
		memset(out, 0, sizeof(*out));
		return;
	}
	fl = frame_spin_lock_irqsave(&h->lock);
	*out = h->act[sig - 1];
	frame_spin_unlock_irqrestore(&h->lock, fl);
}

/* Whether @a makes @sig discarded when it arrives. */
static bool sig_action_ignores(const struct sig_action *a, int sig)
{
	if (a->handler == SIG_IGN)
		return true;
	if (a->handler != SIG_DFL)
		return false;
	/* SIGCONT's work happens when it is sent; then it is dropped. */
	return sig_default_action(sig) == SIG_DEF_IGN || sig == SIGCONT;
}

bool sighand_ignores(struct sighand *h, int sig)
{
	struct sig_action a;

	if (sig == SIGKILL || sig == SIGSTOP)
		return false;
	sighand_get_action(h, sig, &a);
	return sig_action_ignores(&a, sig);
}

int sighand_set_action(struct sighand *h, struct sig_group *g, int sig,
		       const struct sig_action *act)
{
	uint64_t gfl = 0, fl;

	if (!sig_valid(sig))
		return -EINVAL;
	if ((sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (g)
		gfl = frame_spin_lock_irqsave(&g->lock);
	fl = frame_spin_lock_irqsave(&h->lock);
	h->act[sig - 1] = *act;
	h->act[sig - 1].mask &= ~SIGSET_UNBLOCKABLE;
	frame_spin_unlock_irqrestore(&h->lock, fl);
	/* POSIX: setting an ignoring action discards what is pending. */
	if (g && sig_action_ignores(act, sig)) {
		sigset_t m = sigset_bit(sig);

		sig_pending_discard(&g->shared, m, &g->queued);
		for (struct sig_thread *t = g->threads; t; t = t->next)
			sig_pending_discard(&t->pending, m, &g->queued);
	}
	if (g)
		frame_spin_unlock_irqrestore(&g->lock, gfl);
	return 0;
}

bool sighand_nocldwait(struct sighand *h)
{
	struct sig_action a;

	sighand_get_action(h, SIGCHLD, &a);
	return a.handler == SIG_IGN || (a.flags & SA_NOCLDWAIT);
}

bool sighand_nocldstop(struct sighand *h)
{
	struct sig_action a;

	sighand_get_action(h, SIGCHLD, &a);
	return (a.flags & SA_NOCLDSTOP) != 0;
}
