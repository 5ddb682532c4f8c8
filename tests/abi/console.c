/* SPDX-License-Identifier: MIT */
/* console.c - the terminal calls that need no pseudo-terminal, on the
 * console: TCGETS/TCSETS*, TIOCGWINSZ/TIOCSWINSZ, TIOCSCTTY and
 * TIOCNOTTY, tcgetpgrp/tcsetpgrp, tcgetsid, /dev/tty, O_NOCTTY, and
 * SIGTTIN and SIGTTOU for a background group. Nothing here writes to the
 * terminal through the descriptors it tests, and its settings are put
 * back. */
#include "abi.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>

static volatile sig_atomic_t got_ttin, got_ttou;

static void on_sig(int sig)
{
	if (sig == SIGTTIN)
		got_ttin = 1;
	else if (sig == SIGTTOU)
		got_ttou = 1;
}

static void test_modes(int fd)
{
	struct termios t, t2;
	struct winsize ws, ws2 = { .ws_row = 31, .ws_col = 101 }, ws3;

	if (CHECK_OK("tcgets", tcgetattr(fd, &t)))
		return;
	CHECK("tcgets.canonical",
	      (t.c_lflag & (ICANON | ISIG)) == (ICANON | ISIG));
	CHECK_EQ("tcgets.vintr", t.c_cc[VINTR], 3);
	CHECK_EQ("tcgets.vsusp", t.c_cc[VSUSP], 26);
	CHECK_EQ("tcgets.vquit", t.c_cc[VQUIT], 034);
	/* the same settings back, by each of TCSETS, TCSETSW, TCSETSF */
	CHECK_OK("tcsets", tcsetattr(fd, TCSANOW, &t));
	CHECK_OK("tcsetsw", tcsetattr(fd, TCSADRAIN, &t));
	CHECK_OK("tcsetsf", tcsetattr(fd, TCSAFLUSH, &t));
	CHECK_ERR("tcsets.bad_action", tcsetattr(fd, 42, &t), EINVAL);
	/* a change shows in the next TCGETS */
	t2 = t;
	t2.c_cc[VERASE] = 0x08;
	t2.c_cc[VKILL] = 0x15;
	tcsetattr(fd, TCSANOW, &t2);
	CHECK("tcsets.seen", !tcgetattr(fd, &t2) && t2.c_cc[VERASE] == 0x08 &&
				     t2.c_cc[VKILL] == 0x15);
	tcsetattr(fd, TCSANOW, &t);
	if (CHECK_OK("tiocgwinsz", ioctl(fd, TIOCGWINSZ, &ws)))
		return;
	CHECK_OK("tiocswinsz", ioctl(fd, TIOCSWINSZ, &ws2));
	CHECK("tiocswinsz.seen", !ioctl(fd, TIOCGWINSZ, &ws3) &&
					 ws3.ws_row == 31 && ws3.ws_col == 101);
	ioctl(fd, TIOCSWINSZ, &ws);
	CHECK_ERR("tcgetpgrp.no_ctty", tcgetpgrp(fd), ENOTTY);
	{
		int p[2];

		pipe(p);
		CHECK_ERR("tiocgwinsz.not_tty", ioctl(p[0], TIOCGWINSZ, &ws),
			  ENOTTY);
		close(p[0]);
		close(p[1]);
	}
}

/* In a background group of the console's session: SIGTTIN for a read,
 * SIGTTOU for tcsetpgrp (EINTR after the handler), tcsetpgrp allowed
 * with SIGTTOU ignored. */
static int background(void *arg)
{
	int fd = *(int *)arg;
	struct sigaction sa = { .sa_handler = on_sig };
	char c;

	setpgid(0, 0);
	sigaction(SIGTTIN, &sa, NULL);
	sigaction(SIGTTOU, &sa, NULL);
	/* a kernel that lets the read block: EINTR, but no SIGTTIN */
	sigaction(SIGALRM, &sa, NULL);
	alarm(10);
	CHECK_ERR("bg.read_eintr", read(fd, &c, 1), EINTR);
	CHECK("bg.sigttin", got_ttin);
	CHECK_ERR("bg.tcsetpgrp_eintr", tcsetpgrp(fd, getpgrp()), EINTR);
	CHECK("bg.sigttou", got_ttou);
	signal(SIGTTOU, SIG_IGN);
	CHECK_OK("bg.tcsetpgrp_ignored", tcsetpgrp(fd, getpgrp()));
	CHECK_EQ("bg.now_foreground", tcgetpgrp(fd), getpgrp());
	return 0;
}

/* A session leader takes the console's line as its controlling
 * terminal. */
static int leader(void *arg)
{
	int fd, tty, st;

	(void)arg;
	if (setsid() < 0)
		return 1;
	signal(SIGHUP, SIG_IGN); /* TIOCNOTTY hangs the group up */
	/* the serial line itself: Linux does no job control through the
	 * console's redirection */
	fd = open("/dev/ttyS0", O_RDWR | O_NOCTTY);
	CHECK_ERR("dev_tty.no_ctty", open("/dev/tty", O_RDWR), ENXIO);
	CHECK_EQ("noctty.not_kept", fcntl(fd, F_GETFL) & O_NOCTTY, 0);
	/* 1: take it from any session that has it (we are root) */
	if (CHECK_OK("tiocsctty", ioctl(fd, TIOCSCTTY, 1)))
		return 0;
	CHECK_EQ("tcgetpgrp", tcgetpgrp(fd), getpgrp());
	CHECK_EQ("tcgetsid", tcgetsid(fd), getsid(0));
	tty = open("/dev/tty", O_RDWR | O_NONBLOCK);
	CHECK_OK("dev_tty.ctty", tty);
	if (tty >= 0)
		close(tty);
	CHECK_ERR("tcsetpgrp.other_session", tcsetpgrp(fd, 1), EPERM);
	st = abi_in_child(background, &fd);
	CHECK_CHILD_OK("bg.child", st);
	/* the group that took the foreground is gone: take it back */
	signal(SIGTTOU, SIG_IGN);
	CHECK_OK("tcsetpgrp.back", tcsetpgrp(fd, getpgrp()));
	CHECK_OK("tiocnotty", ioctl(fd, TIOCNOTTY));
	CHECK_ERR("tiocnotty.gone", tcgetpgrp(fd), ENOTTY);
	CHECK_ERR("tiocnotty.dev_tty", open("/dev/tty", O_RDWR), ENXIO);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	int fd, st;

	(void)argc;
	abi_start(argv[0]);
	fd = open("/dev/console", O_RDWR | O_NOCTTY | O_NONBLOCK);
	if (!CHECK("open", fd >= 0))
		return abi_end();
	test_modes(fd);
	close(fd);
	st = abi_in_child(leader, NULL);
	CHECK_CHILD_OK("leader", st);
	return abi_end();
}
