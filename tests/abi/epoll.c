/* SPDX-License-Identifier: MIT */
/* epoll.c - epoll_create, epoll_create1, epoll_ctl, epoll_wait,
 * epoll_pwait and epoll_pwait2: errno cases, level and edge triggers,
 * EPOLLONESHOT, data given back, maxevents, pipes, eventfd, timerfd,
 * signalfd, the console, nested instances and loops, items dropped with
 * their file, a signalfd item outliving the process that added it, a wait
 * woken by another process, four writers followed
 * by one edge-triggered reader, signals and masks. */
#include "abi.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>

#ifndef EPOLLEXCLUSIVE
#define EPOLLEXCLUSIVE (1u << 28)
#endif
#define SYS_EPOLL_PWAIT2 441

#include "epoll_excl.h"

static int add(int ep, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static int mod(int ep, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
}

/* epoll_wait with a fresh array; the count, events in ev */
static int wait_n(int ep, struct epoll_event *ev, int max, int ms)
{
	memset(ev, 0, sizeof(*ev) * (size_t)max);
	return epoll_wait(ep, ev, max, ms);
}

static int put_efd(int fd, uint64_t v)
{
	return (int)write(fd, &v, sizeof(v));
}

static void test_create(void)
{
	int ep;

	CHECK_ERR("create.size_zero", syscall(SYS_epoll_create, 0), EINVAL);
	CHECK_ERR("create.size_negative", syscall(SYS_epoll_create, -1),
		  EINVAL);
	ep = CHECK_OK("create.size_one", syscall(SYS_epoll_create, 1));
	CHECK_EQ("create.no_cloexec", fcntl(ep, F_GETFD), 0);
	close(ep);
	CHECK_ERR("create1.bad_flags", epoll_create1(1), EINVAL);
	CHECK_ERR("create1.nonblock_flag", epoll_create1(O_NONBLOCK), EINVAL);
	ep = CHECK_OK("create1.cloexec", epoll_create1(EPOLL_CLOEXEC));
	CHECK_EQ("create1.fd_cloexec", fcntl(ep, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("create1.rdwr", fcntl(ep, F_GETFL) & O_ACCMODE, O_RDWR);
	close(ep);
	ep = CHECK_OK("create1.plain", epoll_create1(0));
	CHECK_EQ("create1.plain_no_cloexec", fcntl(ep, F_GETFD), 0);
	close(ep);
}

static void test_ctl_errors(void)
{
	int ep = epoll_create1(0), ep2 = epoll_create1(0);
	int p[2], reg, dir, null, opath;
	struct epoll_event ev = { .events = EPOLLIN };

	if (pipe(p) != 0)
		abi_report(0, "ctl.pipe", "pipe: %s", strerror(errno));
	reg = open("epoll_reg", O_RDWR | O_CREAT | O_TRUNC, 0600);
	dir = open(".", O_RDONLY | O_DIRECTORY);
	null = open("/dev/null", O_RDWR);
	opath = open("epoll_reg", O_PATH);

	CHECK_ERR("ctl.bad_epfd", epoll_ctl(999, EPOLL_CTL_ADD, p[0], &ev),
		  EBADF);
	CHECK_ERR("ctl.bad_fd", epoll_ctl(ep, EPOLL_CTL_ADD, 999, &ev), EBADF);
	CHECK_ERR("ctl.opath_fd", epoll_ctl(ep, EPOLL_CTL_ADD, opath, &ev),
		  EBADF);
	CHECK_ERR("ctl.opath_epfd", epoll_ctl(opath, EPOLL_CTL_ADD, p[0], &ev),
		  EBADF);
	CHECK_ERR("ctl.regular_eperm", epoll_ctl(ep, EPOLL_CTL_ADD, reg, &ev),
		  EPERM);
	CHECK_ERR("ctl.dir_eperm", epoll_ctl(ep, EPOLL_CTL_ADD, dir, &ev),
		  EPERM);
	CHECK_ERR("ctl.dev_null_eperm", epoll_ctl(ep, EPOLL_CTL_ADD, null, &ev),
		  EPERM);
	CHECK_ERR("ctl.self", epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL);
	{
		int d = dup(ep);

		CHECK_ERR("ctl.self_dup", epoll_ctl(ep, EPOLL_CTL_ADD, d, &ev),
			  EINVAL);
		close(d);
	}
	CHECK_ERR("ctl.not_epoll", epoll_ctl(p[0], EPOLL_CTL_ADD, p[1], &ev),
		  EINVAL);
	CHECK_ERR("ctl.add_fault",
		  epoll_ctl(ep, EPOLL_CTL_ADD, p[0], (void *)8), EFAULT);
	CHECK_ERR("ctl.bad_op", epoll_ctl(ep, 7, p[0], &ev), EINVAL);
	CHECK_ERR("ctl.bad_op_fault", epoll_ctl(ep, 7, p[0], (void *)8),
		  EFAULT);
	CHECK_ERR("ctl.mod_enoent", epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev),
		  ENOENT);
	CHECK_ERR("ctl.del_enoent", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL),
		  ENOENT);
	CHECK_OK("ctl.add", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
	CHECK_ERR("ctl.add_eexist", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev),
		  EEXIST);
	CHECK_OK("ctl.mod", mod(ep, p[0], EPOLLIN | EPOLLET, 1));
	CHECK_OK("ctl.del_null_event",
		 epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));
	CHECK_OK("ctl.rdhup_accepted", add(ep, p[0], EPOLLIN | EPOLLRDHUP, 0));
	CHECK_OK("ctl.del", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], &ev));

	/* EPOLLEXCLUSIVE: ADD only, never on an epoll file, few bits */
	CHECK_OK("excl.add", add(ep, p[0], EPOLLIN | EPOLLEXCLUSIVE, 0));
	CHECK_ERR("excl.mod", mod(ep, p[0], EPOLLIN | EPOLLEXCLUSIVE, 0),
		  EINVAL);
	CHECK_ERR("excl.mod_item", mod(ep, p[0], EPOLLIN, 0), EINVAL);
	CHECK_ERR("excl.oneshot",
		  add(ep, p[1], EPOLLOUT | EPOLLEXCLUSIVE | EPOLLONESHOT, 0),
		  EINVAL);
	CHECK_ERR("excl.rdhup",
		  add(ep, p[1], EPOLLOUT | EPOLLEXCLUSIVE | EPOLLRDHUP, 0),
		  EINVAL);
	CHECK_ERR("excl.epoll_target",
		  add(ep, ep2, EPOLLIN | EPOLLEXCLUSIVE, 0), EINVAL);
	CHECK_OK("excl.del", epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL));

	close(opath);
	close(null);
	close(dir);
	close(reg);
	unlink("epoll_reg");
	close(p[0]);
	close(p[1]);
	close(ep2);
	close(ep);
}

