/* SPDX-License-Identifier: MIT */
/* epoll instances: interest list, wake callbacks, nesting, release. */
#include "epoll_impl.h"

#include <frame/errno.h>
#include <frame/heap.h>

#include <fs/fs.h>

/*
 * One mutex serialises every change of any interest list, every harvest
 * of a ready list and the end of every watched file. Items hold no
 * reference to their files (close(2) must end a file as it would
 * without epoll), so a file's poll op is called through an item only
 * with this mutex held, and the file's last file_put() takes it too
 * (epoll_file_gone()) before the file can go.
 */
struct frame_mutex epoll_mtx = FRAME_MUTEX_INIT(epoll_mtx);

static const struct file_ops epoll_fops;

struct epoll *epoll_of(struct file *f)
{
	struct file_priv *p = file_priv(f, &epoll_fops);

	return p ? container_of(p, struct epoll, priv) : NULL;
}

void epoll_list_append(struct epoll_list *l, struct epitem *it)
{
	it->rd_next = NULL;
	it->rd_prev = l->last;
	if (l->last)
		l->last->rd_next = it;
	else
		l->first = it;
	l->last = it;
}

void epoll_list_unlink(struct epoll_list *l, struct epitem *it)
{
	if (it->rd_prev)
		it->rd_prev->rd_next = it->rd_next;
	else
		l->first = it->rd_next;
	if (it->rd_next)
		it->rd_next->rd_prev = it->rd_prev;
	else
		l->last = it->rd_prev;
	it->rd_next = NULL;
	it->rd_prev = NULL;
}

/* Queue @it on its instance's ready list (once) and wake the waiters. */
unsigned int epoll_item_ready(struct epitem *it)
{
	struct epoll *ep = it->ep;
	uint64_t fl = frame_spin_lock_irqsave(&ep->lock);
	unsigned int woken;

	if (it->ready) {
		it->again = true; /* the harvest holding it looks again */
	} else {
		it->ready = true;
		epoll_list_append(&ep->rd, it);
	}
	frame_spin_unlock_irqrestore(&ep->lock, fl);
	woken = frame_waitq_wake_all(&ep->wq);
	frame_waitq_wake_all(&ep->poll_wq);
	return woken;
}

/*
 * A watched queue was woken. Queues carry no event mask, so every wake
 * queues the item and the harvest asks the file what is ready. A
 * one-shot item that fired waits for EPOLL_CTL_MOD.
 */
static void epoll_item_wake(struct frame_waiter *w)
{
	struct epentry *e = container_of(w, struct epentry, w);

	if (!(__atomic_load_n(&e->item->events, __ATOMIC_ACQUIRE) &
	      ~EPOLL_PRIVATE))
		return;
	epoll_item_ready(e->item);
}

/* The file's poll op names a queue: put a callback on it. */
static void epoll_item_queue(struct fs_poll_hook *h, struct frame_waitq *wq)
{
	struct epitem *it = container_of(h, struct epitem, hook);
	struct epentry *e = frame_zalloc(sizeof(*e));

	if (!e) {
		it->oom = true;
		return;
	}
	e->wq = wq;
	e->item = it;
	if (it->events & EPOLLEXCLUSIVE) {
		if (epoll_excl_join(e)) {
			frame_free(e);
			it->oom = true;
			return;
		}
	} else {
		frame_waitq_add_callback(wq, &e->w, epoll_item_wake);
	}
	e->next = it->entries;
	it->entries = e;
}

/* Unhook and free @it; epoll_mtx held. */
static void epoll_item_remove(struct epitem *it)
{
	struct epoll *ep = it->ep;
	uint64_t fl;

	while (it->entries) {
		struct epentry *e = it->entries;

		it->entries = e->next;
		if (e->grp)
			epoll_excl_leave(e);
		else
			frame_waitq_remove_callback(e->wq, &e->w);
		frame_free(e);
	}
	/* no callback runs any more: the ready list is ours to fix */
	file_watch_del(&it->watch);
	fl = frame_spin_lock_irqsave(&ep->lock);
	if (it->ready)
		epoll_list_unlink(&ep->rd, it);
	frame_spin_unlock_irqrestore(&ep->lock, fl);
	*it->pprev = it->next;
	if (it->next)
		it->next->pprev = it->pprev;
	frame_free(it);
}

