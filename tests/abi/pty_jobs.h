/* SPDX-License-Identifier: MIT */
/* pty_jobs.h - part of pty.c: job control on a pty: a session on the
 * slave, ^C, SIGWINCH, the hangup and its SIGHUP, a zombie's group,
 * forkpty. */
#ifndef ABI_PTY_JOBS_H
#define ABI_PTY_JOBS_H

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

/* A session leader's open of a slave with O_NOCTTY leaves it without a
 * terminal; without the flag the slave becomes its terminal, /dev/tty. */
static int noctty_child(void *arg)
{
	const char *name = arg;
	int s, t;

	if (setsid() < 0)
		return 2;
	s = open(name, O_RDWR | O_NOCTTY);
	if (s < 0)
		return 3;
	if (tcgetpgrp(s) != -1 || errno != ENOTTY)
		return 4;
	if (open("/dev/tty", O_RDWR) != -1 || errno != ENXIO)
		return 5;
	s = open(name, O_RDWR);
	if (s < 0 || tcgetpgrp(s) != getpid())
		return 6;
	t = open("/dev/tty", O_RDWR);
	if (t < 0 || tcgetpgrp(t) != getpid())
		return 7;
	return 0;
}

static void test_noctty(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);

	if (m < 0 || grantpt(m) || unlockpt(m)) {
		CHECK("noctty.setup", 0);
		return;
	}
	CHECK_CHILD_OK("noctty.then_ctty",
		       abi_in_child(noctty_child, ptsname(m)));
	close(m);
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

#endif /* ABI_PTY_JOBS_H */
