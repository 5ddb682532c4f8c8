/* SPDX-License-Identifier: MIT */
/* The default scheduling policy: strict priorities, round robin within one. */
#include "task/task.h"

#include <frame/heap.h>

/*
 * One FIFO per priority and a bitmap of the non-empty ones: picking is
 * the highest set bit. A task runs until it blocks, yields, is preempted
 * by a higher priority waking up, or has used SCHED_SLICE_TICKS ticks
 * while a task of its priority or higher waits. The per-task policy word
 * counts ticks of the current slice. It is written as any policy would
 * be, against <frame/task.h> only: the FIFOs link task handles through
 * the tasks' policy links.
 */
struct prio_fifo {
	struct task *first, *last;
};

struct prio_rq {
	struct task_rq rq;
	uint32_t bitmap;
	struct prio_fifo fifos[TASK_PRIOS];
};

static struct prio_rq *prio_rq(struct task_rq *rq)
{
	return container_of(rq, struct prio_rq, rq);
}

static struct task_rq *prio_rq_init(int cpu)
{
	struct prio_rq *rq = frame_zalloc(sizeof(*rq));

	(void)cpu;
	return rq ? &rq->rq : NULL;
}

static void prio_rq_free(struct task_rq *rq)
{
	frame_free(prio_rq(rq));
}

static void prio_enqueue(struct task_rq *rqp, struct task *t)
{
	struct prio_rq *rq = prio_rq(rqp);
	int p = task_prio(t);
	struct prio_fifo *f = &rq->fifos[p];
	struct task_policy_links *l = task_policy_links(t);

	l->prev = f->last;
	l->next = NULL;
	if (f->last)
		task_policy_links(f->last)->next = t;
	else
		f->first = t;
	f->last = t;
	rq->bitmap |= 1u << p;
	*task_policy_word(t) = 0;
}

static void prio_dequeue(struct task_rq *rqp, struct task *t)
{
	struct prio_rq *rq = prio_rq(rqp);
	struct task_policy_links *l = task_policy_links(t);
	int p = task_prio(t);
	struct prio_fifo *f = &rq->fifos[p];

	if (l->prev)
		task_policy_links(l->prev)->next = l->next;
	else
		f->first = l->next;
	if (l->next)
		task_policy_links(l->next)->prev = l->prev;
	else
		f->last = l->prev;
	l->prev = l->next = NULL;
	if (!f->first)
		rq->bitmap &= ~(1u << p);
}

static struct task *prio_pick(struct task_rq *rqp)
{
	struct prio_rq *rq = prio_rq(rqp);
	struct task *t;

	if (!rq->bitmap)
		return NULL;
	t = rq->fifos[31 - __builtin_clz(rq->bitmap)].first;
	prio_dequeue(rqp, t);
	return t;
}

static struct task *prio_peek_steal(struct task_rq *rqp, int cpu)
{
	struct prio_rq *rq = prio_rq(rqp);

	for (int p = TASK_PRIO_MAX; p >= 0; p--) {
		if (!(rq->bitmap & (1u << p)))
			continue;
		for (struct task *t = rq->fifos[p].first; t;
		     t = task_policy_links(t)->next)
			if (task_allowed_on(t, cpu))
				return t;
	}
	return NULL;
}

static bool prio_tick(struct task_rq *rqp, struct task *curr, uint64_t ticks)
{
	struct prio_rq *rq = prio_rq(rqp);
	uint64_t *used = task_policy_word(curr);
	uint32_t same_or_higher = ~((1u << task_prio(curr)) - 1);

	*used += ticks;
	if (*used < SCHED_SLICE_TICKS)
		return false;
	*used = 0;
	return (rq->bitmap & same_or_higher) != 0;
}

static bool prio_preempts(struct task_rq *rq, struct task *curr,
			  struct task *woken)
{
	(void)rq;
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
