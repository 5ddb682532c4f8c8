/* SPDX-License-Identifier: MIT */
/* epoll_wait's half: harvesting the ready list, and the wait itself. */
#include "epoll_impl.h"

#include <frame/errno.h>
#include <frame/time.h>

#include <fs/fs.h>

/* Put @front's items before @l's. */
static void epoll_list_prepend(struct epoll_list *l, struct epoll_list *front)
{
	if (!front->first)
		return;
	if (l->first) {
		front->last->rd_next = l->first;
		l->first->rd_prev = front->last;
	} else {
		l->last = front->last;
	}
	l->first = front->first;
}

/*
 * Hand out up to @max events of @ep; epoll_mtx held. The ready list is
 * taken whole; its items stay marked ready, so a wake-up meanwhile only
 * sets their @again. Each is asked what is ready now: a level-triggered
 * item that reported goes back to the tail (Linux's order: several
 * waits with a small @max take turns), an edge-triggered one only when
 * woken again meanwhile, a one-shot one is disabled. What is left over
 * goes back in front.
 */
static int epoll_harvest(struct epoll *ep, struct epoll_sink *out, int max)
{
	struct epoll_list todo;
	int n = 0;
	uint64_t fl;

	fl = frame_spin_lock_irqsave(&ep->lock);
	todo = ep->rd;
	ep->rd.first = NULL;
	ep->rd.last = NULL;
	for (struct epitem *it = todo.first; it; it = it->rd_next)
		it->again = false;
	frame_spin_unlock_irqrestore(&ep->lock, fl);

	while (todo.first && n < max) {
		struct epitem *it = todo.first;
		uint32_t want = it->events;
		struct epoll_event ev = { 0 };
		bool keep = false;

		/* @todo's links are ours: callbacks leave ready items be */
		epoll_list_unlink(&todo, it);
		if (want & ~EPOLL_PRIVATE)
			ev.events = fs_poll_file(it->file, NULL) & want;
		if (ev.events) {
			ev.data = it->data;
			if (out->put(out, n, &ev)) {
				struct epoll_list one = { it, it };

				epoll_list_prepend(&todo, &one);
				if (!n)
					n = -EFAULT;
				break;
			}
			n++;
			if (want & EPOLLONESHOT)
				__atomic_store_n(&it->events,
						 want & EPOLL_PRIVATE,
						 __ATOMIC_RELEASE);
			else if (!(want & EPOLLET))
				keep = true;
		}
		fl = frame_spin_lock_irqsave(&ep->lock);
		if (keep || it->again) {
			it->again = false;
			epoll_list_append(&ep->rd, it);
		} else {
			it->ready = false;
		}
		frame_spin_unlock_irqrestore(&ep->lock, fl);
	}
	fl = frame_spin_lock_irqsave(&ep->lock);
	epoll_list_prepend(&ep->rd, &todo);
	frame_spin_unlock_irqrestore(&ep->lock, fl);
	return n;
}

static bool epoll_has_queued(struct epoll *ep)
{
	uint64_t fl = frame_spin_lock_irqsave(&ep->lock);
	bool any = ep->rd.first != NULL;

	frame_spin_unlock_irqrestore(&ep->lock, fl);
	return any;
}

int epoll_wait_events(struct epoll *ep, struct epoll_sink *out, int max,
		      uint64_t deadline)
{
	for (;;) {
		struct frame_waiter w;
		int n, err;

		frame_mutex_lock(&epoll_mtx);
		n = epoll_harvest(ep, out, max);
		frame_mutex_unlock(&epoll_mtx);
		if (n)
			return n;
		if (deadline != FRAME_WAIT_FOREVER &&
		    frame_clock_monotonic_ns() >= deadline)
			return 0;
		/* a harvest leaves only items woken since: look again */
		frame_waitq_prepare_interruptible(&ep->wq, &w);
		if (epoll_has_queued(ep)) {
			frame_waitq_finish(&ep->wq, &w);
			continue;
		}
		err = frame_waitq_sleep(&ep->wq, &w, deadline);
		frame_waitq_finish(&ep->wq, &w);
		if (err == -EINTR)
			return -EINTR;
	}
}
