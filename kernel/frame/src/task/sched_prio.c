/* SPDX-License-Identifier: MIT */
/* The default scheduling policy: strict priorities, round robin within one. */
#include "task/task.h"

#include <frame/heap.h>

/*
 * One FIFO per priority and a bitmap of the non-empty ones: picking is
 * the highest set bit. A task runs until it blocks, yields, is preempted
 * by a higher priority waking up, or has used SCHED_SLICE_TICKS ticks
 * while a task of its priority or higher waits. The per-task policy word
 * counts ticks of the current slice.
 */
struct prio_rq {
	uint32_t bitmap;
	struct task_policy_links heads[TASK_PRIOS];
};

static void *prio_rq_init(int cpu)
{
	struct prio_rq *rq = frame_zalloc(sizeof(*rq));

	(void)cpu;
	if (!rq)
		return NULL;
	for (int i = 0; i < TASK_PRIOS; i++)
		rq->heads[i].prev = rq->heads[i].next = &rq->heads[i];
	return rq;
}

static void prio_rq_free(void *rq)
{
	frame_free(rq);
}

static void prio_enqueue(void *rqp, struct task *t)
{
	struct prio_rq *rq = rqp;
	int p = task_prio(t);
	struct task_policy_links *l = task_policy_links(t), *h = &rq->heads[p];
	struct task_policy_links *last = h->prev;

	l->prev = last;
	l->next = h;
	last->next = l;
	h->prev = l;
	rq->bitmap |= 1u << p;
	*task_policy_word(t) = 0;
}

static void prio_dequeue(void *rqp, struct task *t)
{
	struct prio_rq *rq = rqp;
	struct task_policy_links *l = task_policy_links(t);
	struct task_policy_links *prev = l->prev, *next = l->next;
	int p = task_prio(t);

	prev->next = next;
	next->prev = prev;
	l->prev = l->next = l;
	if (rq->heads[p].next == &rq->heads[p])
		rq->bitmap &= ~(1u << p);
}

static struct task *prio_pick(void *rqp)
{
	struct prio_rq *rq = rqp;
	struct task *t;
	int p;

	if (!rq->bitmap)
		return NULL;
	p = 31 - __builtin_clz(rq->bitmap);
	t = task_from_policy_links(rq->heads[p].next);
	prio_dequeue(rq, t);
	return t;
}

static struct task *prio_peek_steal(void *rqp)
{
	struct prio_rq *rq = rqp;

	for (int p = TASK_PRIO_MAX; p >= 0; p--) {
		struct task_policy_links *h = &rq->heads[p];

		if (!(rq->bitmap & (1u << p)))
			continue;
		for (struct task_policy_links *l = h->next; l != h;
		     l = l->next) {
			struct task *t = task_from_policy_links(l);

			if (!task_pinned(t))
				return t;
		}
	}
	return NULL;
}

static bool prio_tick(void *rqp, struct task *curr, uint64_t ticks)
{
	struct prio_rq *rq = rqp;
	uint64_t *used = task_policy_word(curr);
	uint32_t same_or_higher = ~((1u << task_prio(curr)) - 1);

	*used += ticks;
	if (*used < SCHED_SLICE_TICKS)
		return false;
	*used = 0;
	return (rq->bitmap & same_or_higher) != 0;
}

static bool prio_preempts(void *rqp, struct task *curr, struct task *woken)
{
	(void)rqp;
	return task_prio(woken) > task_prio(curr);
}

const struct task_policy sched_prio_policy = {
	.name = "prio-rr",
	.rq_init = prio_rq_init,
	.rq_free = prio_rq_free,
	.enqueue = prio_enqueue,
	.dequeue = prio_dequeue,
	.pick = prio_pick,
	.peek_steal = prio_peek_steal,
	.tick = prio_tick,
	.preempts = prio_preempts,
};
