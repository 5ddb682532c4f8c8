/* SPDX-License-Identifier: MIT */
/* epoll's own objects, shared by its interest-list and wait halves. */
#ifndef EVENT_EPOLL_IMPL_H
#define EVENT_EPOLL_IMPL_H

#include "epoll.h"

#include <frame/sync.h>

#include <fs/file.h>

/* The bits that say how to report, not what: kept after a one-shot. */
#define EPOLL_PRIVATE (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)

struct epitem;
struct epoll_excl;

/* A ready list: items linked through rd_next/rd_prev. */
struct epoll_list {
	struct epitem *first, *last;
};

struct epoll {
	struct file_priv priv;
	struct file *file;	    /* its own, not referenced */
	struct frame_waitq wq;	    /* epoll_wait callers */
	struct frame_waitq poll_wq; /* pollers of the epoll file itself */
	struct epitem *items;	    /* epoll_mtx */
	struct frame_spinlock lock; /* guards rd and items' ready, again */
	struct epoll_list rd;
};

/* One queue an item's file registered, with the callback on it. */
struct epentry {
	struct frame_waiter w;
	struct frame_waitq *wq;
	struct epitem *item;
	struct epentry *next;
	/* An exclusive item's entry joins the queue's group instead of
	 * having a callback of its own (epoll_excl.c). */
	struct epoll_excl *grp;
	struct epentry *g_next; /* grp->lock */
};

/*
 * An interest: (file, fd) in one instance. The file is not referenced;
 * its watch tells epoll when it goes. Fields under epoll_mtx, except
 * @events, which callbacks read atomically, and the ready-list ones.
 */
struct epitem {
	struct epoll *ep;
	struct file *file;
	int fd;
	uint32_t events; /* asked for, with EPOLLERR | EPOLLHUP */
	uint64_t data;
	struct fs_poll_hook hook;
	struct fs_watch watch;
	struct epentry *entries;
	bool oom; /* a queue could not be watched */
	struct epitem *next, **pprev;
	/* ep->lock: */
	struct epitem *rd_next, *rd_prev;
	bool ready; /* on ep->rd, or in a harvest's hands */
	bool again; /* woken while in a harvest's hands */
};

extern struct frame_mutex epoll_mtx;

void epoll_list_append(struct epoll_list *l, struct epitem *it);
void epoll_list_unlink(struct epoll_list *l, struct epitem *it);

/* Queue @it on its instance's ready list and wake its waiters; returns
 * how many epoll_wait callers were woken. Any context. */
unsigned int epoll_item_ready(struct epitem *it);

/* epoll_excl_join() - put @e (wq and item set) in the exclusive group of
 * its queue, made on demand: 0 or -ENOMEM. epoll_excl_leave() takes it
 * out; no group callback sees @e afterwards. Both with epoll_mtx held. */
int epoll_excl_join(struct epentry *e);
void epoll_excl_leave(struct epentry *e);

#endif /* EVENT_EPOLL_IMPL_H */
