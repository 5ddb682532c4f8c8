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

/* A session of its own on the slave @name, foreground; tells the parent
 * through @ready once it is. */
static int session_on(const char *name, int ready)
{
	int s;

	alarm(PTY_ALARM_SEC);
	if (setsid() < 0)
		return -1;
	s = open(name, O_RDWR);
	if (s < 0)
		return -1;
	if (ioctl(s, TIOCSCTTY, 0) && errno != EPERM)
		return -1;
	if (tcgetpgrp(s) != getpid())
		return -1;
	if (ready >= 0 && write(ready, "r", 1) != 1)
		return -1;
	return s;
}

static int wait_ready(int rd)
{
	struct pollfd p = { rd, POLLIN, 0 };
	char c;

	return poll(&p, 1, PTY_WAIT_MS) == 1 && read(rd, &c, 1) == 1 ? 0 : -1;
}

/* ^C: SIGINT to the foreground group, which dies of it. */
static void test_intr(void)
{
	int m, p[2], st, keep;
	char *name, buf[8];
	pid_t pid;

	m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) || unlockpt(m) || pipe(p)) {
		CHECK("intr.setup", 0);
		return;
	}
	name = ptsname(m);
	/* A slave file of our own: the child's death must not close the last
	 * one, after which Linux's master may say EIO before the echo. */
	keep = open(name, O_RDWR | O_NOCTTY);
	pid = fork();
	if (pid == 0) {
		int s = session_on(name, p[1]);

		if (s < 0)
			_exit(2);
		/* reads the line after the ^C only if SIGINT did not come */
		if (read(s, buf, sizeof(buf)) < 0)
			_exit(3);
		_exit(1);
	}
	CHECK_OK("intr.ready", wait_ready(p[0]));
	/* the master sees the foreground group without being a terminal of
	 * its holder's */
	CHECK_EQ("master.tcgetpgrp", tcgetpgrp(m), pid);
	CHECK_EQ("intr.write", write(m, "\x03", 1), 1);
	CHECK_EQ("intr.write_nl", write(m, "\n", 1), 1);
	CHECK("intr.sigint", waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) &&
				     WTERMSIG(st) == SIGINT);
	CHECK_EQ("intr.echo", pty_read_n(m, buf, 2), 2);
	CHECK("intr.echo.data", buf[0] == '^' && buf[1] == 'C');
	close(keep);
	close(p[0]);
	close(p[1]);
	close(m);
}

static volatile sig_atomic_t pty_got;

static void on_sig(int sig)
{
	pty_got = sig;
}

/* TIOCSWINSZ on the master: SIGWINCH to the foreground group, and the
 * size it set. */
static void test_winch(void)
{
	struct winsize ws = { .ws_row = 33, .ws_col = 101 };
	int m, p[2], st;
	char *name;
	pid_t pid;

	m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) || unlockpt(m) || pipe(p)) {
		CHECK("winch.setup", 0);
		return;
	}
	name = ptsname(m);
	pid = fork();
	if (pid == 0) {
		struct winsize got;
		sigset_t block, old;
		int s;

		signal(SIGWINCH, on_sig);
		sigemptyset(&block);
		sigaddset(&block, SIGWINCH);
		sigprocmask(SIG_BLOCK, &block, &old);
		s = session_on(name, p[1]);
		if (s < 0)
			_exit(2);
		while (!pty_got)
			sigsuspend(&old);
		if (ioctl(s, TIOCGWINSZ, &got) || got.ws_row != 33 ||
		    got.ws_col != 101)
			_exit(3);
		_exit(0);
	}
	CHECK_OK("winch.ready", wait_ready(p[0]));
	CHECK_OK("winch.set", ioctl(m, TIOCSWINSZ, &ws));
	st = waitpid(pid, &st, 0) == pid ? st : -1;
	CHECK_CHILD_OK("winch.sigwinch", st);
	close(p[0]);
	close(p[1]);
	close(m);
}

/* The master closes: SIGHUP to the session's leader; the slave reads its
 * end and its writes fail with EIO. */
static void test_hangup(void)
{
	int m, p[2], st;
	char *name;
	pid_t pid;

	m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) || unlockpt(m) || pipe(p)) {
		CHECK("hup.setup", 0);
		return;
	}
	name = ptsname(m);
	pid = fork();
	if (pid == 0) {
		sigset_t block, old;
		char c;
		int s;

		close(m); /* the parent's close must be the last */
		signal(SIGHUP, on_sig);
		sigemptyset(&block);
		sigaddset(&block, SIGHUP);
		sigprocmask(SIG_BLOCK, &block, &old);
		s = session_on(name, p[1]);
		if (s < 0)
			_exit(2);
		while (!pty_got)
			sigsuspend(&old);
		if (read(s, &c, 1) != 0)
			_exit(3);
		if (write(s, "x", 1) != -1 || errno != EIO)
			_exit(4);
		if (!(pty_poll_now(s, POLLIN) & POLLHUP))
			_exit(5);
		_exit(0);
	}
	CHECK_OK("hup.ready", wait_ready(p[0]));
	close(m);
	st = waitpid(pid, &st, 0) == pid ? st : -1;
	CHECK_CHILD_OK("hup.sighup_eof_eio", st);
	close(p[0]);
	close(p[1]);
}

static volatile sig_atomic_t pty_got_hup, pty_got_usr1;