/* The last reference to a watched file goes: drop its items. */
static void epoll_file_gone(struct file *f)
{
	struct fs_watch *w;

	frame_mutex_lock(&epoll_mtx);
	while ((w = file_watch_first(f)))
		epoll_item_remove(container_of(w, struct epitem, watch));
	frame_mutex_unlock(&epoll_mtx);
}

static struct epitem *epoll_lookup(struct epoll *ep, struct file *tf, int fd)
{
	struct epitem *it;

	for (it = ep->items; it; it = it->next)
		if (it->file == tf && it->fd == fd)
			return it;
	return NULL;
}

static int epoll_insert(struct epoll *ep, int fd, struct file *tf,
			const struct epoll_event *ev)
{
	struct epitem *it = frame_zalloc(sizeof(*it));
	unsigned int revents;

	if (!it)
		return -ENOMEM;
	it->ep = ep;
	it->file = tf;
	it->fd = fd;
	it->events = ev->events | EPOLLERR | EPOLLHUP;
	it->data = ev->data;
	fs_poll_hook_init(&it->hook, epoll_item_queue);
	it->next = ep->items;
	it->pprev = &ep->items;
	if (ep->items)
		ep->items->pprev = &it->next;
	ep->items = it;
	file_watch_add(tf, &it->watch);
	revents = fs_poll_file(tf, &it->hook);
	if (it->oom) {
		epoll_item_remove(it);
		return -ENOMEM;
	}
	if (revents & it->events)
		epoll_item_ready(it);
	return 0;
}

static void epoll_modify(struct epitem *it, const struct epoll_event *ev)
{
	__atomic_store_n(&it->events, ev->events | EPOLLERR | EPOLLHUP,
			 __ATOMIC_RELEASE);
	it->data = ev->data;
	if (fs_poll_file(it->file, NULL) & it->events)
		epoll_item_ready(it);
}

/*
 * How many instances deep @ep watches (0: none); more than
 * EPOLL_MAX_NESTS when it reaches @into, which would close a cycle.
 */
static int epoll_depth_down(struct epoll *ep, struct epoll *into, int depth)
{
	int result = 0;

	for (struct epitem *it = ep->items; it; it = it->next) {
		struct epoll *sub = epoll_of(it->file);
		int d;

		if (!sub)
			continue;
		if (sub == into || depth > EPOLL_MAX_NESTS)
			return EPOLL_MAX_NESTS + 1;
		d = epoll_depth_down(sub, into, depth + 1) + 1;
		if (d > result)
			result = d;
		if (result > EPOLL_MAX_NESTS)
			break;
	}
	return result;
}

/* How many instances deep @ep is watched (0: by none). Every watch is
 * an item's: epoll is the one user of file watches. */
static int epoll_depth_up(struct epoll *ep, int depth)
{
	int result = 0;

	if (depth > EPOLL_MAX_NESTS)
		return EPOLL_MAX_NESTS + 1;
	for (struct fs_watch *w = file_watch_first(ep->file); w;
	     w = fs_watch_next(w)) {
		struct epitem *it = container_of(w, struct epitem, watch);
		int d = epoll_depth_up(it->ep, depth + 1) + 1;

		if (d > result)
			result = d;
	}
	return result;
}

static bool epoll_would_loop(struct epoll *ep, struct epoll *to)
{
	int down = epoll_depth_down(to, ep, 0);

	if (down > EPOLL_MAX_NESTS)
		return true;
	return down + 1 + epoll_depth_up(ep, 0) > EPOLL_MAX_NESTS;
}

/* EPOLLEXCLUSIVE goes with these only, and never on an epoll file. */
#define EPOLL_EXCLUSIVE_OK                                                  \
	(EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET | \
	 EPOLLEXCLUSIVE)

