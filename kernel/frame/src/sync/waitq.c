/* SPDX-License-Identifier: MIT */
/* Wait queues with timeouts, and completions built on them. */
#include <frame/sync.h>

#include <frame/errno.h>
#include <frame/panic.h>
#include <frame/time.h>

#include "task/task.h"

/*
 * The queue is a circular list through frame_waiter.prev_/next_, with the
 * queue's list_ as the sentinel; both have the same two-pointer layout.
 * A waker unlinks the waiter, sets woken_ and wakes its task, all under
 * the queue's lock, and never touches the waiter again: the sleeper may
 * return and reuse its stack as soon as it takes the lock in
 * frame_waitq_finish().
 */
struct wq_links {
	struct wq_links *prev, *next;
};

BUILD_BUG_ON(__builtin_offsetof(struct frame_waiter, next_) !=
	     __builtin_offsetof(struct wq_links, next));

static struct wq_links *wq_head(struct frame_waitq *wq)
{
	return (struct wq_links *)&wq->list_;
}

static struct wq_links *w_links(struct frame_waiter *w)
{
	return (struct wq_links *)w;
}

void frame_waitq_init(struct frame_waitq *wq)
{
	wq->lock_ = (struct frame_spinlock)FRAME_SPINLOCK_INIT;
	wq->list_.prev_ = wq->list_.next_ = &wq->list_;
}

uint64_t frame_waitq_deadline(uint64_t ns)
{
	uint64_t now;

	if (ns == FRAME_WAIT_FOREVER)
		return FRAME_WAIT_FOREVER;
	now = frame_clock_monotonic_ns();
	return ns >= FRAME_WAIT_FOREVER - now ? FRAME_WAIT_FOREVER - 1
					      : now + ns;
}

void frame_waitq_prepare(struct frame_waitq *wq, struct frame_waiter *w)
{
	struct wq_links *h = wq_head(wq), *l = w_links(w);
	uint64_t flags;

	sched_might_sleep(__func__);
	w->task_ = task_current();
	w->woken_ = false;
	flags = frame_spin_lock_irqsave(&wq->lock_);
	l->prev = h->prev;
	l->next = h;
	h->prev->next = l;
	h->prev = l;
	w->queued_ = true;
	__atomic_store_n(&w->task_->state, TASK_BLOCKED, __ATOMIC_RELEASE);
	frame_spin_unlock_irqrestore(&wq->lock_, flags);
}

int frame_waitq_sleep(struct frame_waitq *wq, struct frame_waiter *w,
		      uint64_t deadline_ns)
{
	(void)wq;
	sched_might_sleep(__func__);
	if (deadline_ns != FRAME_WAIT_FOREVER &&
	    frame_clock_monotonic_ns() >= deadline_ns)
		return __atomic_load_n(&w->woken_, __ATOMIC_ACQUIRE)
			       ? 0
			       : -ETIMEDOUT;
	task_sched_timeout(w->task_, deadline_ns);
	if (__atomic_load_n(&w->woken_, __ATOMIC_ACQUIRE))
		return 0;
	if (deadline_ns != FRAME_WAIT_FOREVER &&
	    frame_clock_monotonic_ns() >= deadline_ns)
		return -ETIMEDOUT;
	return 0; /* woken by someone else: the caller re-checks */
}

static void unlink_locked(struct frame_waiter *w)
{
	struct wq_links *l = w_links(w);

	l->prev->next = l->next;
	l->next->prev = l->prev;
	l->prev = l->next = l;
	w->queued_ = false;
}

void frame_waitq_finish(struct frame_waitq *wq, struct frame_waiter *w)
{
	uint64_t flags = frame_spin_lock_irqsave(&wq->lock_);

	if (w->queued_)
		unlink_locked(w);
	frame_spin_unlock_irqrestore(&wq->lock_, flags);
	__atomic_store_n(&w->task_->state, TASK_RUNNING, __ATOMIC_RELEASE);
}

/* Wake up to @max sleepers; the queue's lock held. */
static unsigned int wake_locked(struct frame_waitq *wq, unsigned int max)
{
	struct wq_links *h = wq_head(wq);
	unsigned int n = 0;

	while (n < max && h->next != h) {
		struct frame_waiter *w = (struct frame_waiter *)h->next;
		struct task *t = w->task_;

		unlink_locked(w);
		__atomic_store_n(&w->woken_, true, __ATOMIC_RELEASE);
		sched_wake(t);
		n++;
	}
	return n;
}

static unsigned int wake(struct frame_waitq *wq, unsigned int max)
{
	uint64_t flags = frame_spin_lock_irqsave(&wq->lock_);
	unsigned int n = wake_locked(wq, max);

	frame_spin_unlock_irqrestore(&wq->lock_, flags);
	return n;
}

unsigned int frame_waitq_wake_one(struct frame_waitq *wq)
{
	return wake(wq, 1);
}

unsigned int frame_waitq_wake_all(struct frame_waitq *wq)
{
	return wake(wq, UINT32_MAX);
}

void frame_completion_init(struct frame_completion *c)
{
	c->done_ = false;
	frame_waitq_init(&c->wq_);
}

/*
 * @done is set and the sleepers woken under one hold of the queue's lock:
 * a waiter that sees @done still passes through frame_waitq_finish(),
 * which takes that lock, so it cannot return (and free @c) while this
 * still touches @c.
 */
void frame_completion_complete(struct frame_completion *c)
{
	uint64_t flags = frame_spin_lock_irqsave(&c->wq_.lock_);

	__atomic_store_n(&c->done_, true, __ATOMIC_RELEASE);
	wake_locked(&c->wq_, UINT32_MAX);
	frame_spin_unlock_irqrestore(&c->wq_.lock_, flags);
}

int frame_completion_wait(struct frame_completion *c, uint64_t ns)
{
	sched_might_sleep(__func__);
	return FRAME_WAIT_EVENT_TIMEOUT(
		&c->wq_, __atomic_load_n(&c->done_, __ATOMIC_ACQUIRE), ns);
}
