/* SPDX-License-Identifier: MIT */
/* EPOLLEXCLUSIVE: one event on a watched queue wakes one waiting instance. */
#include "epoll_impl.h"

#include <frame/errno.h>
#include <frame/heap.h>

/*
 * Linux puts an exclusive item's wait entry at the tail of the file's
 * queue and stops a wake-up at the first exclusive entry whose instance
 * had an epoll_wait caller to wake: the instances before it get the
 * event on their ready lists, those after it nothing. The frame calls
 * every callback of a queue at every wake, so the exclusive items of one
 * queue share a single callback (a group), which walks them in the order
 * they were added and stops where Linux stops. Plain items keep a
 * callback each and are all woken, as on Linux.
 */
struct epoll_excl {
	struct frame_waiter w; /* the group's callback on @wq */
	struct frame_waitq *wq;
	struct frame_spinlock lock;   /* guards the member list */
	struct epentry *first, *last; /* linked through g_next */
	struct epoll_excl *next;      /* epoll_excl_groups, epoll_mtx */
};

static struct epoll_excl *epoll_excl_groups; /* epoll_mtx */

static void epoll_excl_wake(struct frame_waiter *w)
{
	struct epoll_excl *g = container_of(w, struct epoll_excl, w);
	uint64_t fl = frame_spin_lock_irqsave(&g->lock);

	for (struct epentry *e = g->first; e; e = e->g_next) {
		uint32_t want =
			__atomic_load_n(&e->item->events, __ATOMIC_ACQUIRE);

		if ((want & ~EPOLL_PRIVATE) && epoll_item_ready(e->item))
			break;
	}
	frame_spin_unlock_irqrestore(&g->lock, fl);
}

int epoll_excl_join(struct epentry *e)
{
	struct epoll_excl *g;
	uint64_t fl;

	for (g = epoll_excl_groups; g; g = g->next)
		if (g->wq == e->wq)
			break;
	if (!g) {
		/* zeroed: the spinlock starts unlocked, the list empty */
		g = frame_zalloc(sizeof(*g));
		if (!g)
			return -ENOMEM;
		g->wq = e->wq;
		g->next = epoll_excl_groups;
		epoll_excl_groups = g;
		frame_waitq_add_callback(g->wq, &g->w, epoll_excl_wake);
	}
	e->grp = g;
	e->g_next = NULL;
	fl = frame_spin_lock_irqsave(&g->lock);
	if (g->last)
		g->last->g_next = e;
	else
		g->first = e;
	g->last = e;
	frame_spin_unlock_irqrestore(&g->lock, fl);
	return 0;
}

void epoll_excl_leave(struct epentry *e)
{
	struct epoll_excl *g = e->grp, **pp;
	struct epentry *prev = NULL;
	bool empty;
	uint64_t fl;

	fl = frame_spin_lock_irqsave(&g->lock);
	for (struct epentry *c = g->first; c != e; c = c->g_next)
		prev = c;
	if (prev)
		prev->g_next = e->g_next;
	else
		g->first = e->g_next;
	if (g->last == e)
		g->last = prev;
	empty = !g->first;
	frame_spin_unlock_irqrestore(&g->lock, fl);
	e->grp = NULL;
	if (!empty)
		return;
	/* the last member: no callback may run once the group is freed */
	frame_waitq_remove_callback(g->wq, &g->w);
	for (pp = &epoll_excl_groups; *pp != g; pp = &(*pp)->next)
		;
	*pp = g->next;
	frame_free(g);
}
