/* SPDX-License-Identifier: MIT */
/* epoll_block.h - waits that block (part of epoll.c): a wait another
 * process ends, many writers at once, signals during a wait, and
 * epoll_pwait2's timeouts. */
#ifndef ABI_EPOLL_BLOCK_H
#define ABI_EPOLL_BLOCK_H

/* A wait that another process ends by writing to a pipe. */
static void test_block(void)
{
	int ep = epoll_create1(0), p[2];
	struct epoll_event ev[1];
	pid_t pid;

	if (pipe(p) != 0)
		return;
	add(ep, p[0], EPOLLIN, 9);
	pid = fork();
	if (pid == 0) {
		struct timespec ts = { 0, 50000000 };

		nanosleep(&ts, NULL);
		write(p[1], "w", 1);
		_exit(0);
	}
	CHECK_EQ("block.woken", wait_n(ep, ev, 1, -1), 1);
	CHECK_EQ("block.data", ev[0].data.u64, 9);
	waitpid(pid, NULL, 0);
	close(p[0]);
	close(p[1]);
	close(ep);
}

/*
 * Four writers, a byte at a time, each on its own pipe; one reader
 * follows them all through one edge-triggered instance, draining each
 * pipe until EAGAIN, until every pipe has hung up. A lost wake-up would
 * hang the wait (and the run reports the program that never ended).
 */
#define WRITERS	    4
#define WRITER_SIZE 300

static void test_many_writers(void)
{
	int ep = epoll_create1(0), p[WRITERS][2], open_pipes = WRITERS, i;
	long got[WRITERS] = { 0 }, total = 0;
	pid_t pid[WRITERS];
	int ok = 1;

	for (i = 0; i < WRITERS; i++) {
		if (pipe2(p[i], O_NONBLOCK) != 0)
			return;
		add(ep, p[i][0], EPOLLIN | EPOLLET, (uint64_t)i);
	}
	for (i = 0; i < WRITERS; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			int j;

			for (j = 0; j < WRITERS; j++) {
				close(p[j][0]);
				if (j != i)
					close(p[j][1]);
			}
			fcntl(p[i][1], F_SETFL, 0);
			for (j = 0; j < WRITER_SIZE; j++) {
				if (write(p[i][1], "b", 1) != 1)
					_exit(1);
				if (j % 50 == 0)
					sched_yield();
			}
			_exit(0);
		}
	}
	for (i = 0; i < WRITERS; i++)
		close(p[i][1]);
	while (open_pipes > 0 && ok) {
		struct epoll_event ev[WRITERS];
		int n = epoll_wait(ep, ev, WRITERS, -1);

		if (n <= 0) {
			ok = 0;
			break;
		}
		for (int k = 0; k < n; k++) {
			int w = (int)ev[k].data.u64;
			char buf[64];
			ssize_t r;

			while ((r = read(p[w][0], buf, sizeof(buf))) > 0)
				got[w] += r;
			if (r == 0) { /* every writer end is closed */
				epoll_ctl(ep, EPOLL_CTL_DEL, p[w][0], NULL);
				open_pipes--;
			}
		}
	}
	CHECK("many.wait_ok", ok);
	for (i = 0; i < WRITERS; i++) {
		int st;

		waitpid(pid[i], &st, 0);
		total += got[i];
		close(p[i][0]);
	}
	CHECK_EQ("many.all_bytes", total, WRITERS * WRITER_SIZE);
	close(ep);
}

static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
	(void)sig;
	caught++;
}

static void test_signals(void)
{
	int ep = epoll_create1(0);
	struct epoll_event ev[1];
	struct sigaction sa = { .sa_handler = on_signal,
				.sa_flags = SA_RESTART };
	struct itimerval it = { .it_value = { 0, 30000 } };
	sigset_t usr1, empty, now;

	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);

	/* never restarted, even under SA_RESTART */
	caught = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_ERR("eintr.wait", epoll_wait(ep, ev, 1, -1), EINTR);
	CHECK_EQ("eintr.handler_ran", caught, 1);

	/* epoll_pwait: the wait's mask lets a blocked pending signal in */
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	caught = 0;
	kill(getpid(), SIGUSR1);
	CHECK_EQ("pwait.blocked_not_taken", caught, 0);
	CHECK_ERR("pwait.eintr", epoll_pwait(ep, ev, 1, 5000, &empty), EINTR);
	CHECK_EQ("pwait.handler_ran", caught, 1);
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK("pwait.mask_restored", sigismember(&now, SIGUSR1));
	CHECK_ERR("pwait.bad_size",
		  syscall(SYS_epoll_pwait, ep, ev, 1, 0, &empty, 4), EINVAL);
	CHECK_ERR("pwait.mask_fault",
		  syscall(SYS_epoll_pwait, ep, ev, 1, 0, (void *)8, 8), EFAULT);
	/* the mask is checked before maxevents */
	CHECK_ERR("pwait.size_before_max",
		  syscall(SYS_epoll_pwait, ep, ev, 0, 0, &empty, 4), EINVAL);
	CHECK_EQ("pwait.null_mask",
		 syscall(SYS_epoll_pwait, ep, ev, 1, 0, NULL, 8), 0);
	/* a mask that blocks the signal: it stays pending */
	caught = 0;
	kill(getpid(), SIGUSR1);
	CHECK_EQ("pwait.masked_timeout",
		 syscall(SYS_epoll_pwait, ep, ev, 1, 20, &usr1, 8), 0);
	CHECK_EQ("pwait.masked_not_run", caught, 0);
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	CHECK_EQ("pwait.unblocked_runs", caught, 1);
	close(ep);
}

static void test_pwait2(void)
{
	int ep = epoll_create1(0), efd = eventfd(0, EFD_NONBLOCK);
	struct epoll_event ev[1];
	struct timespec ts = { 0, 20000000 }, t0;
	sigset_t empty;

	sigemptyset(&empty);
	add(ep, efd, EPOLLIN, 4);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_EQ("pwait2.timeout",
		 syscall(SYS_EPOLL_PWAIT2, ep, ev, 1, &ts, NULL, 8), 0);
	CHECK("pwait2.waited", abi_ms_since(&t0) >= 15);
	ts.tv_nsec = 1000000000;
	CHECK_ERR("pwait2.bad_nsec",
		  syscall(SYS_EPOLL_PWAIT2, ep, ev, 1, &ts, NULL, 8), EINVAL);
	ts.tv_sec = -1;
	ts.tv_nsec = 0;
	CHECK_ERR("pwait2.negative",
		  syscall(SYS_EPOLL_PWAIT2, ep, ev, 1, &ts, NULL, 8), EINVAL);
	CHECK_ERR("pwait2.ts_fault",
		  syscall(SYS_EPOLL_PWAIT2, ep, ev, 1, (void *)8, NULL, 8),
		  EFAULT);
	put_efd(efd, 1);
	CHECK_EQ("pwait2.forever_ready",
		 syscall(SYS_EPOLL_PWAIT2, ep, ev, 1, NULL, &empty, 8), 1);
	CHECK_EQ("pwait2.data", ev[0].data.u64, 4);
	ts.tv_sec = 0;
	CHECK_ERR("pwait2.bad_size",
		  syscall(SYS_EPOLL_PWAIT2, ep, ev, 1, &ts, &empty, 16),
		  EINVAL);
	close(efd);
	close(ep);
}

#endif /* ABI_EPOLL_BLOCK_H */
