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
	struct frame_poller p;
	struct poll_chunk *chunks;
	bool oom; /* an entry could not be had: poll by timer instead */
};

void fs_poll_wait(struct frame_poller *p, struct frame_waitq *wq)
{
	struct poll_table *t;
	struct poll_chunk *c;

	if (!p)
		return;
	t = container_of(p, struct poll_table, p);
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
	frame_poller_add(&t->p, wq, &c->e[c->used++]);
}

static unsigned int poll_one(struct file *f, struct frame_poller *p)
{
	if (!f->ops || !f->ops->poll)
		return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
	return f->ops->poll(f, p);
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

	frame_poller_init(&t.p, true);
	ready = poll_scan(v, n, last ? NULL : &t.p);
	while (!ready && !last) {
		uint64_t dl = deadline;

		frame_poller_prepare(&t.p);
		ready = poll_scan(v, n, NULL);
		if (ready)
			break;
		if (t.oom) /* not every queue is watched: look again soon */
			dl = MIN(dl, frame_clock_monotonic_ns() + 10000000u);
		err = frame_poller_sleep(&t.p, dl);
		if (err == -EINTR) {
			ready = -ERESTARTNOHAND;
			break;
		}
		if (err == -ETIMEDOUT && dl == deadline) {
			ready = poll_scan(v, n, NULL);
			break;
		}
	}
	frame_poller_finish(&t.p);
	while (t.chunks) {
		struct poll_chunk *c = t.chunks;

		t.chunks = c->next;
		frame_free(c);
	}
	return ready;
}
