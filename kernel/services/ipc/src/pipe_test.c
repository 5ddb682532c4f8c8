/* SPDX-License-Identifier: MIT */
/* ktests of the pipe buffer: order, atomicity, EOF, EPIPE, blocking, poll. */
#include "pipe.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>
#include <frame/task.h>
#include <frame/time.h>

static uint8_t big_in[PIPE_SIZE + PIPE_BUF], big_out[PIPE_SIZE + PIPE_BUF];

static ssize_t kwrite(struct pipe *p, uint8_t *buf, size_t n, bool nb)
{
	struct pipe_io io = { .kbuf = buf, .klen = n };

	return pipe_write(p, &io, nb);
}

static ssize_t kread(struct pipe *p, uint8_t *buf, size_t n, bool nb)
{
	struct pipe_io io = { .kbuf = buf, .klen = n };

	return pipe_read(p, &io, nb);
}

static void fill_pattern(uint8_t *buf, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)(i * 7 + seed);
}

KTEST(pipe_bytes_come_out_in_order)
{
	struct pipe *p = pipe_create();
	uint8_t msg[] = "hello, pipe", out[32];

	KT_ASSERT_NOT_NULL(p);
	KT_ASSERT_EQ(kwrite(p, msg, 5, false), 5);
	KT_ASSERT_EQ(kwrite(p, msg + 5, sizeof(msg) - 5, false),
		     (ssize_t)sizeof(msg) - 5);
	KT_ASSERT_EQ(pipe_nread(p), sizeof(msg));
	/* A read takes what is there, up to its size. */
	KT_ASSERT_EQ(kread(p, out, 3, false), 3);
	KT_ASSERT_EQ(kread(p, out + 3, sizeof(out) - 3, false),
		     (ssize_t)sizeof(msg) - 3);
	KT_ASSERT_STREQ((char *)out, "hello, pipe");
	KT_ASSERT_EQ(pipe_nread(p), 0);
	pipe_close_end(p, true);
	pipe_close_end(p, false);
}

KTEST(pipe_wraps_around_the_ring)
{
	struct pipe *p = pipe_create();
	size_t chunk = 10000, moved = 0;

	KT_ASSERT_NOT_NULL(p);
	fill_pattern(big_in, sizeof(big_in), 3);
	/* Many times the ring's size in pieces that straddle its end. */
	for (int round = 0; round < 20; round++) {
		KT_ASSERT_EQ(kwrite(p, big_in + moved % 4096, chunk, true),
			     (ssize_t)chunk);
		KT_ASSERT_EQ(kread(p, big_out, chunk, true), (ssize_t)chunk);
		KT_ASSERT_EQ(memcmp(big_out, big_in + moved % 4096, chunk), 0);
		moved += chunk;
	}
	pipe_close_end(p, false);
	pipe_close_end(p, true);
}

KTEST(pipe_eof_when_no_writer)
{
	struct pipe *p = pipe_create();
	uint8_t buf[8] = "abc";

	KT_ASSERT_NOT_NULL(p);
	KT_ASSERT_EQ(kwrite(p, buf, 3, false), 3);
	pipe_close_end(p, true);
	/* Queued data first, then end of file, also when non-blocking. */
	KT_ASSERT_EQ(kread(p, buf, sizeof(buf), false), 3);
	KT_ASSERT_EQ(kread(p, buf, sizeof(buf), false), 0);
	KT_ASSERT_EQ(kread(p, buf, sizeof(buf), true), 0);
	KT_ASSERT_EQ(pipe_poll_read(p), PIPE_POLLHUP);
	pipe_close_end(p, false);
}

KTEST(pipe_epipe_when_no_reader)
{
	struct pipe *p = pipe_create();
	uint8_t buf[4] = "xyz";

	KT_ASSERT_NOT_NULL(p);
	pipe_close_end(p, false);
	KT_ASSERT_ERR(kwrite(p, buf, 3, false), -EPIPE);
	KT_ASSERT_ERR(kwrite(p, buf, 3, true), -EPIPE);
	KT_ASSERT(pipe_poll_write(p) & PIPE_POLLERR);
	pipe_close_end(p, true);
}

