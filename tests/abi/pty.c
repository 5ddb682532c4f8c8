/* SPDX-License-Identifier: MIT */
/* pty.c - pseudo-terminals: /dev/ptmx and devpts, posix_openpt, grantpt,
 * unlockpt and ptsname, canonical and raw input, echo, output processing,
 * ^C to the foreground group, TIOCSWINSZ and SIGWINCH, the master's close
 * hanging the slave up, the slave's close seen by the master, poll and
 * epoll on both ends, forkpty's session with /dev/tty. */
#include "abi.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/sysmacros.h>
#include <termios.h>

/* Generous bounds on waits for something that must come (TCG, a loaded
 * machine); a check never depends on how fast it comes. */
#define PTY_WAIT_MS   20000
#define PTY_ALARM_SEC 60

/* Linux's initramfs has devtmpfs's /dev/ptmx but no devpts: mount it as
 * distributions do. Keel has it from boot. */
static void pty_mount_devpts(void)
{
	if (access("/dev/pts/ptmx", F_OK) == 0)
		return;
	mkdir("/dev/pts", 0755);
	if (mount("devpts", "/dev/pts", "devpts", 0, "mode=620,ptmxmode=666"))
		abi_note("mount devpts: %s", strerror(errno));
}

/* A new unlocked pair: the master (O_RDWR | O_NOCTTY) in *m, the slave
 * (opened with @sflags) in *s. 0, or -1 with errno. */
static int pty_pair(int *m, int *s, int sflags)
{
	char *name;

	*m = posix_openpt(O_RDWR | O_NOCTTY);
	if (*m < 0)
		return -1;
	if (grantpt(*m) || unlockpt(*m) || !(name = ptsname(*m)))
		goto fail;
	*s = open(name, O_RDWR | sflags);
	if (*s < 0)
		goto fail;
	return 0;
fail:
	close(*m);
	return -1;
}

/* Read what @fd has within PTY_WAIT_MS into @buf (NUL-terminated), until
 * @want bytes came; the count, or -1. */
static ssize_t pty_read_n(int fd, char *buf, size_t want)
{
	size_t got = 0;

	while (got < want) {
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t n;

		if (poll(&p, 1, PTY_WAIT_MS) != 1)
			break;
		n = read(fd, buf + got, want - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	buf[got] = '\0';
	return got ? (ssize_t)got : -1;
}

/* Whether @fd polls with @ev at once (timeout 0). */
static short pty_poll_now(int fd, short ev)
{
	struct pollfd p = { fd, ev, 0 };

	return poll(&p, 1, 0) == 1 ? p.revents : 0;
}

static void test_open(void)
{
	int m, s, n = -1, lock = 0;
	char *name, want[32];
	struct stat st;
	DIR *d;
	struct dirent *e;
	int seen_n = 0, seen_ptmx = 0;

	m = CHECK_OK("posix_openpt", posix_openpt(O_RDWR | O_NOCTTY));
	if (m < 0)
		return;
	CHECK("master.isatty", isatty(m));
	CHECK_OK("grantpt", grantpt(m));
	CHECK_OK("tiocgptn", ioctl(m, TIOCGPTN, &n));
	name = ptsname(m);
	snprintf(want, sizeof(want), "/dev/pts/%d", n);
	CHECK("ptsname", name && strcmp(name, want) == 0);
	CHECK_OK("tiocgptlck", ioctl(m, TIOCGPTLCK, &lock));
	CHECK_EQ("tiocgptlck.locked", lock, 1);
	CHECK_ERR("open.locked", open(want, O_RDWR | O_NOCTTY), EIO);
	CHECK_OK("unlockpt", unlockpt(m));
	CHECK_OK("tiocgptlck.unlocked", ioctl(m, TIOCGPTLCK, &lock));
	CHECK_EQ("tiocgptlck.zero", lock, 0);
	CHECK_OK("stat", stat(want, &st));
	CHECK("stat.chr", S_ISCHR(st.st_mode));
	CHECK_EQ("stat.major", major(st.st_rdev), 136);
	CHECK_EQ("stat.minor", minor(st.st_rdev), n);
	CHECK_EQ("stat.uid", st.st_uid, getuid());
	CHECK_EQ("stat.mode", st.st_mode & 07777, 0620);
	s = CHECK_OK("open.slave", open(want, O_RDWR | O_NOCTTY));
	CHECK("slave.isatty", s >= 0 && isatty(s));
	CHECK_ERR("slave.tiocgptn", ioctl(s, TIOCGPTN, &n), ENOTTY);

	d = opendir("/dev/pts");
	CHECK("readdir.open", d != NULL);
	while (d && (e = readdir(d))) {
		seen_n |= strcmp(e->d_name, want + 9) == 0;
		seen_ptmx |= strcmp(e->d_name, "ptmx") == 0;
	}
	if (d)
		closedir(d);
	CHECK("readdir.slave", seen_n);
	CHECK("readdir.ptmx", seen_ptmx);
	close(s);
	close(m);
	/* The node goes with the master. */
	CHECK_ERR("stat.gone", stat(want, &st), ENOENT);
}

/* An unprivileged opener owns its slave; others cannot open it. */
static int owner_child(void *arg)
{
	char *name;
	struct stat st;
	int m, bad = 0;

	(void)arg;
	if (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000))
		return 10;
	m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) || unlockpt(m) || !(name = ptsname(m)))
		return 11;
	if (stat(name, &st) || st.st_uid != 1000)
		bad |= 1;
	if (open(name, O_RDWR | O_NOCTTY) < 0)
		bad |= 2;
	return bad;
}