static void on_hup(int sig)
{
	(void)sig;
	pty_got_hup = 1;
}

static void on_usr1(int sig)
{
	(void)sig;
	pty_got_usr1 = 1;
}

/* The hangup's SIGHUP is the session leader's alone: a process in the
 * leader's group gets none (the shell passes it on to its jobs itself). */
static void test_hangup_leader_only(void)
{
	int m, p[2], st;
	char *name;
	pid_t pid;

	m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) || unlockpt(m) || pipe(p)) {
		CHECK("hup_leader.setup", 0);
		return;
	}
	name = ptsname(m);
	pid = fork();
	if (pid == 0) {
		sigset_t block, old;
		int s, g_ready[2];
		pid_t g;
		char c;

		close(m);
		signal(SIGHUP, on_hup);
		signal(SIGUSR1, on_usr1);
		sigemptyset(&block);
		sigaddset(&block, SIGHUP);
		sigaddset(&block, SIGUSR1);
		sigprocmask(SIG_BLOCK, &block, &old);
		s = session_on(name, -1);
		if (s < 0 || pipe(g_ready))
			_exit(2);
		g = fork();
		if (g == 0) {
			/* in the leader's group, with the terminal open */
			if (write(g_ready[1], "g", 1) != 1)
				_exit(2);
			while (!pty_got_usr1)
				sigsuspend(&old);
			_exit(pty_got_hup ? 1 : 0);
		}
		if (read(g_ready[0], &c, 1) != 1 || write(p[1], "r", 1) != 1)
			_exit(3);
		while (!pty_got_hup)
			sigsuspend(&old);
		kill(g, SIGUSR1);
		if (waitpid(g, &st, 0) != g || !WIFEXITED(st))
			_exit(4);
		_exit(WEXITSTATUS(st) ? 5 : 0);
	}
	CHECK_OK("hup_leader.ready", wait_ready(p[0]));
	close(m);
	st = waitpid(pid, &st, 0) == pid ? st : -1;
	CHECK_CHILD_OK("hup_leader.only_the_leader", st);
	close(p[0]);
	close(p[1]);
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

/* In the session of a pty: a group whose only member has exited but is
 * not reaped yet still exists (a shell's pipeline whose first command
 * ended at once), for tcsetpgrp and for setpgid. */
static int zombie_pgrp_child(void *arg)
{
	siginfo_t si;
	pid_t z, j;
	int s = session_on(arg, -1), st, bad = 0;

	if (s < 0)
		return 2;
	z = fork();
	if (z == 0) {
		setpgid(0, 0);
		_exit(0);
	}
	setpgid(z, z); /* as a shell does, racing the child */
	if (waitid(P_PID, (id_t)z, &si, WEXITED | WNOWAIT))
		return 3;
	if (tcsetpgrp(s, z))
		bad |= 1;
	if (tcgetpgrp(s) != z)
		bad |= 2;
	j = fork();
	if (j == 0)
		_exit(setpgid(0, z) ? 1 : 0);
	if (waitpid(j, &st, 0) != j || !WIFEXITED(st) || WEXITSTATUS(st))
		bad |= 4;
	signal(SIGTTOU, SIG_IGN);
	tcsetpgrp(s, getpid());
	waitpid(z, &st, 0);
	return bad ? 10 + bad : 0;
}

static void test_zombie_pgrp(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);

	if (m < 0 || grantpt(m) || unlockpt(m)) {
		CHECK("zombie_pgrp.setup", 0);
		return;
	}
	CHECK_CHILD_OK("zombie_pgrp.tcsetpgrp_setpgid",
		       abi_in_child(zombie_pgrp_child, ptsname(m)));
	close(m);
}

/* forkpty's child: a terminal session of its own on the slave, as a
 * shell started by a terminal emulator has. */
static int forkpty_child(void)
{
	char line[32];
	ssize_t n;
	int tty;

	alarm(PTY_ALARM_SEC);
	if (!isatty(0) || !isatty(1) || !isatty(2))
		return 2;
	if (getsid(0) != getpid() || tcgetpgrp(0) != getpid())
		return 3;
	tty = open("/dev/tty", O_RDWR);
	if (tty < 0)
		return 4;
	n = read(tty, line, sizeof(line) - 1);
	if (n <= 0)
		return 5;
	line[n] = '\0';
	dprintf(1, "pong:%s", line);
	return 0;
}

static void test_forkpty(void)
{
	char buf[64] = "";
	size_t got = 0;
	int m, st;
	pid_t pid = forkpty(&m, NULL, NULL, NULL);

	if (pid == 0)
		_exit(forkpty_child());
	if (CHECK_OK("forkpty", pid) < 0)
		return;
	CHECK_EQ("forkpty.write", write(m, "ping\n", 5), 5);
	/* the echo "ping\r\n", then the child's "pong:ping\r\n" */
	while (got < sizeof(buf) - 1 && !strstr(buf, "pong:ping\r\n")) {
		ssize_t n = pty_read_n(m, buf + got, 1);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	CHECK("forkpty.reply", strstr(buf, "pong:ping\r\n") != NULL);
	CHECK("forkpty.exit", waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
				      WEXITSTATUS(st) == 0);
	close(m);
}

int main(int argc, char **argv)
{
	(void)argc;
	abi_start(argv[0]);
	pty_mount_devpts();
	test_open();
	test_owner();
	test_canon();
	test_raw();
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
