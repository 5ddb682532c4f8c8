/* SPDX-License-Identifier: MIT */
/* pty_jobs.h - part of pty.c: job control on a pty: a session on the
 * slave, ^C, SIGWINCH, the hangup and its SIGHUP, a zombie's group,
 * forkpty. */
#ifndef ABI_PTY_JOBS_H
#define ABI_PTY_JOBS_H

/* A terminal for a test: the master, its slave's name, and the pipe
 * through which a child in a session on it says it is ready. */
struct jobs_tty {
	int m;
	char *name;
	int ready[2];
};

/* Open @t, with the pipe when @ready: 0, or -1 with the check @setup
 * failed and nothing left open. */
static int jobs_tty_open(struct jobs_tty *t, const char *setup, int ready)
{
	t->ready[0] = t->ready[1] = -1;
	t->m = posix_openpt(O_RDWR | O_NOCTTY);
	if (t->m >= 0 && !grantpt(t->m) && !unlockpt(t->m) &&
	    (t->name = ptsname(t->m)) && (!ready || !pipe(t->ready)))
		return 0;
	CHECK(setup, 0);
	if (t->m >= 0)
		close(t->m);
	return -1;
}

/* Close what @t still holds (a master already closed is -1). */
static void jobs_tty_close(struct jobs_tty *t)
{
	int fds[] = { t->m, t->ready[0], t->ready[1] };

	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* @pid's wait status, -1 when it cannot be had (for CHECK_CHILD_OK). */
static int jobs_wait(pid_t pid)
{
	int st;

	return waitpid(pid, &st, 0) == pid ? st : -1;
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

/* In a child: @on catches @sig, held blocked until a sigsuspend() on the
 * mask before (put in *@old unless NULL) waits for it, so that none comes
 * between a check of its flag and the wait. */
static void jobs_catch(int sig, void (*on)(int), sigset_t *old)
{
	sigset_t block;

	signal(sig, on);
	sigemptyset(&block);
	sigaddset(&block, sig);
	sigprocmask(SIG_BLOCK, &block, old);
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
	struct jobs_tty t;

	if (jobs_tty_open(&t, "noctty.setup", 0))
		return;
	CHECK_CHILD_OK("noctty.then_ctty", abi_in_child(noctty_child, t.name));
	jobs_tty_close(&t);
}

/* ^C: SIGINT to the foreground group, which dies of it. */
static void test_intr(void)
{
	struct jobs_tty t;
	int st, keep;
	char buf[8];
	pid_t pid;

	if (jobs_tty_open(&t, "intr.setup", 1))
		return;
	/* A slave file of our own: the child's death must not close the last
	 * one, after which Linux's master may say EIO before the echo. */
	keep = open(t.name, O_RDWR | O_NOCTTY);
	pid = fork();
	if (pid == 0) {
		int s = session_on(t.name, t.ready[1]);

		if (s < 0)
			_exit(2);
		/* reads the line after the ^C only if SIGINT did not come */
		if (read(s, buf, sizeof(buf)) < 0)
			_exit(3);
		_exit(1);
	}
	CHECK_OK("intr.ready", wait_ready(t.ready[0]));
	/* the master sees the foreground group without being a terminal of
	 * its holder's */
	CHECK_EQ("master.tcgetpgrp", tcgetpgrp(t.m), pid);
	CHECK_EQ("intr.write", write(t.m, "\x03", 1), 1);
	CHECK_EQ("intr.write_nl", write(t.m, "\n", 1), 1);
	st = jobs_wait(pid);
	CHECK("intr.sigint", st != -1 && WIFSIGNALED(st) &&
				     WTERMSIG(st) == SIGINT);
	CHECK_EQ("intr.echo", pty_read_n(t.m, buf, 2), 2);
	CHECK("intr.echo.data", buf[0] == '^' && buf[1] == 'C');
	close(keep);
	jobs_tty_close(&t);
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
	struct jobs_tty t;
	pid_t pid;

	if (jobs_tty_open(&t, "winch.setup", 1))
		return;
	pid = fork();
	if (pid == 0) {
		struct winsize got;
		sigset_t old;
		int s;

		jobs_catch(SIGWINCH, on_sig, &old);
		s = session_on(t.name, t.ready[1]);
		if (s < 0)
			_exit(2);
		while (!pty_got)
			sigsuspend(&old);
		if (ioctl(s, TIOCGWINSZ, &got) || got.ws_row != 33 ||
		    got.ws_col != 101)
			_exit(3);
		_exit(0);
	}
	CHECK_OK("winch.ready", wait_ready(t.ready[0]));
	CHECK_OK("winch.set", ioctl(t.m, TIOCSWINSZ, &ws));
	CHECK_CHILD_OK("winch.sigwinch", jobs_wait(pid));
	jobs_tty_close(&t);
}

/* The master closes: SIGHUP to the session's leader; the slave reads its
 * end and its writes fail with EIO. */
static void test_hangup(void)
{
	struct jobs_tty t;
	pid_t pid;

	if (jobs_tty_open(&t, "hup.setup", 1))
		return;
	pid = fork();
	if (pid == 0) {
		sigset_t old;
		char c;
		int s;

		close(t.m); /* the parent's close must be the last */
		jobs_catch(SIGHUP, on_sig, &old);
		s = session_on(t.name, t.ready[1]);
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
	CHECK_OK("hup.ready", wait_ready(t.ready[0]));
	close(t.m);
	t.m = -1;
	CHECK_CHILD_OK("hup.sighup_eof_eio", jobs_wait(pid));
	jobs_tty_close(&t);
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
	struct jobs_tty t;
	pid_t pid;

	if (jobs_tty_open(&t, "hup_leader.setup", 1))
		return;
	pid = fork();
	if (pid == 0) {
		sigset_t old;
		int s, st, g_ready[2];
		pid_t g;
		char c;

		close(t.m);
		jobs_catch(SIGHUP, on_hup, &old);
		jobs_catch(SIGUSR1, on_usr1, NULL);
		s = session_on(t.name, -1);
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
		if (read(g_ready[0], &c, 1) != 1 ||
		    write(t.ready[1], "r", 1) != 1)
			_exit(3);
		while (!pty_got_hup)
			sigsuspend(&old);
		kill(g, SIGUSR1);
		if (waitpid(g, &st, 0) != g || !WIFEXITED(st))
			_exit(4);
		_exit(WEXITSTATUS(st) ? 5 : 0);
	}
	CHECK_OK("hup_leader.ready", wait_ready(t.ready[0]));
	close(t.m);
	t.m = -1;
	CHECK_CHILD_OK("hup_leader.only_the_leader", jobs_wait(pid));
	jobs_tty_close(&t);
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
	struct jobs_tty t;

	if (jobs_tty_open(&t, "zombie_pgrp.setup", 0))
		return;
	CHECK_CHILD_OK("zombie_pgrp.tcsetpgrp_setpgid",
		       abi_in_child(zombie_pgrp_child, t.name));
	jobs_tty_close(&t);
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
