/* SPDX-License-Identifier: MIT */
/* Wait queues with timeouts, wake callbacks, pollers, and completions. */
#include <frame/sync.h>

#include <frame/errno.h>
#include <frame/panic.h>
#include <frame/time.h>

#include "sync/live.h"
#include "task/task.h"

/*
 * The queue is a circular list through frame_waiter.prev_/next_, with the
 * queue's list_ as the sentinel; both have the same two-pointer layout.
 * A waker unlinks a sleeping waiter, sets woken_ and wakes its task, all
 * under the queue's lock, and never touches the waiter again: the sleeper
 * may return and reuse its stack as soon as it takes the lock in
 * frame_waitq_finish(). Callback waiters (fn_ set) stay linked; they are
 * called under the lock and unlinked only by their owner, under the lock,
 * so that none runs after frame_waitq_remove_callback() returns.
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
	live_init(&wq->live_);
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

/*
 * Link @w at the tail of @wq, queued by code at @who; the queue's lock
 * held. A queue with waiters is live (sync/live.h): its memory must not be
 * freed until the last one has left.
 */
static void link_locked(struct frame_waitq *wq, struct frame_waiter *w,
			const void *who)
{
	struct wq_links *h = wq_head(wq), *l = w_links(w);

	if (h->next == h)
		live_track(&wq->live_, LIVE_WAITQ, wq, sizeof(*wq), who);
	l->prev = h->prev;
	l->next = h;
	h->prev->next = l;
	h->prev = l;
	w->queued_ = true;
}

static void unlink_locked(struct frame_waitq *wq, struct frame_waiter *w)
{
	struct wq_links *h = wq_head(wq), *l = w_links(w);

	l->prev->next = l->next;
	l->next->prev = l->prev;
	l->prev = l->next = l;
	w->queued_ = false;
	if (h->next == h)
		live_untrack(&wq->live_);
}

static void prepare(struct frame_waitq *wq, struct frame_waiter *w,
		    bool interruptible, const void *who)
{
	uint64_t flags;

	sched_might_sleep(__func__);
	w->task_ = sched_current();
	w->fn_ = NULL;
	w->woken_ = false;
	w->interruptible_ = interruptible;
	flags = frame_spin_lock_irqsave(&wq->lock_);
	link_locked(wq, w, who);
	task_prepare_sleep(w->task_, interruptible);
	frame_spin_unlock_irqrestore(&wq->lock_, flags);
}

void frame_waitq_prepare(struct frame_waitq *wq, struct frame_waiter *w)
{
	prepare(wq, w, false, __builtin_return_address(0));
}

void frame_waitq_prepare_interruptible(struct frame_waitq *wq,
				       struct frame_waiter *w)
{
	prepare(wq, w, true, __builtin_return_address(0));
}

/*
 * Switch away until woken or @deadline_ns; 0 (woken, or a spurious
 * wake-up: the caller re-checks), -ETIMEDOUT, or -EINTR for an
 * interruptible sleeper with the mark set. @woken is what the waker sets.
 */
static int sleep_on(struct task *self, const bool *woken, bool interruptible,
		    uint64_t deadline_ns)
{
	if (interruptible && task_interrupted(self))
		return -EINTR;
	if (deadline_ns != FRAME_WAIT_FOREVER &&
	    frame_clock_monotonic_ns() >= deadline_ns)
		return __atomic_load_n(woken, __ATOMIC_ACQUIRE) ? 0
								: -ETIMEDOUT;
	task_sched_timeout(self, deadline_ns);
	if (__atomic_load_n(woken, __ATOMIC_ACQUIRE))
		return 0;
	if (interruptible && task_interrupted(self))
		return -EINTR;
	if (deadline_ns != FRAME_WAIT_FOREVER &&
	    frame_clock_monotonic_ns() >= deadline_ns)
		return -ETIMEDOUT;
	return 0;
}

int frame_waitq_sleep(struct frame_waitq *wq, struct frame_waiter *w,
		      uint64_t deadline_ns)
{
	(void)wq;
	sched_might_sleep(__func__);
	return sleep_on(w->task_, &w->woken_, w->interruptible_, deadline_ns);
}