static void test_wait_errors(void)
{
	int ep = epoll_create1(0), efd = eventfd(0, EFD_NONBLOCK);
	struct epoll_event ev[2];

	CHECK_ERR("wait.maxevents_zero", epoll_wait(ep, ev, 0, 0), EINVAL);
	CHECK_ERR("wait.maxevents_negative", epoll_wait(ep, ev, -1, 0), EINVAL);
	CHECK_ERR("wait.maxevents_huge", epoll_wait(ep, ev, INT_MAX, 0),
		  EINVAL);
	CHECK_ERR("wait.bad_epfd", epoll_wait(999, ev, 1, 0), EBADF);
	CHECK_ERR("wait.not_epoll", epoll_wait(efd, ev, 1, 0), EINVAL);
	CHECK_ERR("wait.kernel_address",
		  epoll_wait(ep, (void *)0xffffffff80000000UL, 1, 0), EFAULT);
	CHECK_EQ("wait.empty_timeout_zero", epoll_wait(ep, ev, 2, 0), 0);
	/* a user address that faults only matters once an event is ready */
	CHECK_EQ("wait.null_nothing_ready", epoll_wait(ep, NULL, 1, 0), 0);
	add(ep, efd, EPOLLIN, 5);
	put_efd(efd, 1);
	CHECK_ERR("wait.null_ready_efault", epoll_wait(ep, NULL, 1, 0), EFAULT);
	CHECK_EQ("wait.after_efault_still_ready", wait_n(ep, ev, 2, 0), 1);
	{
		struct timespec t0;

		epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		CHECK_EQ("wait.timeout", epoll_wait(ep, ev, 2, 30), 0);
		CHECK("wait.timeout_waited", abi_ms_since(&t0) >= 25);
	}
	close(efd);
	close(ep);
}

