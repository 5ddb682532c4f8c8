/* SPDX-License-Identifier: MIT */
/* pipes.c - pipe and pipe2: data order, EOF, blocking reads woken by a
 * writer, O_NONBLOCK EAGAIN, PIPE_BUF atomicity between writers, EPIPE
 * and SIGPIPE, FIONREAD, F_GETPIPE_SZ. */
#include "abi.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sys/select.h>
#include <sys/ioctl.h>
#include <time.h>

#define WRITERS 4
#define CHUNKS	64

static int writer(void *arg)
{
	int *a = arg;
	char buf[PIPE_BUF];
	int i;

	memset(buf, 'a' + a[1], sizeof(buf));
	for (i = 0; i < CHUNKS; i++)
		if (write(a[0], buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			return 1;
	return 0;
}

static int sigpipe_writer(void *arg)
{
	int *p = arg;

	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGPIPE);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	signal(SIGPIPE, SIG_DFL);
	write(p[1], "x", 1);
	return 3; /* not reached: SIGPIPE kills */
}

/* poll and select over pipe ends: readiness, time-outs, hang-ups. */
static void test_poll(void)
{
	struct timeval tv = { 0, 50000 };
	struct timespec t0, t1;
	struct pollfd pf[2];
	fd_set r, w;
	int p[2];
	char c;

	pipe(p);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_EQ("select.timeout", select(p[0] + 1, &r, NULL, NULL, &tv), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK("select.waited",
	      (t1.tv_sec - t0.tv_sec) * 1000000000L + t1.tv_nsec - t0.tv_nsec >=
		      45000000L);
	CHECK("select.cleared", !FD_ISSET(p[0], &r));
	write(p[1], "z", 1);
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(p[0], &r);
	FD_SET(p[1], &w);
	tv.tv_sec = 1;
	CHECK_EQ("select.ready", select(p[1] + 1, &r, &w, NULL, &tv), 2);
	CHECK("select.sets", FD_ISSET(p[0], &r) && FD_ISSET(p[1], &w));
	read(p[0], &c, 1);
	pf[0] = (struct pollfd){ p[0], POLLIN, 0 };
	CHECK_EQ("poll.timeout", poll(pf, 1, 30), 0);
	close(p[1]);
	CHECK_EQ("poll.hup", poll(pf, 1, 1000), 1);
	CHECK_EQ("poll.hup_revents", pf[0].revents & (POLLHUP | POLLIN),
		 POLLHUP);
	close(p[0]);
	pipe(p);
	close(p[0]);
	pf[1] = (struct pollfd){ p[1], POLLOUT, 0 };
	CHECK_EQ("poll.no_reader", poll(&pf[1], 1, 1000), 1);
	CHECK("poll.no_reader_err", pf[1].revents & POLLERR);
	close(p[1]);
}

int main(int argc, char **argv)
{
	int p[2], q[2], n, st, i, ok;
	char buf[PIPE_BUF];
	struct timespec t0, t1;
	pid_t pid;

	(void)argc;
	abi_start(argv[0]);
	CHECK_OK("pipe.ok", pipe(p));
	CHECK_EQ("pipe.read_end", fcntl(p[0], F_GETFL) & O_ACCMODE, O_RDONLY);
	CHECK_EQ("pipe.write_end", fcntl(p[1], F_GETFL) & O_ACCMODE, O_WRONLY);
	CHECK_EQ("write.count", write(p[1], "hello", 5), 5);
	CHECK_OK("fionread.ok", ioctl(p[0], FIONREAD, &n));
	CHECK_EQ("fionread.count", n, 5);
	CHECK_EQ("read.partial", read(p[0], buf, 3), 3);
	CHECK_EQ("read.rest", read(p[0], buf, sizeof(buf)), 2);
	CHECK("read.order", memcmp(buf, "lo", 2) == 0);
	CHECK_ERR("read.write_end", read(p[1], buf, 1), EBADF);
	CHECK_ERR("write.read_end", write(p[0], buf, 1), EBADF);
	CHECK_ERR("lseek.espipe", lseek(p[0], 0, SEEK_SET), ESPIPE);
	CHECK_EQ("getpipe_sz", fcntl(p[0], F_GETPIPE_SZ), 65536);
	CHECK_EQ("setpipe_sz.rounds_up", fcntl(p[1], F_SETPIPE_SZ, 5000), 8192);
	CHECK_EQ("setpipe_sz.seen_by_both_ends", fcntl(p[0], F_GETPIPE_SZ),
		 8192);
	CHECK_EQ("setpipe_sz.page_minimum", fcntl(p[1], F_SETPIPE_SZ, 1), 4096);
	{
		char fill[6000] = { 0 };

		fcntl(p[1], F_SETPIPE_SZ, 8192);
		CHECK_EQ("setpipe_sz.write", write(p[1], fill, sizeof(fill)),
			 (ssize_t)sizeof(fill));
		CHECK_ERR("setpipe_sz.ebusy", fcntl(p[1], F_SETPIPE_SZ, 4096),
			  EBUSY);
		CHECK_EQ("setpipe_sz.drain", read(p[0], fill, sizeof(fill)),
			 (ssize_t)sizeof(fill));
	}
	CHECK_ERR("setpipe_sz.einval_huge",
		  fcntl(p[1], F_SETPIPE_SZ, -1), EINVAL);
	CHECK_EQ("setpipe_sz.back", fcntl(p[1], F_SETPIPE_SZ, 65536), 65536);

	/* A blocked reader wakes when a writer writes. */
	pid = fork();
	if (pid == 0) {
		struct timespec d = { 0, 100000000 };

		nanosleep(&d, NULL);
		write(p[1], "late", 4);
		_exit(0);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_EQ("read.blocks", read(p[0], buf, sizeof(buf)), 4);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK("read.waited",
	      (t1.tv_sec - t0.tv_sec) * 1000000000L + t1.tv_nsec - t0.tv_nsec >
		      50000000L);
	waitpid(pid, NULL, 0);

	close(p[1]);
	CHECK_EQ("read.eof", read(p[0], buf, sizeof(buf)), 0);
	close(p[0]);

	CHECK_OK("pipe2.flags", pipe2(q, O_NONBLOCK | O_CLOEXEC));
	CHECK_EQ("pipe2.cloexec", fcntl(q[0], F_GETFD), FD_CLOEXEC);
	CHECK_EQ("pipe2.nonblock", (fcntl(q[1], F_GETFL) & O_NONBLOCK) != 0, 1);
	CHECK_ERR("read.eagain", read(q[0], buf, 1), EAGAIN);
	for (n = 0; write(q[1], buf, sizeof(buf)) > 0;)
		n++;
	CHECK_EQ("write.full_eagain", errno, EAGAIN);
	CHECK_EQ("pipe.capacity", n * (int)sizeof(buf), 65536);
	{
		struct pollfd pf[2] = { { q[0], POLLIN, 0 },
					{ q[1], POLLOUT, 0 } };

		CHECK_EQ("poll.full", poll(pf, 2, 0), 1);
		CHECK_EQ("poll.readable", pf[0].revents, POLLIN);
	}
	CHECK_ERR("pipe2.bad_flags", pipe2(p, O_APPEND), EINVAL);
	close(q[0]);
	close(q[1]);

	/* Writes of PIPE_BUF bytes never interleave. */
	pipe(p);
	for (i = 0; i < WRITERS; i++) {
		int a[2] = { p[1], i };

		if (fork() == 0) {
			close(p[0]);
			_exit(writer(a));
		}
	}
	close(p[1]);
	ok = 1;
	for (n = 0;; n++) {
		ssize_t got = 0, r;

		while (got < (ssize_t)sizeof(buf)) {
			r = read(p[0], buf + got, sizeof(buf) - (size_t)got);
			if (r <= 0)
				break;
			got += r;
		}
		if (got == 0)
			break;
		for (i = 1; i < (int)sizeof(buf); i++)
			if (buf[i] != buf[0])
				ok = 0;
	}
	CHECK_EQ("pipe_buf.chunks", n, WRITERS * CHUNKS);
	CHECK("pipe_buf.atomic", ok);
	for (i = 0, ok = 1; i < WRITERS; i++)
		if (wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			ok = 0;
	CHECK("pipe_buf.writers_ok", ok);
	close(p[0]);

	/* No reader: SIGPIPE by default, EPIPE when ignored. */
	pipe(p);
	close(p[0]);
	st = abi_in_child(sigpipe_writer, p);
	CHECK("sigpipe.kills", WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE);
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR("epipe.ignored", write(p[1], "x", 1), EPIPE);
	close(p[1]);
	signal(SIGPIPE, SIG_DFL);
	test_poll();
	return abi_end();
}
