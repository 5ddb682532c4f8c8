/* SPDX-License-Identifier: MIT */
/* locks.c - flock and fcntl record locks: conflicts between processes and
 * open files, range split and merge, F_GETLK's report, release on close
 * and exit, blocking waits, EDEADLK, EINTR, OFD locks. */
#include "abi.h"

#include <fcntl.h>
#include <sys/file.h>
#include <time.h>

static int setlk(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET,
			    .l_start = start, .l_len = len };

	return fcntl(fd, cmd, &fl);
}

/* F_GETLK for [start, start+len) of @type; *fl gets the answer. */
static int getlk(int fd, int cmd, short type, off_t start, off_t len,
		 struct flock *fl)
{
	memset(fl, 0, sizeof(*fl));
	fl->l_type = type;
	fl->l_whence = SEEK_SET;
	fl->l_start = start;
	fl->l_len = len;
	return fcntl(fd, cmd, fl);
}

static void test_flock(void)
{
	int a = open("lk", O_RDWR | O_CREAT, 0644), b = open("lk", O_RDWR);
	int d = dup(a);
	struct timespec t0;
	pid_t pid;
	int st;

	CHECK_OK("flock.ex", flock(a, LOCK_EX));
	CHECK_ERR("flock.ex_conflict", flock(b, LOCK_EX | LOCK_NB),
		  EWOULDBLOCK);
	CHECK_ERR("flock.sh_conflict", flock(b, LOCK_SH | LOCK_NB),
		  EWOULDBLOCK);
	CHECK_OK("flock.dup_shares", flock(d, LOCK_EX | LOCK_NB));
	CHECK_OK("flock.convert_sh", flock(a, LOCK_SH));
	CHECK_OK("flock.sh_shared", flock(b, LOCK_SH | LOCK_NB));
	CHECK_ERR("flock.upgrade_blocked", flock(b, LOCK_EX | LOCK_NB),
		  EWOULDBLOCK);
	CHECK_OK("flock.un", flock(a, LOCK_UN));
	CHECK_OK("flock.after_un", flock(b, LOCK_EX | LOCK_NB));
	close(b); /* the last reference to that open file: the lock goes */
	CHECK_OK("flock.close_releases", flock(a, LOCK_EX | LOCK_NB));
	CHECK_ERR("flock.einval", flock(a, 0), EINVAL);
	CHECK_ERR("flock.ebadf", flock(999, LOCK_SH), EBADF);

	/* a forked child shares the open file, and with it the lock */
	pid = fork();
	if (pid == 0)
		_exit(flock(a, LOCK_EX | LOCK_NB) == 0 ? 0 : 1);
	waitpid(pid, &st, 0);
	CHECK_CHILD_OK("flock.fork_shares", st);

	/* a blocking flock waits for the holder */
	pid = fork();
	if (pid == 0) {
		int c = open("lk", O_RDWR);

		if (flock(c, LOCK_EX | LOCK_NB) != -1)
			_exit(1);
		flock(c, LOCK_EX);
		_exit(0);
	}
	abi_msleep(150);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	flock(a, LOCK_UN);
	waitpid(pid, &st, 0);
	CHECK_CHILD_OK("flock.waiter_woken", st);
	CHECK("flock.waited_briefly", abi_ms_since(&t0) < 5000);
	close(d);
	close(a);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A blocked flock ends with EINTR when a handler runs (no SA_RESTART). */
static void test_flock_eintr(void)
{
	int a = open("lk", O_RDWR), p[2];
	struct sigaction sa;
	pid_t pid;
	char c;
	int st;

	pipe(p);
	pid = fork();
	if (pid == 0) {
		int cfd = open("lk", O_RDWR);

		flock(cfd, LOCK_EX);
		write(p[1], "x", 1);
		abi_msleep(3000);
		_exit(0);
	}
	read(p[0], &c, 1);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	ualarm(200000, 0);
	CHECK_ERR("flock.eintr", flock(a, LOCK_SH), EINTR);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	/* the holder died: its open file went, and its lock with it */
	CHECK_OK("flock.holder_exit_releases", flock(a, LOCK_EX | LOCK_NB));
	signal(SIGALRM, SIG_DFL);
	close(p[0]);
	close(p[1]);
	close(a);
}

/* The child's checks of the parent's locks: [0,50) W, [50,60) R,
 * [60,100) W, and its own attempts. */
static int posix_child(void *arg)
{
	int fd = open("pl", O_RDWR);
	struct flock fl;
	int bad = 0;

	(void)arg;
	if (getlk(fd, F_GETLK, F_WRLCK, 10, 5, &fl) || fl.l_type != F_WRLCK ||
	    fl.l_start != 0 || fl.l_len != 50 || fl.l_pid != getppid() ||
	    fl.l_whence != SEEK_SET)
		bad |= 1;
	if (getlk(fd, F_GETLK, F_RDLCK, 50, 10, &fl) || fl.l_type != F_UNLCK)
		bad |= 2;
	if (getlk(fd, F_GETLK, F_WRLCK, 55, 1, &fl) || fl.l_type != F_RDLCK ||
	    fl.l_start != 50 || fl.l_len != 10)
		bad |= 4;
	if (setlk(fd, F_SETLK, F_WRLCK, 0, 10) != -1 || errno != EAGAIN)
		bad |= 8;
	if (setlk(fd, F_SETLK, F_RDLCK, 52, 3) != 0)
		bad |= 16;
	if (getlk(fd, F_GETLK, F_WRLCK, 100, 0, &fl) || fl.l_type != F_UNLCK)
		bad |= 32;
	return bad;
}

static int merged_child(void *arg)
{
	int fd = open("pl", O_RDWR);
	struct flock fl;

	(void)arg;
	if (getlk(fd, F_GETLK, F_WRLCK, 0, 0, &fl) || fl.l_type != F_WRLCK)
		return 1;
	if (fl.l_start != 0 || fl.l_len != 20)
		return 2;
	/* l_len < 0 covers the bytes before l_start */
	if (getlk(fd, F_GETLK, F_RDLCK, 30, -5, &fl) || fl.l_type != F_UNLCK)
		return 3;
	if (getlk(fd, F_GETLK, F_RDLCK, 25, -10, &fl) ||
	    fl.l_type != F_WRLCK)
		return 4;
	return 0;
}

static int free_child(void *arg)
{
	int fd = open("pl", O_RDWR);
	struct flock fl;

	(void)arg;
	if (getlk(fd, F_GETLK, F_WRLCK, 0, 0, &fl) || fl.l_type != F_UNLCK)
		return 1;
	return 0;
}

static void test_posix(void)
{
	int fd = open("pl", O_RDWR | O_CREAT, 0644);
	int ro = open("pl", O_RDONLY), wo = open("pl", O_WRONLY), other;
	struct flock fl;

	CHECK_OK("setlk.w", setlk(fd, F_SETLK, F_WRLCK, 0, 100));
	CHECK_OK("setlk.split", setlk(fd, F_SETLK, F_RDLCK, 50, 10));
	CHECK("getlk.own_free", getlk(fd, F_GETLK, F_WRLCK, 0, 0, &fl) == 0 &&
					fl.l_type == F_UNLCK);
	CHECK_CHILD_OK("child_view", abi_in_child(posix_child, NULL));

	CHECK_OK("unlock_all", setlk(fd, F_SETLK, F_UNLCK, 0, 0));
	CHECK_CHILD_OK("unlocked", abi_in_child(free_child, NULL));
	CHECK_OK("merge.a", setlk(fd, F_SETLK, F_WRLCK, 0, 10));
	CHECK_OK("merge.b", setlk(fd, F_SETLK, F_WRLCK, 10, 10));
	CHECK_CHILD_OK("merged", abi_in_child(merged_child, NULL));

	CHECK_ERR("ebadf.rd_on_wronly", setlk(wo, F_SETLK, F_RDLCK, 0, 1),
		  EBADF);
	CHECK_ERR("ebadf.wr_on_rdonly", setlk(ro, F_SETLK, F_WRLCK, 0, 1),
		  EBADF);
	CHECK_ERR("einval.getlk_unlck", getlk(fd, F_GETLK, F_UNLCK, 0, 1, &fl),
		  EINVAL);
	CHECK_ERR("einval.type", setlk(fd, F_SETLK, 7, 0, 1), EINVAL);
	fl = (struct flock){ .l_type = F_RDLCK, .l_whence = 9 };
	CHECK_ERR("einval.whence", fcntl(fd, F_SETLK, &fl), EINVAL);
	CHECK_ERR("einval.negative", setlk(fd, F_SETLK, F_RDLCK, -5, 1),
		  EINVAL);
	CHECK_ERR("efault", fcntl(fd, F_SETLK, (struct flock *)8), EFAULT);

	/* any close of the file by the process drops its locks */
	other = open("pl", O_RDONLY);
	close(other);
	CHECK_CHILD_OK("close_releases", abi_in_child(free_child, NULL));
	close(ro);
	close(wo);
	close(fd);
}

static void test_wait_and_exit(void)
{
	int fd = open("pw", O_RDWR | O_CREAT, 0644), p[2];
	struct timespec t0;
	pid_t pid;
	char c;
	int st;

	pipe(p);
	pid = fork();
	if (pid == 0) {
		int cfd = open("pw", O_RDWR);

		setlk(cfd, F_SETLK, F_WRLCK, 0, 10);
		write(p[1], "x", 1);
		abi_msleep(200);
		_exit(0); /* exit drops the lock */
	}
	read(p[0], &c, 1);
	CHECK_ERR("held_by_child", setlk(fd, F_SETLK, F_WRLCK, 5, 1), EAGAIN);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_OK("setlkw.waits", setlk(fd, F_SETLKW, F_WRLCK, 5, 1));
	CHECK("setlkw.waited", abi_ms_since(&t0) >= 100);
	waitpid(pid, &st, 0);
	close(p[0]);
	close(p[1]);
	close(fd);
}

static void test_deadlock_and_eintr(void)
{
	int fd = open("pd", O_RDWR | O_CREAT, 0644), p[2];
	struct sigaction sa;
	pid_t pid;
	char c;
	int st;

	setlk(fd, F_SETLK, F_WRLCK, 0, 1);
	pipe(p);
	pid = fork();
	if (pid == 0) {
		int cfd = open("pd", O_RDWR);

		setlk(cfd, F_SETLK, F_WRLCK, 1, 1);
		write(p[1], "x", 1);
		/* waits for the parent's byte 0 */
		_exit(setlk(cfd, F_SETLKW, F_WRLCK, 0, 1) == 0 ? 0 : 1);
	}
	read(p[0], &c, 1);
	abi_msleep(200); /* the child is asleep in F_SETLKW by now */
	CHECK_ERR("edeadlk", setlk(fd, F_SETLKW, F_WRLCK, 1, 1), EDEADLK);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	/* no deadlock through the child's lock on byte 1 if we are not
	 * what it waits for: byte 0 is free for it once we unlock */
	setlk(fd, F_SETLK, F_UNLCK, 0, 1);
	waitpid(pid, &st, 0);
	CHECK_CHILD_OK("deadlock.child_got_lock", st);
	alarm(0);

	pid = fork();
	if (pid == 0) {
		int cfd = open("pd", O_RDWR);

		setlk(cfd, F_SETLK, F_WRLCK, 0, 10);
		write(p[1], "y", 1);
		abi_msleep(3000);
		_exit(0);
	}
	read(p[0], &c, 1);
	alarm(1);
	CHECK_ERR("setlkw.eintr", setlk(fd, F_SETLKW, F_WRLCK, 0, 1), EINTR);
	alarm(0);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	signal(SIGALRM, SIG_DFL);
	close(p[0]);
	close(p[1]);
	close(fd);
}

static void test_ofd(void)
{
	int a = open("po", O_RDWR | O_CREAT, 0644), b = open("po", O_RDWR);
	int d = dup(a);
	struct flock fl;

	CHECK_OK("ofd.set", setlk(a, F_OFD_SETLK, F_WRLCK, 0, 10));
	CHECK_ERR("ofd.other_file", setlk(b, F_OFD_SETLK, F_WRLCK, 5, 1),
		  EAGAIN);
	CHECK_ERR("ofd.vs_posix", setlk(b, F_SETLK, F_WRLCK, 5, 1), EAGAIN);
	CHECK("ofd.getlk", getlk(b, F_OFD_GETLK, F_RDLCK, 0, 1, &fl) == 0 &&
				   fl.l_type == F_WRLCK && fl.l_pid == -1 &&
				   fl.l_len == 10);
	fl = (struct flock){ .l_type = F_RDLCK, .l_pid = 1 };
	CHECK_ERR("ofd.pid_einval", fcntl(a, F_OFD_SETLK, &fl), EINVAL);
	close(d); /* not the last reference: the lock stays */
	CHECK_ERR("ofd.survives_dup_close",
		  setlk(b, F_OFD_SETLK, F_WRLCK, 5, 1), EAGAIN);
	close(a);
	CHECK_OK("ofd.last_close", setlk(b, F_OFD_SETLK, F_WRLCK, 5, 1));
	close(b);
}

int main(int argc, char **argv)
{
	(void)argc;
	abi_start(argv[0]);
	abi_tmpdir();
	test_flock();
	test_flock_eintr();
	test_posix();
	test_wait_and_exit();
	test_deadlock_and_eintr();
	test_ofd();
	return abi_end();
}