int epoll_ctl_file(struct epoll *ep, int op, int fd, struct file *tf,
		   const struct epoll_event *ev)
{
	struct epoll *to = epoll_of(tf);
	struct epitem *it;
	int err;

	if (op != EPOLL_CTL_DEL && (ev->events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_CTL_MOD)
			return -EINVAL;
		if (op == EPOLL_CTL_ADD &&
		    (to || (ev->events & ~EPOLL_EXCLUSIVE_OK)))
			return -EINVAL;
	}
	frame_mutex_lock(&epoll_mtx);
	if (op == EPOLL_CTL_ADD && to && epoll_would_loop(ep, to)) {
		err = -ELOOP;
		goto out;
	}
	it = epoll_lookup(ep, tf, fd);
	switch (op) {
	case EPOLL_CTL_ADD:
		err = it ? -EEXIST : epoll_insert(ep, fd, tf, ev);
		break;
	case EPOLL_CTL_DEL:
		err = it ? 0 : -ENOENT;
		if (it)
			epoll_item_remove(it);
		break;
	case EPOLL_CTL_MOD:
		err = !it ? -ENOENT : it->events & EPOLLEXCLUSIVE ? -EINVAL : 0;
		if (!err)
			epoll_modify(it, ev);
		break;
	default:
		err = -EINVAL;
	}
out:
	frame_mutex_unlock(&epoll_mtx);
	return err;
}

/*
 * Whether an item of @ep has an event now; epoll_mtx held. The list only
 * grows at its tail meanwhile (items leave it under epoll_mtx), so it is
 * walked one link at a time under the lock, polling outside it.
 */
static bool epoll_any_ready(struct epoll *ep)
{
	struct epitem *it;
	uint64_t fl;

	fl = frame_spin_lock_irqsave(&ep->lock);
	it = ep->rd.first;
	frame_spin_unlock_irqrestore(&ep->lock, fl);
	while (it) {
		uint32_t want = __atomic_load_n(&it->events, __ATOMIC_ACQUIRE);

		if ((want & ~EPOLL_PRIVATE) &&
		    (fs_poll_file(it->file, NULL) & want))
			return true;
		fl = frame_spin_lock_irqsave(&ep->lock);
		it = it->rd_next;
		frame_spin_unlock_irqrestore(&ep->lock, fl);
	}
	return false;
}

/*
 * An epoll file is readable while one of its items has an event (poll,
 * select, and an instance watching this one). Called with epoll_mtx
 * already held from a harvest or epoll_ctl of an outer instance.
 */
static unsigned int epoll_file_poll(struct file *f, struct frame_poller *p)
{
	struct epoll *ep = epoll_of(f);
	bool held = frame_mutex_held(&epoll_mtx);
	bool ready;

	fs_poll_wait(p, &ep->poll_wq);
	if (!held)
		frame_mutex_lock(&epoll_mtx);
	ready = epoll_any_ready(ep);
	if (!held)
		frame_mutex_unlock(&epoll_mtx);
	return ready ? EPOLLIN | EPOLLRDNORM : 0;
}

/* The instance's own last reference: its items go (those of instances
 * watching it went first, in epoll_file_gone()). */
static void epoll_file_release(struct file *f)
{
	struct epoll *ep = epoll_of(f);

	frame_mutex_lock(&epoll_mtx);
	while (ep->items)
		epoll_item_remove(ep->items);
	frame_mutex_unlock(&epoll_mtx);
	frame_free(ep);
}

static const struct file_ops epoll_fops = {
	.poll = epoll_file_poll,
	.release = epoll_file_release,
};

int epoll_file_create(struct file **out)
{
	static bool hooked; /* epoll_mtx */
	struct epoll *ep;

	/* Items exist only once an instance does: hook fs then. */
	frame_mutex_lock(&epoll_mtx);
	if (!hooked)
		fs_set_watch_release(epoll_file_gone);
	hooked = true;
	frame_mutex_unlock(&epoll_mtx);
	/* zeroed: the spinlock starts unlocked, the lists empty */
	ep = frame_zalloc(sizeof(*ep));
	if (!ep)
		return -ENOMEM;
	frame_waitq_init(&ep->wq);
	frame_waitq_init(&ep->poll_wq);
	*out = file_create_anon(&epoll_fops, O_RDWR, &ep->priv);
	if (!*out) {
		frame_free(ep);
		return -ENOMEM;
	}
	ep->file = *out;
	return 0;
}