static void test_pipe_triggers(void)
{
	int ep = epoll_create1(0), p[2];
	struct epoll_event ev[4];
	char c;

	if (pipe(p) != 0)
		return;
	/* level-triggered, data as given */
	add(ep, p[0], EPOLLIN, 0xdeadbeefcafebabeULL);
	CHECK_EQ("lt.empty", wait_n(ep, ev, 4, 0), 0);
	write(p[1], "ab", 2);
	CHECK_EQ("lt.ready", wait_n(ep, ev, 4, 0), 1);
	CHECK_EQ("lt.events", ev[0].events, EPOLLIN);
	CHECK("lt.data", ev[0].data.u64 == 0xdeadbeefcafebabeULL);
	CHECK_EQ("lt.still_ready", wait_n(ep, ev, 4, 0), 1);
	read(p[0], &c, 1);
	CHECK_EQ("lt.after_partial_read", wait_n(ep, ev, 4, 0), 1);
	read(p[0], &c, 1);
	CHECK_EQ("lt.drained", wait_n(ep, ev, 4, 0), 0);

	/* MOD: new events and data take effect at once */
	write(p[1], "x", 1);
	CHECK_OK("mod.to_out", mod(ep, p[0], EPOLLOUT, 1));
	CHECK_EQ("mod.read_end_not_writable", wait_n(ep, ev, 4, 0), 0);
	CHECK_OK("mod.back_in", mod(ep, p[0], EPOLLIN, 2));
	CHECK_EQ("mod.ready_again", wait_n(ep, ev, 4, 0), 1);
	CHECK_EQ("mod.new_data", ev[0].data.u64, 2);

	/* edge-triggered: once per change */
	CHECK_OK("et.mod", mod(ep, p[0], EPOLLIN | EPOLLET, 3));
	CHECK_EQ("et.first", wait_n(ep, ev, 4, 0), 1);
	CHECK_EQ("et.not_again", wait_n(ep, ev, 4, 0), 0);
	write(p[1], "y", 1);
	CHECK_EQ("et.new_data", wait_n(ep, ev, 4, 0), 1);
	CHECK_EQ("et.new_data_events", ev[0].events, EPOLLIN);
	CHECK_EQ("et.quiet", wait_n(ep, ev, 4, 0), 0);

	/* one-shot: disabled after one report, MOD re-arms */
	CHECK_OK("oneshot.mod", mod(ep, p[0], EPOLLIN | EPOLLONESHOT, 4));
	CHECK_EQ("oneshot.first", wait_n(ep, ev, 4, 0), 1);
	CHECK_EQ("oneshot.disabled", wait_n(ep, ev, 4, 0), 0);
	write(p[1], "z", 1);
	CHECK_EQ("oneshot.still_disabled", wait_n(ep, ev, 4, 0), 0);
	CHECK_OK("oneshot.rearm", mod(ep, p[0], EPOLLIN | EPOLLONESHOT, 5));
	CHECK_EQ("oneshot.rearmed", wait_n(ep, ev, 4, 0), 1);
	CHECK_EQ("oneshot.rearmed_data", ev[0].data.u64, 5);

	/* hang-up and error */
	CHECK_OK("hup.mod", mod(ep, p[0], EPOLLIN | EPOLLRDHUP, 6));
	add(ep, p[1], EPOLLOUT, 7);
	CHECK_EQ("out.both_ready", wait_n(ep, ev, 4, 0), 2);
	{
		char buf[16];

		/* the pipe holds the 3 bytes written above: take them all */
		CHECK_EQ("hup.drain", read(p[0], buf, sizeof(buf)), 3);
	}
	epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL);
	close(p[1]);
	CHECK_EQ("hup.reported", wait_n(ep, ev, 4, 0), 1);
	CHECK("hup.bit", ev[0].events & EPOLLHUP);
	CHECK("hup.no_in", !(ev[0].events & EPOLLIN));
	close(p[0]);

	if (pipe(p) != 0)
		return;
	add(ep, p[1], EPOLLOUT, 8);
	close(p[0]);
	CHECK_EQ("err.reported", wait_n(ep, ev, 4, 0), 1);
	CHECK("err.bit", ev[0].events & EPOLLERR);
	close(p[1]);
	close(ep);
}

