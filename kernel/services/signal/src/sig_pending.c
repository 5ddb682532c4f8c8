/* SPDX-License-Identifier: MIT */
/* Pending sets and queues: standard signals coalesce, rt signals queue. */
#include "sig_internal.h"

#include <frame/errno.h>
#include <frame/heap.h>

void sig_pending_init(struct sig_pending *p)
{
	p->set = 0;
	p->head = NULL;
	p->tail = &p->head;
}

static bool sig_pending_queued(const struct sig_pending *p, int sig)
{
	for (const struct sig_queued *q = p->head; q; q = q->next)
		if (q->info.signo == sig)
			return true;
	return false;
}

/*
 * A standard signal already pending is not queued again (its first
 * information is kept). An rt signal is queued with its information;
 * beyond SIG_QUEUE_MAX (or without memory) one sent by kill() (SI_USER)
 * is still marked pending without information, as Linux does, and any
 * other fails with -EAGAIN. A standard signal without memory is marked
 * pending without information.
 */
int sig_pending_add(struct sig_pending *p, const struct ksiginfo *info,
		    unsigned int *queued)
{
	int sig = info->signo;
	struct sig_queued *q = NULL;
	bool rt = sig_is_rt(sig);

	if (!rt && sigset_has(p->set, sig))
		return 0;
	if (!rt || *queued < SIG_QUEUE_MAX)
		q = frame_alloc(sizeof(*q));
	if (!q) {
		if (rt && info->code != SI_USER)
			return -EAGAIN;
		sigset_add(&p->set, sig);
		return 0;
	}
	q->info = *info;
	q->next = NULL;
	*p->tail = q;
	p->tail = &q->next;
	(*queued)++;
	sigset_add(&p->set, sig);
	return 0;
}

int sig_pending_next(const struct sig_pending *p, sigset_t mask)
{
	sigset_t ready = p->set & mask;

	if (ready & SIG_SYNC_MASK)
		return sigset_first(ready & SIG_SYNC_MASK);
	return sigset_first(ready);
}

static void sig_pending_unlink(struct sig_pending *p, struct sig_queued **pp)
{
	struct sig_queued *q = *pp;

	*pp = q->next;
	if (p->tail == &q->next)
		p->tail = pp;
}

int sig_pending_take(struct sig_pending *p, sigset_t mask, struct ksiginfo *out,
		     unsigned int *queued)
{
	int sig = sig_pending_next(p, mask);
	struct sig_queued **pp;

	if (!sig)
		return 0;
	for (pp = &p->head; *pp; pp = &(*pp)->next)
		if ((*pp)->info.signo == sig)
			break;
	if (*pp) {
		struct sig_queued *q = *pp;

		*out = q->info;
		sig_pending_unlink(p, pp);
		frame_free(q);
		(*queued)--;
	} else {
		/* Marked without information: what kill() would give. */
		ksiginfo_init(out, sig, SI_USER);
	}
	if (!sig_pending_queued(p, sig))
		sigset_del(&p->set, sig);
	return sig;
}

void sig_pending_discard(struct sig_pending *p, sigset_t mask,
			 unsigned int *queued)
{
	struct sig_queued **pp = &p->head;

	if (!(p->set & mask))
		return;
	while (*pp) {
		struct sig_queued *q = *pp;

		if (sigset_has(mask, q->info.signo)) {
			sig_pending_unlink(p, pp);
			frame_free(q);
			(*queued)--;
		} else {
			pp = &q->next;
		}
	}
	p->set &= ~mask;
}