KTEST(pipe_nonblocking_eagain_and_partial_writes)
{
	struct pipe *p = pipe_create();
	uint8_t small[PIPE_BUF];

	KT_ASSERT_NOT_NULL(p);
	KT_ASSERT_ERR(kread(p, small, sizeof(small), true), -EAGAIN);
	fill_pattern(big_in, sizeof(big_in), 1);
	/* A big write fills the ring and stops there. */
	KT_ASSERT_EQ(kwrite(p, big_in, sizeof(big_in), true),
		     (ssize_t)PIPE_SIZE);
	KT_ASSERT_EQ(pipe_nread(p), PIPE_SIZE);
	KT_ASSERT_ERR(kwrite(p, big_in, 1, true), -EAGAIN);
	KT_ASSERT_EQ(pipe_poll_write(p), 0);
	/* Room for 100 bytes: an atomic write of 200 is refused whole... */
	KT_ASSERT_EQ(kread(p, big_out, 100, true), 100);
	KT_ASSERT_ERR(kwrite(p, small, 200, true), -EAGAIN);
	/* ...one of 100 fits, and a large one takes what fits. */
	KT_ASSERT_EQ(kread(p, big_out + 100, 50, true), 50);
	KT_ASSERT_EQ(kwrite(p, small, 20, true), 20);
	KT_ASSERT_EQ(kwrite(p, big_in, PIPE_BUF + 1, true), 130);
	KT_ASSERT_EQ(pipe_nread(p), PIPE_SIZE);
	KT_ASSERT_EQ(kread(p, big_out, PIPE_SIZE, true), (ssize_t)PIPE_SIZE);
	KT_ASSERT_EQ(memcmp(big_out, big_in + 150, PIPE_SIZE - 150), 0);
	KT_ASSERT_EQ(memcmp(big_out + PIPE_SIZE - 130, big_in, 130), 0);
	pipe_close_end(p, true);
	pipe_close_end(p, false);
}

KTEST(pipe_poll_readiness)
{
	struct pipe *p = pipe_create();
	uint8_t b = 1;

	KT_ASSERT_NOT_NULL(p);
	KT_ASSERT_EQ(pipe_poll_read(p), 0);
	KT_ASSERT_EQ(pipe_poll_write(p), PIPE_POLLOUT | PIPE_POLLWRNORM);
	KT_ASSERT_EQ(kwrite(p, &b, 1, true), 1);
	KT_ASSERT_EQ(pipe_poll_read(p), PIPE_POLLIN | PIPE_POLLRDNORM);
	pipe_close_end(p, true);
	KT_ASSERT_EQ(pipe_poll_read(p),
		     PIPE_POLLIN | PIPE_POLLRDNORM | PIPE_POLLHUP);
	pipe_close_end(p, false);
}

/* A task on the other end, for the blocking cases. */
static struct peer {
	struct task_entry entry;
	struct pipe *p;
	size_t n;
	ssize_t ret;
	uint64_t done_at;
	bool write;
} peer;

static int peer_run(struct task_entry *e)
{
	struct peer *pr = container_of(e, struct peer, entry);

	if (pr->write)
		pr->ret = kwrite(pr->p, big_in, pr->n, false);
	else
		pr->ret = kread(pr->p, big_out, pr->n, false);
	__atomic_store_n(&pr->done_at, frame_clock_monotonic_ns(),
			 __ATOMIC_RELEASE);
	return 0;
}

static struct task *start_peer(struct pipe *p, bool write, size_t n)
{
	peer.p = p;
	peer.write = write;
	peer.n = n;
	peer.ret = 0;
	peer.done_at = 0;
	task_entry_init(&peer.entry, peer_run);
	return task_spawn("ktest-pipe", &peer.entry, TASK_PRIO_NORMAL);
}