static void test_maxevents(void)
{
	int ep = epoll_create1(0), e[3], i;
	struct epoll_event ev[3];

	for (i = 0; i < 3; i++) {
		e[i] = eventfd(1, EFD_NONBLOCK);
		add(ep, e[i], EPOLLIN, (uint64_t)i + 10);
	}
	CHECK_EQ("max.two_of_three", wait_n(ep, ev, 2, 0), 2);
	CHECK_EQ("max.first", ev[0].data.u64, 10);
	CHECK_EQ("max.second", ev[1].data.u64, 11);
	/* level-triggered items that reported go to the back */
	CHECK_EQ("max.turns", wait_n(ep, ev, 2, 0), 2);
	CHECK_EQ("max.third_first", ev[0].data.u64, 12);
	CHECK_EQ("max.all", wait_n(ep, ev, 3, 0), 3);
	for (i = 0; i < 3; i++)
		close(e[i]);
	CHECK_EQ("max.closed_all", wait_n(ep, ev, 3, 0), 0);
	close(ep);
}

static void test_files(void)
{
	int ep = epoll_create1(0), efd, tfd, sfd, con;
	struct epoll_event ev[2];
	sigset_t s, old;

	/* eventfd */
	efd = eventfd(0, EFD_NONBLOCK);
	CHECK_OK("eventfd.add", add(ep, efd, EPOLLIN | EPOLLOUT, 1));
	CHECK_EQ("eventfd.writable", wait_n(ep, ev, 2, 0), 1);
	CHECK_EQ("eventfd.out_only", ev[0].events, EPOLLOUT);
	put_efd(efd, 3);
	CHECK_EQ("eventfd.readable", wait_n(ep, ev, 2, 0), 1);
	CHECK_EQ("eventfd.in_out", ev[0].events, EPOLLIN | EPOLLOUT);
	close(efd);

	/* timerfd: a blocking wait until it fires */
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	CHECK_OK("timerfd.add", add(ep, tfd, EPOLLIN, 2));
	CHECK_EQ("timerfd.disarmed", wait_n(ep, ev, 2, 0), 0);
	{
		struct itimerspec its = { .it_value = { 0, 20000000 } };

		timerfd_settime(tfd, 0, &its, NULL);
	}
	CHECK_EQ("timerfd.fires", wait_n(ep, ev, 2, 5000), 1);
	CHECK_EQ("timerfd.data", ev[0].data.u64, 2);
	close(tfd);

	/* signalfd */
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, &old);
	sfd = signalfd(-1, &s, SFD_NONBLOCK);
	CHECK_OK("signalfd.add", add(ep, sfd, EPOLLIN, 3));
	CHECK_EQ("signalfd.none", wait_n(ep, ev, 2, 0), 0);
	kill(getpid(), SIGUSR2);
	CHECK_EQ("signalfd.pending", wait_n(ep, ev, 2, 0), 1);
	CHECK_EQ("signalfd.data", ev[0].data.u64, 3);
	{
		struct signalfd_siginfo si;

		read(sfd, &si, sizeof(si));
	}
	CHECK_EQ("signalfd.taken", wait_n(ep, ev, 2, 0), 0);
	close(sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);

	/* the console: writable */
	con = open("/dev/console", O_RDWR | O_NOCTTY | O_NONBLOCK);
	if (con < 0) {
		abi_report(0, "tty.open", "/dev/console: %s", strerror(errno));
	} else {
		CHECK_OK("tty.add", add(ep, con, EPOLLOUT, 4));
		CHECK_EQ("tty.writable", wait_n(ep, ev, 2, 5000), 1);
		CHECK("tty.out", ev[0].events & EPOLLOUT);
		close(con);
	}
	close(ep);
}

static void test_nested(void)
{
	int a = epoll_create1(0), b = epoll_create1(0), c = epoll_create1(0);
	int p[2];
	struct epoll_event ev[2];
	struct pollfd pf;
	char ch;

	if (pipe(p) != 0)
		return;
	add(b, p[0], EPOLLIN, 1);
	CHECK_OK("nest.add", add(a, b, EPOLLIN, 2));
	CHECK_EQ("nest.quiet", wait_n(a, ev, 2, 0), 0);
	write(p[1], "n", 1);
	CHECK_EQ("nest.ready", wait_n(a, ev, 2, 0), 1);
	CHECK_EQ("nest.events", ev[0].events, EPOLLIN);
	CHECK_EQ("nest.data", ev[0].data.u64, 2);
	pf = (struct pollfd){ .fd = b, .events = POLLIN | POLLOUT };
	CHECK_EQ("nest.poll_inner", poll(&pf, 1, 0), 1);
	CHECK_EQ("nest.poll_inner_in", pf.revents, POLLIN);
	read(p[0], &ch, 1);
	CHECK_EQ("nest.drained", wait_n(a, ev, 2, 0), 0);
	CHECK_EQ("nest.poll_drained", poll(&pf, 1, 0), 0);
	/* loops: directly, and through a third instance */
	CHECK_ERR("loop.direct", add(b, a, EPOLLIN, 0), ELOOP);
	CHECK_OK("loop.chain", add(c, a, EPOLLIN, 0));
	CHECK_ERR("loop.indirect", add(b, c, EPOLLIN, 0), ELOOP);
	/* the inner instance's close drops the outer item */
	write(p[1], "m", 1);
	close(b);
	CHECK_EQ("nest.inner_closed", wait_n(a, ev, 2, 0), 0);
	close(c);
	close(a);
	close(p[0]);
	close(p[1]);
}

