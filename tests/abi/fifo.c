/* SPDX-License-Identifier: MIT */
/* fifo.c - named pipes: mkfifo and mknod S_IFIFO, open's rendezvous of
 * readers and writers (blocking, O_NONBLOCK, O_RDWR), EOF, EPIPE and
 * SIGPIPE, an open interrupted by a signal, data gone with the last end. */
#include "abi.h"

#include <fcntl.h>
#include <time.h>

static void test_create(void)
{
	struct stat st;

	CHECK_OK("mkfifo", mkfifo("f1", 0600));
	CHECK("mkfifo.type", stat("f1", &st) == 0 && S_ISFIFO(st.st_mode));
	CHECK_EQ("mkfifo.mode", st.st_mode & 07777, 0600);
	CHECK_ERR("mkfifo.eexist", mkfifo("f1", 0600), EEXIST);
	CHECK_OK("mknod", mknod("f2", S_IFIFO | 0644, 0));
	CHECK("mknod.type", stat("f2", &st) == 0 && S_ISFIFO(st.st_mode));
	CHECK_ERR("mkfifo.enoent", mkfifo("nodir/f", 0600), ENOENT);
}

static void test_nonblock(void)
{
	int r, w, rw;
	char c;
	struct stat st;

	CHECK_ERR("wronly_nb.enxio", open("f1", O_WRONLY | O_NONBLOCK), ENXIO);
	r = CHECK_OK("rdonly_nb", open("f1", O_RDONLY | O_NONBLOCK));
	CHECK_EQ("rdonly_nb.eof", read(r, &c, 1), 0);
	CHECK("fstat", fstat(r, &st) == 0 && S_ISFIFO(st.st_mode));
	CHECK_ERR("lseek.espipe", lseek(r, 0, SEEK_SET), ESPIPE);
	w = CHECK_OK("wronly_nb.with_reader",
		     open("f1", O_WRONLY | O_NONBLOCK));
	CHECK_EQ("write", write(w, "abc", 3), 3);
	CHECK_EQ("read", read(r, &c, 1), 1);
	CHECK_EQ("read.byte", c, 'a');
	close(w);
	CHECK_EQ("read.rest", read(r, &c, 1), 1);
	CHECK_EQ("read.rest2", read(r, &c, 1), 1);
	CHECK_EQ("eof_after_writer", read(r, &c, 1), 0);
	close(r);

	rw = CHECK_OK("rdwr", open("f1", O_RDWR));
	CHECK_EQ("rdwr.write", write(rw, "xy", 2), 2);
	CHECK_EQ("rdwr.read", read(rw, &c, 1), 1);
	close(rw);
	rw = open("f1", O_RDWR | O_NONBLOCK);
	CHECK_ERR("data_dropped", read(rw, &c, 1), EAGAIN);
	close(rw);
}

static void test_epipe(void)
{
	int r = open("f1", O_RDONLY | O_NONBLOCK);
	int w = open("f1", O_WRONLY | O_NONBLOCK);
	sigset_t s, old;
	struct timespec zero = { 0, 0 };

	sigemptyset(&s);
	sigaddset(&s, SIGPIPE);
	sigprocmask(SIG_BLOCK, &s, &old);
	close(r);
	CHECK_ERR("epipe", write(w, "x", 1), EPIPE);
	CHECK_EQ("sigpipe", sigtimedwait(&s, NULL, &zero), SIGPIPE);
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(w);
}

static int late_writer(void *arg)
{
	int w;

	(void)arg;
	abi_msleep(150);
	w = open("f1", O_WRONLY);
	if (w < 0)
		return 1;
	if (write(w, "hello", 5) != 5)
		return 2;
	close(w);
	return 0;
}

static int late_reader(void *arg)
{
	char buf[8];
	int r;

	(void)arg;
	abi_msleep(150);
	r = open("f1", O_RDONLY);
	if (r < 0)
		return 1;
	if (read(r, buf, sizeof(buf)) != 5 || memcmp(buf, "world", 5) != 0)
		return 2;
	close(r);
	return 0;
}

static void test_blocking(void)
{
	struct timespec t0;
	char buf[8];
	pid_t pid;
	int fd, st;

	pid = fork();
	if (pid == 0)
		_exit(late_writer(NULL));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fd = CHECK_OK("reader_waits", open("f1", O_RDONLY));
	CHECK("reader_waited", abi_ms_since(&t0) >= 100);
	CHECK_EQ("reader_reads", read(fd, buf, sizeof(buf)), 5);
	CHECK("reader_data", memcmp(buf, "hello", 5) == 0);
	CHECK_EQ("reader_eof", read(fd, buf, sizeof(buf)), 0);
	close(fd);
	waitpid(pid, &st, 0);
	CHECK_CHILD_OK("late_writer", st);

	pid = fork();
	if (pid == 0)
		_exit(late_reader(NULL));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fd = CHECK_OK("writer_waits", open("f1", O_WRONLY));
	CHECK("writer_waited", abi_ms_since(&t0) >= 100);
	CHECK_EQ("writer_writes", write(fd, "world", 5), 5);
	close(fd);
	waitpid(pid, &st, 0);
	CHECK_CHILD_OK("late_reader", st);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void test_interrupt(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	CHECK_ERR("open.eintr", open("f2", O_RDONLY), EINTR);
	alarm(0);
	/* nothing was left open: a writer still finds no reader */
	CHECK_ERR("open.eintr_undone", open("f2", O_WRONLY | O_NONBLOCK),
		  ENXIO);

	/* with SA_RESTART the open goes on waiting after the handler */
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	{
		struct timespec t0;
		pid_t pid = fork();
		int fd, st;
		char c;

		if (pid == 0) {
			abi_msleep(600);
			fd = open("f2", O_WRONLY);
			_exit(fd >= 0 && write(fd, "r", 1) == 1 ? 0 : 1);
		}
		clock_gettime(CLOCK_MONOTONIC, &t0);
		ualarm(200000, 0);
		fd = CHECK_OK("open.restarted", open("f2", O_RDONLY));
		CHECK("open.restarted_waited", abi_ms_since(&t0) >= 400);
		/* The writer's byte is read before the read end closes: a
		 * close first would leave its write no reader (SIGPIPE). */
		CHECK_EQ("open.restarted_reads", read(fd, &c, 1), 1);
		close(fd);
		waitpid(pid, &st, 0);
		CHECK_CHILD_OK("open.restart_writer", st);
	}
	signal(SIGALRM, SIG_DFL);
}

int main(int argc, char **argv)
{
	(void)argc;
	abi_start(argv[0]);
	abi_tmpdir();
	test_create();
	test_nonblock();
	test_epipe();
	test_blocking();
	test_interrupt();
	return abi_end();
}
