/* SPDX-License-Identifier: MIT */
/* unix_gc.h - part of unix.c: sockets passed with SCM_RIGHTS that only
 * queues nobody can read still reach are collected, closing what their
 * queues held; sockets something still reaches are left alone. */
#ifndef ABI_UNIX_GC_H
#define ABI_UNIX_GC_H

/* Whether the last writer of pipe @r is gone: EOF within @ms, polled
 * (a collector may run a moment after the close that let it). */
static int gc_writer_gone(int r, int ms)
{
	struct pollfd p = { r, POLLIN, 0 };
	char c;

	if (poll(&p, 1, ms) != 1)
		return 0;
	return read(r, &c, 1) == 0;
}

/* Close a fresh pair: a socket released, which lets a collector run. */
static void gc_nudge(void)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0) {
		close(sv[0]);
		close(sv[1]);
	}
}

static void test_gc(void)
{
	int a[2], b[2], p[2], fds[4], n = -1, fl, two[2];
	char buf[8];

	/* A socket sent over itself, with a pipe's writer beside it. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, a);
	pipe(p);
	two[0] = a[0];
	two[1] = p[1];
	CHECK_EQ("gc.self_send", send_fds(a[1], "s", 1, two, 2), 1);
	close(p[1]);
	close(a[0]);
	CHECK("gc.self_held_before_collection", !gc_writer_gone(p[0], 0));
	close(a[1]);
	gc_nudge();
	CHECK("gc.self_cycle_collected", gc_writer_gone(p[0], 2000));
	close(p[0]);

	/* Two sockets in each other's queues. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, a);
	socketpair(AF_UNIX, SOCK_DGRAM, 0, b);
	pipe(p);
	two[0] = b[0];
	two[1] = p[1];
	CHECK_EQ("gc.pair_send_1", send_fds(a[1], "x", 1, two, 2), 1);
	CHECK_EQ("gc.pair_send_2", send_fds(b[1], "y", 1, &a[0], 1), 1);
	close(p[1]);
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
	gc_nudge();
	CHECK("gc.pair_cycle_collected", gc_writer_gone(p[0], 2000));
	close(p[0]);

	/* In flight but reachable: a socket in the queue of a socket that
	 * still has a descriptor keeps its own queue through collections. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, a);
	socketpair(AF_UNIX, SOCK_STREAM, 0, b);
	pipe(p);
	CHECK_EQ("gc.reach_send_pipe", send_fds(a[1], "p", 1, &p[1], 1), 1);
	CHECK_EQ("gc.reach_send_sock", send_fds(b[1], "q", 1, &a[0], 1), 1);
	close(p[1]);
	close(a[0]);
	close(a[1]);
	gc_nudge();
	gc_nudge();
	CHECK("gc.reachable_kept", !gc_writer_gone(p[0], 100));
	CHECK_EQ("gc.reach_recv_sock",
		 recv_fds(b[0], buf, sizeof(buf), 1, fds, &n, &fl, 0), 1);
	CHECK_EQ("gc.reach_got_sock", n, 1);
	if (n == 1) {
		int sock = fds[0];

		CHECK_EQ("gc.reach_recv_pipe",
			 recv_fds(sock, buf, sizeof(buf), 1, fds, &n, &fl, 0),
			 1);
		CHECK_EQ("gc.reach_got_pipe", n, 1);
		CHECK_EQ("gc.reach_pipe_works",
			 n == 1 ? write(fds[0], "w", 1) : -1, 1);
		CHECK_EQ("gc.reach_pipe_reads", read(p[0], buf, 1), 1);
		if (n == 1)
			close(fds[0]);
		close(sock);
	}
	CHECK("gc.reach_then_closed", gc_writer_gone(p[0], 2000));
	close(p[0]);
	close(b[0]);
	close(b[1]);
}

#endif /* ABI_UNIX_GC_H */