static void test_close_drops(void)
{
	int ep = epoll_create1(0), efd, d;
	struct epoll_event ev[2];

	efd = eventfd(1, EFD_NONBLOCK);
	add(ep, efd, EPOLLIN, 1);
	close(efd);
	CHECK_EQ("close.item_gone", wait_n(ep, ev, 2, 0), 0);

	/* a dup keeps the file, so the item stays, with its old fd */
	efd = eventfd(1, EFD_NONBLOCK);
	d = dup(efd);
	add(ep, efd, EPOLLIN, 2);
	close(efd);
	CHECK_EQ("close.dup_keeps", wait_n(ep, ev, 2, 0), 1);
	CHECK_EQ("close.dup_data", ev[0].data.u64, 2);
	CHECK_ERR("close.del_closed_fd",
		  epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL), EBADF);
	CHECK_OK("close.add_dup_too", add(ep, d, EPOLLIN, 3));
	CHECK_EQ("close.two_items", wait_n(ep, ev, 2, 0), 2);
	close(d);
	CHECK_EQ("close.both_gone", wait_n(ep, ev, 2, 0), 0);
	close(ep);
}

/*
 * An epoll item on a signalfd outlives the process that added it: P
 * watches its signalfd, forks C and exits; once P is reaped, C (which
 * holds both descriptors, and is ours through PR_SET_CHILD_SUBREAPER)
 * waits, takes a signal of its own, waits again and closes them. Nothing
 * may follow the dead process's signal queue: C's exit says each step
 * went through, and the kernel goes on.
 */
static void test_signalfd_outlives_adder(void)
{
	int go[2], st = -1;
	pid_t p, c;

	if (pipe(go) != 0 || prctl(PR_SET_CHILD_SUBREAPER, 1) != 0)
		return;
	p = fork();
	if (p == 0) {
		sigset_t m;
		int ep = epoll_create1(0), sfd;

		sigemptyset(&m);
		sigaddset(&m, SIGUSR1);
		sigprocmask(SIG_BLOCK, &m, NULL);
		sfd = signalfd(-1, &m, SFD_NONBLOCK);
		if (ep < 0 || sfd < 0 || add(ep, sfd, EPOLLIN, 5) != 0)
			_exit(1);
		c = fork();
		if (c == 0) {
			struct epoll_event ev[1];
			char b;

			close(go[1]);
			if (read(go[0], &b, 1) != 1) /* P is gone and reaped */
				_exit(2);
			if (wait_n(ep, ev, 1, 0) < 0)
				_exit(3);
			kill(getpid(), SIGUSR1);
			if (wait_n(ep, ev, 1, 0) < 0)
				_exit(4);
			close(sfd);
			close(ep);
			_exit(0);
		}
		_exit(c > 0 ? 0 : 5);
	}
	close(go[0]);
	waitpid(p, &st, 0);
	CHECK_CHILD_OK("signalfd.adder_exits", st);
	write(go[1], "g", 1);
	close(go[1]);
	st = -1;
	c = wait(&st); /* C, ours now that P is gone */
	CHECK("signalfd.orphan_is_ours", c > 0);
	CHECK_CHILD_OK("signalfd.item_outlives_adder", st);
	prctl(PR_SET_CHILD_SUBREAPER, 0);
}

#include "epoll_block.h"

int main(int argc, char **argv)
{
	(void)argc;
	abi_start(argv[0]);
	abi_tmpdir();
	test_create();
	test_ctl_errors();
	test_wait_errors();
	test_pipe_triggers();
	test_maxevents();
	test_files();
	test_nested();
	test_close_drops();
	test_signalfd_outlives_adder();
	test_block();
	test_many_writers();
	test_signals();
	test_pwait2();
	test_exclusive_wakeups();
	return abi_end();
}
