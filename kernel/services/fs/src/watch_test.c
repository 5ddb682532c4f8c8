/* SPDX-License-Identifier: MIT */
/* ktests of the persistent poll hook and the watch list epoll builds on. */
#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/sync.h>

#include "fs_test.h"

/* A file whose readiness is a flag, woken through one queue. */
struct kt_wfile {
	struct file_priv priv;
	struct frame_waitq wq;
	bool ready;
	int released;
};

static unsigned int kt_wfile_poll(struct file *f, struct frame_poller *p);
static void kt_wfile_release(struct file *f);

static const struct file_ops kt_wfile_ops = { .poll = kt_wfile_poll,
					      .release = kt_wfile_release };

static struct kt_wfile *kt_wfile_of(struct file *f)
{
	return container_of(file_priv(f, &kt_wfile_ops), struct kt_wfile, priv);
}

static unsigned int kt_wfile_poll(struct file *f, struct frame_poller *p)
{
	struct kt_wfile *k = kt_wfile_of(f);

	fs_poll_wait(p, &k->wq);
	return __atomic_load_n(&k->ready, __ATOMIC_ACQUIRE) ? POLLIN : 0;
}

static void kt_wfile_release(struct file *f)
{
	kt_wfile_of(f)->released++;
}

/* A watcher: one callback on the queue its hook was given. */
struct kt_watcher {
	struct fs_poll_hook hook;
	struct fs_watch watch;
	struct frame_waiter cb;
	struct frame_waitq *wq; /* where cb is queued, or NULL */
	int queued, wakes;
	struct file *released; /* what the release function saw */
	bool linked_at_release;
};

static struct kt_watcher *kt_w; /* the one the release function serves */

static void kt_watcher_wake(struct frame_waiter *w)
{
	struct kt_watcher *x = container_of(w, struct kt_watcher, cb);

	__atomic_fetch_add(&x->wakes, 1, __ATOMIC_RELAXED);
}

static void kt_watcher_queue(struct fs_poll_hook *h, struct frame_waitq *wq)
{
	struct kt_watcher *x = container_of(h, struct kt_watcher, hook);

	x->queued++;
	x->wq = wq;
	frame_waitq_add_callback(wq, &x->cb, kt_watcher_wake);
}

static void kt_watch_release(struct file *f)
{
	struct fs_watch *w = file_watch_first(f);

	kt_w->released = f;
	kt_w->linked_at_release = w == &kt_w->watch && fs_watch_file(w) == f;
	if (kt_w->wq)
		frame_waitq_remove_callback(kt_w->wq, &kt_w->cb);
	kt_w->wq = NULL;
	file_watch_del(&kt_w->watch);
}

KTEST(fs_poll_hook_stays_registered_and_watch_release_runs)
{
	struct kt_wfile *k = frame_zalloc(sizeof(*k));
	struct kt_watcher *x = frame_zalloc(sizeof(*x));
	fs_watch_release_fn *old;
	struct file *f;

	KT_ASSERT_NOT_NULL(k);
	KT_ASSERT_NOT_NULL(x);
	frame_waitq_init(&k->wq);
	f = file_create_anon(&kt_wfile_ops, O_RDONLY, &k->priv);
	KT_ASSERT_NOT_NULL(f);
	KT_ASSERT(fs_file_pollable(f));

	/* the hook gets the file's queue; every later wake reaches it */
	fs_poll_hook_init(&x->hook, kt_watcher_queue);
	KT_ASSERT_EQ(fs_poll_file(f, &x->hook), 0u);
	KT_ASSERT_EQ(x->queued, 1);
	KT_ASSERT_EQ(x->wq, &k->wq);
	__atomic_store_n(&k->ready, true, __ATOMIC_RELEASE);
	frame_waitq_wake_all(&k->wq);
	frame_waitq_wake_all(&k->wq);
	KT_ASSERT_EQ(__atomic_load_n(&x->wakes, __ATOMIC_RELAXED), 2);
	/* a look without the hook registers nothing */
	KT_ASSERT_EQ(fs_poll_file(f, NULL), (unsigned int)POLLIN);
	KT_ASSERT_EQ(x->queued, 1);

	/* the last reference runs the release function, then ops->release */
	kt_w = x;
	old = fs_set_watch_release(kt_watch_release);
	file_watch_add(f, &x->watch);
	KT_ASSERT_EQ(fs_watch_file(&x->watch), f);
	file_get(f);
	file_put(f);
	KT_ASSERT_NULL(x->released);
	file_put(f);
	fs_set_watch_release(old);
	KT_ASSERT_EQ(x->released, f);
	KT_ASSERT(x->linked_at_release);
	KT_ASSERT_NULL(fs_watch_file(&x->watch));
	KT_ASSERT_EQ(k->released, 1);
	/* the callback is gone: a wake no longer reaches it */
	frame_waitq_wake_all(&k->wq);
	KT_ASSERT_EQ(__atomic_load_n(&x->wakes, __ATOMIC_RELAXED), 2);
	frame_free(x);
	frame_free(k);
}

KTEST(fs_watch_list_links_and_unlinks)
{
	struct kt_wfile *k = frame_zalloc(sizeof(*k));
	struct fs_watch a = { 0 }, b = { 0 }, c = { 0 };
	struct file *f;

	KT_ASSERT_NOT_NULL(k);
	frame_waitq_init(&k->wq);
	f = file_create_anon(&kt_wfile_ops, O_RDONLY, &k->priv);
	KT_ASSERT_NOT_NULL(f);
	KT_ASSERT_NULL(file_watch_first(f));
	file_watch_add(f, &a);
	file_watch_add(f, &b);
	file_watch_add(f, &c);
	KT_ASSERT_EQ(file_watch_first(f), &c);
	KT_ASSERT_EQ(fs_watch_next(&c), &b);
	KT_ASSERT_EQ(fs_watch_next(&b), &a);
	KT_ASSERT_NULL(fs_watch_next(&a));
	file_watch_del(&b); /* from the middle */
	KT_ASSERT_EQ(fs_watch_next(&c), &a);
	file_watch_del(&b); /* not linked: nothing */
	KT_ASSERT_NULL(fs_watch_file(&b));
	KT_ASSERT_EQ(file_watch_first(f), &c);
	file_watch_del(&c);
	KT_ASSERT_EQ(file_watch_first(f), &a);
	file_watch_del(&a);
	KT_ASSERT_NULL(file_watch_first(f));
	/* no release function set here: the file just goes */
	file_put(f);
	KT_ASSERT_EQ(k->released, 1);
	frame_free(k);
}
