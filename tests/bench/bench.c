/* SPDX-License-Identifier: MIT */
/* bench.c - micro-benchmarks of the system call interface, run as a
 * program of the ABI suite's init. Each prints `bench NAME ns_per_op N`:
 * the operation is repeated, doubling the count, until one batch takes
 * at least BENCH_MIN_NS, and that batch's mean is reported.
 * `bench true` exits at once (what fork_exec_wait runs). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BENCH_MIN_NS 200000000LL
#define BENCH_SELF   "/abi/t/bench"

static int pfd[2], pong[2], ping[2], rdy[2], sv[2], uping[2], ep, filefd;
static char *big;
static char path[] = "/tmp/bench.file";

static long long bench_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void op_getppid(void)
{
	syscall(SYS_getppid);
}

static void op_clock_gettime(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
}

static void op_pipe_1b(void)
{
	char c = 'x';

	if (write(pfd[1], &c, 1) != 1 || read(pfd[0], &c, 1) != 1)
		exit(3);
}

static void op_pipe_64k(void)
{
	size_t got = 0;
	ssize_t r;

	if (write(pfd[1], big, 65536) != 65536)
		exit(3);
	while (got < 65536) {
		r = read(pfd[0], big + got, 65536 - got);
		if (r <= 0)
			exit(3);
		got += (size_t)r;
	}
}

static void op_pingpong(void)
{
	char c = 'p';

	if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1)
		exit(3);
}

static void op_fork_exit_wait(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
}

static void op_fork_exec_wait(void)
{
	char *argv[] = { "bench", "true", NULL }, *envp[] = { NULL };
	pid_t pid = fork();

	if (pid == 0) {
		execve(BENCH_SELF, argv, envp);
		_exit(127);
	}
	waitpid(pid, NULL, 0);
}

static void op_open_close(void)
{
	close(open(path, O_RDONLY));
}

static void op_stat(void)
{
	struct stat st;

	stat(path, &st);
}

static void op_mmap_4k(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	munmap(p, 4096);
}

static void op_mmap_1m(void)
{
	void *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	munmap(p, 1 << 20);
}

/* One 4 KiB page fault: a fresh mapping of 64 pages, each touched once;
 * the mmap/munmap pair is spread over the 64 faults. */
static void op_fault_64(void)
{
	char *p = mmap(NULL, 64 * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int i;

	for (i = 0; i < 64; i++)
		p[i * 4096] = 1;
	munmap(p, 64 * 4096);
}

/* A 4 KiB write and read back, at the start of a file in tmpfs. */
static void op_file_4k(void)
{
	if (pwrite(filefd, big, 4096, 0) != 4096 ||
	    pread(filefd, big, 4096, 0) != 4096)
		exit(3);
}

/* Waits on a pipe that always holds a byte: the cost of asking. */
static void op_poll_pipe(void)
{
	struct pollfd p = { .fd = rdy[0], .events = POLLIN };

	if (poll(&p, 1, 0) != 1)
		exit(3);
}

static void op_select_pipe(void)
{
	fd_set r;
	struct timeval tv = { 0, 0 };

	FD_ZERO(&r);
	FD_SET(rdy[0], &r);
	if (select(rdy[0] + 1, &r, NULL, NULL, &tv) != 1)
		exit(3);
}

static void op_epoll_pipe(void)
{
	struct epoll_event ev;

	if (epoll_wait(ep, &ev, 1, 0) != 1)
		exit(3);
}

/* 64 KiB through an AF_UNIX stream socket pair, in 4 KiB writes. */
static void op_unix_64k(void)
{
	size_t got = 0;
	ssize_t r;

	for (int i = 0; i < 16; i++)
		if (write(sv[0], big + i * 4096, 4096) != 4096)
			exit(3);
	while (got < 65536) {
		r = read(sv[1], big + got, 65536 - got);
		if (r <= 0)
			exit(3);
		got += (size_t)r;
	}
}

/* A byte to another process and back over one socket pair. */
static void op_unix_pingpong(void)
{
	char c = 'u';

	if (write(uping[0], &c, 1) != 1 || read(uping[0], &c, 1) != 1)
		exit(3);
}

static void run(const char *name, void (*op)(void), int per_call)
{
	long long n = 1, t0, dt;
	long long i;

	op();
	for (;;) {
		t0 = bench_now();
		for (i = 0; i < n; i++)
			op();
		dt = bench_now() - t0;
		if (dt >= BENCH_MIN_NS || n >= (1LL << 30))
			break;
		n *= 2;
	}
	printf("bench %s ns_per_op %lld\n", name, dt / (n * per_call));
	fflush(stdout);
}

int main(int argc, char **argv)
{
	pid_t pid;
	char c;
	int fd;

	if (argc > 1 && strcmp(argv[1], "true") == 0)
		return 0;
	big = malloc(65536);
	memset(big, 1, 65536);
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	close(fd);
	if (pipe(pfd) != 0 || pipe(ping) != 0 || pipe(pong) != 0)
		return 1;
	run("getppid", op_getppid, 1);
	run("clock_gettime", op_clock_gettime, 1);
	run("pipe_1b", op_pipe_1b, 1);
	run("pipe_64k", op_pipe_64k, 1);
	pid = fork();
	if (pid == 0) {
		close(ping[1]);
		close(pong[0]);
		while (read(ping[0], &c, 1) == 1)
			if (write(pong[1], &c, 1) != 1)
				break;
		_exit(0);
	}
	close(ping[0]);
	close(pong[1]);
	run("pipe_pingpong", op_pingpong, 1);
	close(ping[1]);
	waitpid(pid, NULL, 0);
	run("fork_exit_wait", op_fork_exit_wait, 1);
	run("fork_exec_wait", op_fork_exec_wait, 1);
	run("open_close", op_open_close, 1);
	run("stat", op_stat, 1);
	run("mmap_munmap_4k", op_mmap_4k, 1);
	run("mmap_munmap_1m", op_mmap_1m, 1);
	run("page_fault_4k", op_fault_64, 64);
	filefd = open(path, O_RDWR);
	run("file_rw_4k", op_file_4k, 1);
	close(filefd);
	if (pipe(rdy) != 0 || write(rdy[1], "r", 1) != 1)
		return 1;
	ep = epoll_create1(0);
	{
		struct epoll_event ev = { .events = EPOLLIN };

		if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, rdy[0], &ev) != 0)
			return 1;
	}
	run("poll_pipe", op_poll_pipe, 1);
	run("select_pipe", op_select_pipe, 1);
	run("epoll_wait_pipe", op_epoll_pipe, 1);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM, 0, uping) != 0)
		return 1;
	run("unix_stream_64k", op_unix_64k, 1);
	pid = fork();
	if (pid == 0) {
		close(uping[0]);
		while (read(uping[1], &c, 1) == 1)
			if (write(uping[1], &c, 1) != 1)
				break;
		_exit(0);
	}
	close(uping[1]);
	run("unix_pingpong", op_unix_pingpong, 1);
	close(uping[0]);
	waitpid(pid, NULL, 0);
	unlink(path);
	return 0;
}