KTEST(pipe_blocking_read_waits_for_a_writer)
{
	struct pipe *p = pipe_create();
	uint8_t msg[4] = "abc";
	struct task *t;

	KT_ASSERT_NOT_NULL(p);
	t = start_peer(p, false, 16);
	KT_ASSERT_NOT_NULL(t);
	task_sleep_ns(20 * FRAME_NSEC_PER_MSEC);
	KT_ASSERT_EQ(__atomic_load_n(&peer.done_at, __ATOMIC_ACQUIRE), 0);
	KT_ASSERT_EQ(kwrite(p, msg, 3, false), 3);
	KT_ASSERT_OK(task_join(t));
	KT_ASSERT_EQ(peer.ret, 3);
	KT_ASSERT_EQ(memcmp(big_out, "abc", 3), 0);
	/* The last writer leaving wakes a blocked reader with EOF. */
	t = start_peer(p, false, 16);
	KT_ASSERT_NOT_NULL(t);
	task_sleep_ns(20 * FRAME_NSEC_PER_MSEC);
	pipe_close_end(p, true);
	KT_ASSERT_OK(task_join(t));
	KT_ASSERT_EQ(peer.ret, 0);
	pipe_close_end(p, false);
}

KTEST(pipe_blocking_write_moves_everything_through)
{
	struct pipe *p = pipe_create();
	size_t total = sizeof(big_in), got = 0;
	struct task *t;

	KT_ASSERT_NOT_NULL(p);
	fill_pattern(big_in, sizeof(big_in), 9);
	memset(big_out, 0, sizeof(big_out));
	/* More than the ring holds: the writer sleeps until we read. */
	t = start_peer(p, true, total);
	KT_ASSERT_NOT_NULL(t);
	task_sleep_ns(20 * FRAME_NSEC_PER_MSEC);
	KT_ASSERT_EQ(__atomic_load_n(&peer.done_at, __ATOMIC_ACQUIRE), 0);
	KT_ASSERT_EQ(pipe_nread(p), PIPE_SIZE);
	{
		static uint8_t sink[PIPE_SIZE + PIPE_BUF];

		while (got < total) {
			ssize_t n = kread(p, sink + got, total - got, false);

			KT_ASSERT_GT(n, 0);
			got += (size_t)n;
		}
		KT_ASSERT_OK(task_join(t));
		KT_ASSERT_EQ(peer.ret, (ssize_t)total);
		KT_ASSERT_EQ(memcmp(sink, big_in, total), 0);
	}
	pipe_close_end(p, true);
	pipe_close_end(p, false);
}

KTEST(pipe_blocked_writer_gets_epipe_when_reader_leaves)
{
	struct pipe *p = pipe_create();
	struct task *t;

	KT_ASSERT_NOT_NULL(p);
	t = start_peer(p, true, sizeof(big_in));
	KT_ASSERT_NOT_NULL(t);
	task_sleep_ns(20 * FRAME_NSEC_PER_MSEC);
	pipe_close_end(p, false);
	KT_ASSERT_OK(task_join(t));
	/* It had written a ring's worth: a short count, not EPIPE. */
	KT_ASSERT_EQ(peer.ret, (ssize_t)PIPE_SIZE);
	pipe_close_end(p, true);
}

