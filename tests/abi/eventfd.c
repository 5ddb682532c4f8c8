/* SPDX-License-Identifier: MIT */
/* eventfd.c - eventfd and eventfd2: the counter, EFD_SEMAPHORE,
 * EFD_NONBLOCK and EFD_CLOEXEC, short buffers and the overflow value,
 * a blocked read woken by another process, poll readiness. */
#include "abi.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/select.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>

static int put(int fd, uint64_t v)
{
	return (int)write(fd, &v, sizeof(v));
}

static uint64_t get(int fd)
{
	uint64_t v = 0;

	if (read(fd, &v, sizeof(v)) != (ssize_t)sizeof(v))
		return UINT64_MAX;
	return v;
}

static void test_flags(void)
{
	int fd;

	CHECK_ERR("eventfd2.bad_flags", syscall(SYS_eventfd2, 0, 0x80), EINVAL);
	CHECK_ERR("eventfd2.rdonly_flag",
		  syscall(SYS_eventfd2, 0, O_RDONLY | 1 << 3), EINVAL);
	fd = CHECK_OK("eventfd2.cloexec",
		      syscall(SYS_eventfd2, 0, EFD_CLOEXEC | EFD_NONBLOCK));
	CHECK_EQ("eventfd2.fd_cloexec", fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("eventfd2.o_nonblock",
		 fcntl(fd, F_GETFL) & (O_NONBLOCK | O_ACCMODE),
		 O_NONBLOCK | O_RDWR);
	close(fd);
	fd = CHECK_OK("eventfd.plain", syscall(SYS_eventfd, 3));
	CHECK_EQ("eventfd.no_cloexec", fcntl(fd, F_GETFD), 0);
	CHECK_EQ("eventfd.initval", get(fd), 3);
	close(fd);
}

static void test_counter(void)
{
	uint64_t v = 0;
	char small[4];
	int fd = eventfd(0, EFD_NONBLOCK);

	CHECK_ERR("read.empty_eagain", read(fd, &v, sizeof(v)), EAGAIN);
	CHECK_ERR("read.short", read(fd, small, sizeof(small)), EINVAL);
	CHECK_ERR("write.short", write(fd, small, sizeof(small)), EINVAL);
	CHECK_EQ("write.one", put(fd, 1), 8);
	CHECK_EQ("write.five", put(fd, 5), 8);
	CHECK_EQ("read.sum", get(fd), 6);
	CHECK_ERR("read.reset", read(fd, &v, sizeof(v)), EAGAIN);
	CHECK_ERR("write.all_ones", put(fd, UINT64_MAX), EINVAL);
	CHECK_EQ("write.max", put(fd, UINT64_MAX - 1), 8);
	CHECK_ERR("write.overflow_eagain", put(fd, 1), EAGAIN);
	CHECK_EQ("write.zero_when_full", put(fd, 0), 8);
	CHECK_EQ("read.max", get(fd), UINT64_MAX - 1);
	{
		char big[16] = { 0 };

		put(fd, 9);
		CHECK_EQ("read.big_buffer", read(fd, big, sizeof(big)), 8);
		CHECK_EQ("read.big_value", *(uint64_t *)big, 9);
	}
	CHECK_ERR("read.fault", (put(fd, 1), read(fd, (void *)8, 8)), EFAULT);
	close(fd);
}

static void test_semaphore(void)
{
	int fd = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
	uint64_t v;

	CHECK_EQ("sem.first", get(fd), 1);
	CHECK_EQ("sem.second", get(fd), 1);
	CHECK_ERR("sem.empty", read(fd, &v, sizeof(v)), EAGAIN);
	close(fd);
}

static void test_poll(void)
{
	int fd = eventfd(0, 0);
	struct pollfd p = { fd, POLLIN | POLLOUT, 0 };

	CHECK_EQ("poll.writable", poll(&p, 1, 0), 1);
	CHECK_EQ("poll.writable_ev", p.revents, POLLOUT);
	put(fd, 2);
	CHECK_EQ("poll.both", poll(&p, 1, 0), 1);
	CHECK_EQ("poll.both_ev", p.revents, POLLIN | POLLOUT);
	get(fd);
	put(fd, UINT64_MAX - 1);
	CHECK_EQ("poll.full", poll(&p, 1, 0), 1);
	CHECK_EQ("poll.full_ev", p.revents, POLLIN);
	close(fd);
}

static int late_writer(void *arg)
{
	struct timespec ts = { 0, 100000000 };

	nanosleep(&ts, NULL);
	return put(*(int *)arg, 42) == 8 ? 0 : 1;
}

static int blocked_reader(void *arg)
{
	return get(*(int *)arg) == 42 ? 0 : 1;
}

/* A blocked read (and a blocked write) end when another process acts. */
static void test_blocking(void)
{
	int fd = eventfd(0, 0), st;
	pid_t pid;

	pid = fork();
	if (pid == 0)
		_exit(late_writer(&fd));
	CHECK_EQ("block.read_woken", get(fd), 42);
	waitpid(pid, &st, 0);
	CHECK_CHILD_OK("block.writer", st);

	pid = fork();
	if (pid == 0)
		_exit(late_writer(&fd));
	{
		fd_set r;
		struct timeval tv = { 10, 0 };

		FD_ZERO(&r);
		FD_SET(fd, &r);
		CHECK_EQ("block.select", select(fd + 1, &r, NULL, NULL, &tv),
			 1);
		CHECK("block.select_set", FD_ISSET(fd, &r));
	}
	CHECK_EQ("block.select_read", get(fd), 42);
	waitpid(pid, &st, 0);
	CHECK_CHILD_OK("block.select_writer", st);

	put(fd, UINT64_MAX - 1);
	pid = fork();
	if (pid == 0)
		_exit(put(fd, 7) == 8 ? 0 : 1);
	{
		struct timespec ts = { 0, 100000000 };

		nanosleep(&ts, NULL);
	}
	CHECK_EQ("block.drain", get(fd), UINT64_MAX - 1);
	waitpid(pid, &st, 0);
	CHECK_CHILD_OK("block.overflow_writer", st);
	CHECK_EQ("block.after", get(fd), 7);
	CHECK_CHILD_OK("block.reader_in_child",
		       (put(fd, 42), abi_in_child(blocked_reader, &fd)));
	close(fd);
}

int main(int argc, char **argv)
{
	(void)argc;
	abi_start(argv[0]);
	test_flags();
	test_counter();
	test_semaphore();
	test_poll();
	test_blocking();
	return abi_end();
}