static int other_child(void *arg)
{
	const char *name = arg;

	if (setresuid(2000, 2000, 2000))
		return 10;
	/* 0620 root:root: neither owner nor group */
	return open(name, O_RDWR | O_NOCTTY) < 0 && errno == EACCES ? 0 : 1;
}

static void test_owner(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);

	CHECK_CHILD_OK("owner.uid", abi_in_child(owner_child, NULL));
	if (m < 0 || grantpt(m) || unlockpt(m)) {
		CHECK("owner.eacces.setup", 0);
		return;
	}
	CHECK_CHILD_OK("owner.eacces", abi_in_child(other_child, ptsname(m)));
	close(m);
}

static void test_canon(void)
{
	char buf[64];
	int m, s;

	if (CHECK_OK("canon.pair", pty_pair(&m, &s, O_NOCTTY)) < 0)
		return;
	CHECK_EQ("canon.write", write(m, "hello\n", 6), 6);
	CHECK_EQ("canon.read", pty_read_n(s, buf, 6), 6);
	CHECK("canon.data", strcmp(buf, "hello\n") == 0);
	/* echo, with ONLCR on the way back */
	CHECK_EQ("echo.read", pty_read_n(m, buf, 7), 7);
	CHECK("echo.data", strcmp(buf, "hello\r\n") == 0);

	/* no line yet: nothing readable; the newline completes it */
	CHECK_EQ("canon.partial", write(m, "ab", 2), 2);
	CHECK_EQ("echo.partial", pty_read_n(m, buf, 2), 2);
	CHECK_EQ("canon.partial.nopoll", pty_poll_now(s, POLLIN), 0);
	/* DEL erases the b */
	CHECK_EQ("canon.erase",
		 write(m,
		       "\x7f"
		       "c\n",
		       3),
		 3);
	CHECK_EQ("canon.erase.read", pty_read_n(s, buf, 3), 3);
	CHECK("canon.erase.data", strcmp(buf, "ac\n") == 0);
	CHECK_EQ("echo.erase", pty_read_n(m, buf, 6), 6);
	CHECK("echo.erase.data", strcmp(buf, "\b \bc\r\n") == 0);

	/* nothing to read: EAGAIN on either end without blocking */
	fcntl(m, F_SETFL, O_NONBLOCK);
	fcntl(s, F_SETFL, O_NONBLOCK);
	CHECK_ERR("master.eagain", read(m, buf, sizeof(buf)), EAGAIN);
	CHECK_ERR("slave.eagain", read(s, buf, sizeof(buf)), EAGAIN);
	fcntl(m, F_SETFL, 0);
	fcntl(s, F_SETFL, 0);

	/* the slave's output: OPOST ONLCR */
	CHECK_EQ("output.write", write(s, "x\n", 2), 2);
	{
		struct pollfd p = { m, POLLIN, 0 };
		int n = -1;

		CHECK_EQ("output.poll", poll(&p, 1, PTY_WAIT_MS), 1);
		CHECK_OK("master.fionread", ioctl(m, FIONREAD, &n));
		CHECK_EQ("master.fionread.count", n, 3);
	}
	CHECK_EQ("output.read", pty_read_n(m, buf, 3), 3);
	CHECK("output.data", strcmp(buf, "x\r\n") == 0);
	close(s);
	close(m);
}

static void test_raw(void)
{
	struct termios t;
	char buf[16];
	int m, s;

	if (CHECK_OK("raw.pair", pty_pair(&m, &s, O_NOCTTY)) < 0)
		return;
	CHECK_OK("raw.tcgetattr", tcgetattr(s, &t));
	cfmakeraw(&t);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	CHECK_OK("raw.tcsetattr", tcsetattr(s, TCSANOW, &t));
	/* the master sees the slave's settings */
	CHECK("raw.master_sees",
	      tcgetattr(m, &t) == 0 && !(t.c_lflag & (ICANON | ECHO)));
	CHECK_EQ("raw.write", write(m, "q\x03", 2), 2);
	CHECK_EQ("raw.read", pty_read_n(s, buf, 2), 2);
	CHECK("raw.data", buf[0] == 'q' && buf[1] == 3);
	CHECK_EQ("raw.noecho", pty_poll_now(m, POLLIN), 0);
	CHECK_EQ("raw.output", write(s, "y\n", 2), 2);
	CHECK_EQ("raw.output.read", pty_read_n(m, buf, 2), 2);
	CHECK("raw.output.data", strcmp(buf, "y\n") == 0);
	close(s);
	close(m);
}