KTEST(pipe_atomic_writes_do_not_interleave)
{
	struct pipe *p = pipe_create();
	static uint8_t a[PIPE_BUF], sink[PIPE_SIZE];
	struct task *t;
	ssize_t n;

	KT_ASSERT_NOT_NULL(p);
	/* Leave room for less than PIPE_BUF, then two writers of PIPE_BUF:
	 * each record must arrive whole. */
	memset(big_in, 'B', PIPE_BUF);
	memset(a, 'A', sizeof(a));
	KT_ASSERT_EQ(kwrite(p, sink, PIPE_SIZE - 100, true),
		     (ssize_t)(PIPE_SIZE - 100));
	t = start_peer(p, true, PIPE_BUF);
	KT_ASSERT_NOT_NULL(t);
	task_sleep_ns(10 * FRAME_NSEC_PER_MSEC);
	KT_ASSERT_EQ(pipe_nread(p), PIPE_SIZE - 100);
	KT_ASSERT_EQ(kread(p, sink, PIPE_SIZE - 100, false),
		     (ssize_t)(PIPE_SIZE - 100));
	KT_ASSERT_OK(task_join(t));
	KT_ASSERT_EQ(peer.ret, PIPE_BUF);
	KT_ASSERT_EQ(kwrite(p, a, PIPE_BUF, false), PIPE_BUF);
	n = kread(p, sink, PIPE_SIZE, false);
	KT_ASSERT_EQ(n, 2 * PIPE_BUF);
	for (size_t i = 0; i < PIPE_BUF; i++) {
		KT_ASSERT_EQ(sink[i], 'B');
		KT_ASSERT_EQ(sink[PIPE_BUF + i], 'A');
	}
	pipe_close_end(p, true);
	pipe_close_end(p, false);
}

/* A signal (task_interrupt) ends a blocked read with -ERESTARTSYS. */
KTEST(pipe_blocked_read_is_interruptible)
{
	struct pipe *p = pipe_create();
	struct task *t;

	KT_ASSERT_NOT_NULL(p);
	t = start_peer(p, false, 8);
	KT_ASSERT_NOT_NULL(t);
	task_sleep_ns(20 * FRAME_NSEC_PER_MSEC);
	task_interrupt(t);
	KT_ASSERT_OK(task_join(t));
	KT_ASSERT_ERR(peer.ret, -ERESTARTSYS);
	pipe_close_end(p, true);
	pipe_close_end(p, false);
}

/* F_SETPIPE_SZ: rounding, the ceiling, EBUSY, and the queued bytes kept in
 * order across a resize of a ring that had wrapped. */
KTEST(pipe_resize_keeps_the_queued_bytes)
{
	static uint8_t in[3000], out[3000];
	struct pipe *p = pipe_create();

	KT_ASSERT(p != NULL);
	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i * 7 + 1);
	KT_ASSERT_EQ(pipe_size(p), PIPE_SIZE);
	KT_ASSERT_EQ(pipe_set_size(p, 1), PIPE_PAGE_SIZE);
	KT_ASSERT_EQ(pipe_set_size(p, 5000), 2 * PIPE_PAGE_SIZE);
	KT_ASSERT_EQ(pipe_set_size(p, PIPE_MAX_SIZE + 1), -EPERM);
	KT_ASSERT_EQ(pipe_set_size(p, (1ull << 31) + 1), -EINVAL);
	/* Wrap the 8 KiB ring, then leave 3000 bytes straddling its end. */
	KT_ASSERT_EQ(kwrite(p, in, 3000, true), 3000);
	KT_ASSERT_EQ(kread(p, out, 3000, true), 3000);
	KT_ASSERT_EQ(kwrite(p, in, 3000, true), 3000);
	KT_ASSERT_EQ(kread(p, out, 3000, true), 3000);
	KT_ASSERT_EQ(kwrite(p, in, 3000, true), 3000);
	KT_ASSERT_EQ(pipe_set_size(p, 2048), PIPE_PAGE_SIZE);
	KT_ASSERT_EQ(kwrite(p, in, 2000, true), -EAGAIN);
	KT_ASSERT_EQ(pipe_set_size(p, 3 * PIPE_PAGE_SIZE), 4 * PIPE_PAGE_SIZE);
	KT_ASSERT_EQ(pipe_nread(p), 3000);
	KT_ASSERT_EQ(kread(p, out, 3000, true), 3000);
	KT_ASSERT_EQ(memcmp(out, in, 3000), 0);
	KT_ASSERT_EQ(kwrite(p, in, 3000, true), 3000);
	KT_ASSERT_EQ(kwrite(p, in, 3000, true), 3000);
	KT_ASSERT_EQ(pipe_set_size(p, PIPE_PAGE_SIZE), -EBUSY);
	pipe_close_end(p, true);
	pipe_close_end(p, false);
}
