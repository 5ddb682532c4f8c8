/* SPDX-License-Identifier: MIT */
/* signalfd.c - signalfd and signalfd4: flags and errno cases, reading
 * blocked signals as records (kill, sigqueue's value, several in one
 * read), a new set for an existing descriptor, poll, a blocking read
 * woken by another process, the signal dequeued as sigtimedwait would. */
#include "abi.h"

#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>

static sigset_t set_of(int a, int b)
{
	sigset_t s;

	sigemptyset(&s);
	if (a)
		sigaddset(&s, a);
	if (b)
		sigaddset(&s, b);
	return s;
}

static void test_errors(void)
{
	sigset_t s = set_of(SIGUSR1, 0);
	int pfd[2], fd;

	CHECK_ERR("sfd4.bad_flags", syscall(SYS_signalfd4, -1, &s, 8, 1),
		  EINVAL);
	CHECK_ERR("sfd4.bad_size", syscall(SYS_signalfd4, -1, &s, 4, 0),
		  EINVAL);
	CHECK_ERR("sfd4.fault", syscall(SYS_signalfd4, -1, (void *)8, 8, 0),
		  EFAULT);
	CHECK_ERR("sfd.ebadf", syscall(SYS_signalfd, 99, &s, 8), EBADF);
	pipe(pfd);
	CHECK_ERR("sfd.not_signalfd", syscall(SYS_signalfd, pfd[0], &s, 8),
		  EINVAL);
	close(pfd[0]);
	close(pfd[1]);
	fd = CHECK_OK("sfd4.flags",
		      signalfd(-1, &s, SFD_CLOEXEC | SFD_NONBLOCK));
	CHECK_EQ("sfd4.cloexec", fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("sfd4.nonblock", fcntl(fd, F_GETFL) & O_NONBLOCK, O_NONBLOCK);
	{
		struct signalfd_siginfo si;
		char small[64];

		CHECK_ERR("read.empty", read(fd, &si, sizeof(si)), EAGAIN);
		CHECK_ERR("read.short", read(fd, small, sizeof(small)), EINVAL);
	}
	close(fd);
	fd = CHECK_OK("sfd.plain", syscall(SYS_signalfd, -1, &s, 8));
	CHECK_EQ("sfd.no_cloexec", fcntl(fd, F_GETFD), 0);
	close(fd);
}

static void test_read(void)
{
	sigset_t s = set_of(SIGUSR1, SIGRTMIN), old;
	struct signalfd_siginfo si[3];
	struct pollfd p;
	union sigval v = { .sival_int = 1234 };
	int fd;

	CHECK_EQ("size", sizeof(struct signalfd_siginfo), 128);
	sigprocmask(SIG_BLOCK, &s, &old);
	fd = signalfd(-1, &s, SFD_NONBLOCK);
	p = (struct pollfd){ fd, POLLIN, 0 };
	CHECK_EQ("poll.none", poll(&p, 1, 0), 0);
	kill(getpid(), SIGUSR1);
	CHECK_EQ("poll.ready", poll(&p, 1, 1000), 1);
	CHECK_EQ("poll.pollin", p.revents, POLLIN);
	CHECK_EQ("read.one", read(fd, si, sizeof(si)), 128);
	CHECK_EQ("read.signo", si[0].ssi_signo, SIGUSR1);
	CHECK_EQ("read.code", si[0].ssi_code, SI_USER);
	CHECK_EQ("read.pid", si[0].ssi_pid, getpid());
	CHECK_EQ("read.uid", si[0].ssi_uid, getuid());
	{
		sigset_t pend;

		sigpending(&pend);
		CHECK("read.not_pending", !sigismember(&pend, SIGUSR1));
	}
	sigqueue(getpid(), SIGRTMIN, v);
	v.sival_int = 5678;
	sigqueue(getpid(), SIGRTMIN, v);
	kill(getpid(), SIGUSR1);
	CHECK_EQ("read.three", read(fd, si, sizeof(si)), 3 * 128);
	CHECK_EQ("read.first_sync_order", si[0].ssi_signo, SIGUSR1);
	CHECK_EQ("read.rt_queued", si[1].ssi_signo, SIGRTMIN);
	CHECK_EQ("read.rt_code", si[1].ssi_code, SI_QUEUE);
	CHECK_EQ("read.rt_int", si[1].ssi_int, 1234);
	CHECK_EQ("read.rt_second", si[2].ssi_int, 5678);

	/* Another set for the same descriptor. */
	s = set_of(SIGUSR2, 0);
	sigprocmask(SIG_BLOCK, &s, NULL);
	CHECK_EQ("update.same_fd", signalfd(fd, &s, 0), fd);
	kill(getpid(), SIGUSR1);
	CHECK_ERR("update.old_set_gone", read(fd, si, sizeof(si)), EAGAIN);
	kill(getpid(), SIGUSR2);
	CHECK_EQ("update.new_set", read(fd, si, sizeof(si)), 128);
	CHECK_EQ("update.new_signo", si[0].ssi_signo, SIGUSR2);
	{
		siginfo_t info;
		struct timespec zero = { 0, 0 };

		/* SIGUSR1 is still pending, for sigtimedwait to take. */
		s = set_of(SIGUSR1, 0);
		CHECK_EQ("update.sigusr1_left", sigtimedwait(&s, &info, &zero),
			 SIGUSR1);
	}
	close(fd);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static int late_kill(void *arg)
{
	struct timespec ts = { 0, 100000000 };

	nanosleep(&ts, NULL);
	return kill(*(pid_t *)arg, SIGUSR2) ? 1 : 0;
}

static void test_block(void)
{
	sigset_t s = set_of(SIGUSR2, 0), old;
	struct signalfd_siginfo si;
	pid_t me = getpid(), pid;
	int fd, st;

	sigprocmask(SIG_BLOCK, &s, &old);
	fd = signalfd(-1, &s, 0);
	pid = fork();
	if (pid == 0)
		_exit(late_kill(&me));
	CHECK_EQ("block.read", read(fd, &si, sizeof(si)), 128);
	CHECK_EQ("block.signo", si.ssi_signo, SIGUSR2);
	CHECK_EQ("block.sender", si.ssi_pid, pid);
	waitpid(pid, &st, 0);
	CHECK_CHILD_OK("block.child", st);

	/* poll sleeps until another process sends one of the set. */
	pid = fork();
	if (pid == 0)
		_exit(late_kill(&me));
	{
		struct pollfd p = { fd, POLLIN, 0 };

		CHECK_EQ("block.poll", poll(&p, 1, 10000), 1);
		CHECK_EQ("block.poll_pollin", p.revents, POLLIN);
	}
	CHECK_EQ("block.poll_read", read(fd, &si, sizeof(si)), 128);
	waitpid(pid, &st, 0);
	CHECK_CHILD_OK("block.poll_child", st);
	close(fd);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

int main(int argc, char **argv)
{
	(void)argc;
	abi_start(argv[0]);
	test_errors();
	test_read();
	test_block();
	return abi_end();
}