/* The last slave file closes: the master reads what is left, then EIO,
 * and polls POLLHUP. */
static void test_slave_close(void)
{
	char buf[8];
	int m, s;

	if (CHECK_OK("sclose.pair", pty_pair(&m, &s, O_NOCTTY)) < 0)
		return;
	CHECK_EQ("sclose.write", write(s, "z", 1), 1);
	close(s);
	CHECK_EQ("sclose.drain", read(m, buf, sizeof(buf)), 1);
	CHECK_ERR("sclose.eio", read(m, buf, sizeof(buf)), EIO);
	CHECK("sclose.pollhup", pty_poll_now(m, POLLIN) & POLLHUP);
	close(m);
}

static void test_poll(void)
{
	struct epoll_event ev = { .events = EPOLLIN }, got;
	char buf[8];
	int m, s, ep;

	if (CHECK_OK("poll.pair", pty_pair(&m, &s, O_NOCTTY)) < 0)
		return;
	CHECK("poll.master.out", pty_poll_now(m, POLLOUT) & POLLOUT);
	CHECK("poll.slave.out", pty_poll_now(s, POLLOUT) & POLLOUT);
	CHECK_EQ("poll.master.idle", pty_poll_now(m, POLLIN), 0);
	CHECK_EQ("poll.slave.idle", pty_poll_now(s, POLLIN), 0);

	ep = CHECK_OK("epoll.create", epoll_create1(0));
	ev.data.fd = m;
	CHECK_OK("epoll.add.master", epoll_ctl(ep, EPOLL_CTL_ADD, m, &ev));
	CHECK_EQ("epoll.idle", epoll_wait(ep, &got, 1, 0), 0);
	CHECK_EQ("poll.slave.write", write(s, "k", 1), 1);
	CHECK_EQ("epoll.master.in", epoll_wait(ep, &got, 1, PTY_WAIT_MS), 1);
	CHECK("epoll.master.fd", got.data.fd == m && (got.events & EPOLLIN));
	{
		struct pollfd p = { m, POLLIN, 0 };

		CHECK_EQ("poll.master.in", poll(&p, 1, PTY_WAIT_MS), 1);
	}
	CHECK_EQ("poll.master.read", read(m, buf, sizeof(buf)), 1);

	ev.data.fd = s;
	CHECK_OK("epoll.add.slave", epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
	CHECK_EQ("poll.master.write", write(m, "line\n", 5), 5);
	{
		struct pollfd p = { s, POLLIN, 0 };

		CHECK_EQ("poll.slave.in", poll(&p, 1, PTY_WAIT_MS), 1);
	}
	{
		/* the master is ready too (the echo): look for the slave */
		struct epoll_event two[2];
		int n = epoll_wait(ep, two, 2, PTY_WAIT_MS), seen = 0;

		for (int i = 0; i < n; i++)
			seen |= two[i].data.fd == s;
		CHECK("epoll.slave.in", seen);
	}
	close(ep);
	close(s);
	close(m);
}

/* TIOCGPTPEER: the slave without a path lookup of the caller's. */
static void test_peer(void)
{
	struct stat st;
	int m, s, n = -1;

	m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || unlockpt(m) || ioctl(m, TIOCGPTN, &n)) {
		CHECK("peer.setup", 0);
		return;
	}
	s = CHECK_OK("peer.open", ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY));
	CHECK("peer.fstat",
	      s >= 0 && fstat(s, &st) == 0 && S_ISCHR(st.st_mode) &&
		      major(st.st_rdev) == 136 && (int)minor(st.st_rdev) == n);
	if (s >= 0)
		close(s);
	s = CHECK_OK("peer.cloexec",
		     ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC));
	CHECK("peer.cloexec.flag", fcntl(s, F_GETFD) == FD_CLOEXEC);
	if (s >= 0)
		close(s);
	close(m);
}

#include "pty_jobs.h"

int main(int argc, char **argv)
{
	(void)argc;
	abi_start(argv[0]);
	pty_mount_devpts();
	test_open();
	test_owner();
	test_canon();
	test_raw();
	test_noctty();
	test_intr();
	test_winch();
	test_hangup();
	test_hangup_leader_only();
	test_slave_close();
	test_poll();
	test_peer();
	test_forkpty();
	test_zombie_pgrp();
	return abi_end();
}
