/* SPDX-License-Identifier: MIT */
/* epoll_excl.h - EPOLLEXCLUSIVE across instances (part of epoll.c): one
 * event on a file that several instances watch exclusively wakes one of
 * their waiters, where plain items wake them all. */
#ifndef ABI_EPOLL_EXCL_H
#define ABI_EPOLL_EXCL_H

#include <fcntl.h>
#include <sys/epoll.h>

#define EXCL_WAITERS 3

/* The state letter of /proc/@pid/stat, or 0. */
static char excl_state(pid_t pid)
{
	char path[64], buf[256], *rp;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	rp = strrchr(buf, ')');
	return rp && rp[1] == ' ' ? rp[2] : 0;
}

/* Wait (up to 20 s) until @pid sleeps: 0, or -1. */
static int excl_wait_asleep(pid_t pid)
{
	for (int i = 0; i < 20000; i++) {
		if (excl_state(pid) == 'S')
			return 0;
		usleep(1000);
	}
	return -1;
}

/*
 * @n children, each with its own instance watching @rfd (EPOLLIN plus
 * @extra), block in epoll_wait for up to 3 s; once all sleep, one byte
 * is written. Returns how many saw the event (each child's result comes
 * back through a pipe), or -1.
 */
static int excl_round(int rfd, int wfd, uint32_t extra, int n)
{
	pid_t pids[EXCL_WAITERS];
	int res[2], woke = 0, ok = 0;
	char c;

	if (pipe(res))
		return -1;
	for (int i = 0; i < n; i++) {
		int go[2];

		if (pipe(go))
			return -1;
		pids[i] = fork();
		if (pids[i] == 0) {
			struct epoll_event ev = { .events = EPOLLIN | extra };
			int ep = epoll_create1(0), got;

			if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, rfd, &ev))
				_exit(3);
			/* the last thing before the wait: say so */
			if (write(go[1], "g", 1) != 1)
				_exit(4);
			got = epoll_wait(ep, &ev, 1, 3000);
			c = got == 1 ? 'w' : got == 0 ? 't' : 'e';
			_exit(write(res[1], &c, 1) == 1 ? 0 : 5);
		}
		close(go[1]);
		if (pids[i] < 0 || read(go[0], &c, 1) != 1 ||
		    excl_wait_asleep(pids[i]))
			ok = -1;
		close(go[0]);
	}
	if (write(wfd, "x", 1) != 1)
		ok = -1;
	for (int i = 0; i < n; i++) {
		int st;

		if (pids[i] > 0 && (waitpid(pids[i], &st, 0) != pids[i] ||
				    !WIFEXITED(st) || WEXITSTATUS(st)))
			ok = -1;
	}
	close(res[1]);
	while (read(res[0], &c, 1) == 1) {
		if (c == 'w')
			woke++;
		else if (c != 't')
			ok = -1;
	}
	close(res[0]);
	/* empty the pipe for the next round */
	fcntl(rfd, F_SETFL, O_NONBLOCK);
	while (read(rfd, &c, 1) == 1)
		;
	fcntl(rfd, F_SETFL, 0);
	return ok ? ok : woke;
}

static void test_exclusive_wakeups(void)
{
	int p[2];

	if (pipe(p)) {
		CHECK("excl.pipe", 0);
		return;
	}
	CHECK_EQ("excl.wakes_one", excl_round(p[0], p[1], EPOLLEXCLUSIVE,
					      EXCL_WAITERS), 1);
	CHECK_EQ("excl.plain_wakes_all", excl_round(p[0], p[1], 0,
						    EXCL_WAITERS),
		 EXCL_WAITERS);
	close(p[0]);
	close(p[1]);
}

#endif /* ABI_EPOLL_EXCL_H */