void frame_waitq_finish(struct frame_waitq *wq, struct frame_waiter *w)
{
	uint64_t flags = frame_spin_lock_irqsave(&wq->lock_);

	if (w->queued_)
		unlink_locked(wq, w);
	frame_spin_unlock_irqrestore(&wq->lock_, flags);
	task_end_sleep(w->task_);
}

/*
 * Call every callback and wake up to @max sleepers; the queue's lock
 * held. A sleeper is unlinked before its task is woken: after that the
 * waker never touches it.
 */
static unsigned int wake_locked(struct frame_waitq *wq, unsigned int max)
{
	struct wq_links *h = wq_head(wq), *l = h->next;
	unsigned int n = 0;

	while (l != h) {
		struct frame_waiter *w = (struct frame_waiter *)l;
		struct task *t = w->task_;

		l = l->next;
		if (w->fn_) {
			w->fn_(w);
			continue;
		}
		if (n == max)
			continue;
		unlink_locked(wq, w);
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

static void add_callback(struct frame_waitq *wq, struct frame_waiter *w,
			 void (*fn)(struct frame_waiter *w), const void *owner)
{
	uint64_t flags;

	BUG_ON(!fn);
	w->task_ = NULL;
	w->fn_ = fn;
	w->woken_ = false;
	w->interruptible_ = false;
	flags = frame_spin_lock_irqsave(&wq->lock_);
	link_locked(wq, w, owner);
	frame_spin_unlock_irqrestore(&wq->lock_, flags);
}

void frame_waitq_add_callback(struct frame_waitq *wq, struct frame_waiter *w,
			      void (*fn)(struct frame_waiter *w))
{
	add_callback(wq, w, fn, __builtin_return_address(0));
}

void frame_waitq_remove_callback(struct frame_waitq *wq, struct frame_waiter *w)
{
	uint64_t flags = frame_spin_lock_irqsave(&wq->lock_);

	if (w->queued_)
		unlink_locked(wq, w);
	frame_spin_unlock_irqrestore(&wq->lock_, flags);
}

/* A poller's entry was woken: wake the polling task. Queue lock held. */
static void poll_entry_wake(struct frame_waiter *w)
{
	struct frame_poll_entry *e =
		container_of(w, struct frame_poll_entry, w_);
	struct frame_poller *p = e->poller_;

	__atomic_store_n(&p->woken_, true, __ATOMIC_RELEASE);
	sched_wake(p->task_);
}

void frame_poller_init(struct frame_poller *p, bool interruptible)
{
	p->task_ = sched_current();
	p->entries_ = NULL;
	p->woken_ = false;
	p->interruptible_ = interruptible;
}

void frame_poller_add(struct frame_poller *p, struct frame_waitq *wq,
		      struct frame_poll_entry *e)
{
	e->wq_ = wq;
	e->poller_ = p;
	e->next_ = p->entries_;
	p->entries_ = e;
	add_callback(wq, &e->w_, poll_entry_wake, __builtin_return_address(0));
}

void frame_poller_prepare(struct frame_poller *p)
{
	sched_might_sleep(__func__);
	__atomic_store_n(&p->woken_, false, __ATOMIC_RELEASE);
	task_prepare_sleep(p->task_, p->interruptible_);
}

int frame_poller_sleep(struct frame_poller *p, uint64_t deadline_ns)
{
	int ret;

	sched_might_sleep(__func__);
	ret = sleep_on(p->task_, &p->woken_, p->interruptible_, deadline_ns);
	/* Prepared again before the next sleep; running until then. */
	task_end_sleep(p->task_);
	return ret;
}

void frame_poller_finish(struct frame_poller *p)
{
	for (struct frame_poll_entry *e = p->entries_; e; e = e->next_)
		frame_waitq_remove_callback(e->wq_, &e->w_);
	p->entries_ = NULL;
	task_end_sleep(p->task_);
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
