/* SPDX-License-Identifier: MIT */
/* The wait engine under poll, ppoll, select and pselect6. */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/sync.h>
#include <frame/time.h>

#include "poll.h"

#define POLL_CHUNK 32

/* Entries for the queues the files register, in chunks. */
struct poll_chunk {
	struct poll_chunk *next;
	size_t used;
	struct frame_poll_entry e[POLL_CHUNK];
};

struct poll_table {
	struct fs_poll_hook h; /* h.p_ is the poller the call sleeps on */
	struct poll_chunk *chunks;
	bool oom; /* an entry could not be had: poll by timer instead */
};

void fs_poll_hook_init(struct fs_poll_hook *h,
		       void (*queue)(struct fs_poll_hook *h,
				     struct frame_waitq *wq))
{
	frame_poller_init(&h->p_, true);
	h->queue_ = queue;
}

/*
 * Every poller a poll op is given is the one in a struct fs_poll_hook:
 * poll/select's table or a watcher's hook; the hook says what to do.
 */
void fs_poll_wait(struct frame_poller *p, struct frame_waitq *wq)
{
	struct fs_poll_hook *h;

	if (!p)
		return;
	h = container_of(p, struct fs_poll_hook, p_);
	h->queue_(h, wq);
}

/* poll and select's queue: a one-shot entry on the table's poller */
static void poll_table_queue(struct fs_poll_hook *h, struct frame_waitq *wq)
{
	struct poll_table *t = container_of(h, struct poll_table, h);
	struct poll_chunk *c;

	c = t->chunks;
	if (!c || c->used == POLL_CHUNK) {
		c = frame_zalloc(sizeof(*c));
		if (!c) {
			t->oom = true;
			return;
		}
		c->next = t->chunks;
		t->chunks = c;
	}
	frame_poller_add(&t->h.p_, wq, &c->e[c->used++]);
}

static unsigned int poll_one(struct file *f, struct frame_poller *p)
{
	if (!f->ops || !f->ops->poll)
		return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
	return f->ops->poll(f, p);
}

unsigned int fs_poll_file(struct file *f, struct fs_poll_hook *h)
{
	return poll_one(f, h ? &h->p_ : NULL);
}

bool fs_file_pollable(const struct file *f)
{
	return f->ops && f->ops->poll;
}

/* One pass: revents of every entry; how many are ready. */
static int poll_scan(struct fs_pollfd *v, size_t n, struct frame_poller *p)
{
	int ready = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned int m;

		if (!v[i].f) {
			v[i].revents = v[i].nval ? POLLNVAL : 0;
			ready += v[i].nval;
			continue;
		}
		m = poll_one(v[i].f, p);
		v[i].revents =
			(short)(m & ((unsigned int)(unsigned short)v[i].events |
				     POLLERR | POLLHUP));
		ready += v[i].revents != 0;
	}
	return ready;
}

uint64_t fs_poll_deadline(int64_t ns)
{
	uint64_t now = frame_clock_monotonic_ns();

	if (ns < 0)
		return FRAME_WAIT_FOREVER;
	if ((uint64_t)ns > FRAME_WAIT_FOREVER - 1 - now)
		return FRAME_WAIT_FOREVER - 1;
	return now + (uint64_t)ns;
}

int fs_poll_run(struct fs_pollfd *v, size_t n, uint64_t deadline)
{
	struct poll_table t = { .chunks = NULL, .oom = false };
	bool last = deadline != FRAME_WAIT_FOREVER &&
		    frame_clock_monotonic_ns() >= deadline;
	int ready, err;

	fs_poll_hook_init(&t.h, poll_table_queue);
	ready = poll_scan(v, n, last ? NULL : &t.h.p_);
	while (!ready && !last) {
		uint64_t dl = deadline;

		frame_poller_prepare(&t.h.p_);
		ready = poll_scan(v, n, NULL);
		if (ready)
			break;
		if (t.oom) /* not every queue is watched: look again soon */
			dl = MIN(dl, frame_clock_monotonic_ns() + 10000000u);
		err = frame_poller_sleep(&t.h.p_, dl);
		if (err == -EINTR) {
			ready = -ERESTARTNOHAND;
			break;
		}
		if (err == -ETIMEDOUT && dl == deadline) {
			ready = poll_scan(v, n, NULL);
			break;
		}
	}
	frame_poller_finish(&t.h.p_);
	while (t.chunks) {
		struct poll_chunk *c = t.chunks;

		t.chunks = c->next;
		frame_free(c);
	}
	return ready;
}
