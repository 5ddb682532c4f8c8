/* SPDX-License-Identifier: MIT */
/* ktests of pseudo-terminals: both directions, room, hangup, devpts. */
#include "pty.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>

#include <fs/fs.h>
#include <signal/signal.h>

/* --- job control that records what it sends: the caller leads session 9,
 * group 9 --- */

static int kt_sent_pgrp[4], kt_sent_sig[4], kt_nsent;

static int kt_signal_pgrp(int pgrp, int sig)
{
	if (kt_nsent < 4) {
		kt_sent_pgrp[kt_nsent] = pgrp;
		kt_sent_sig[kt_nsent] = sig;
		kt_nsent++;
	}
	return 0;
}

static int kt_nine(void)
{
	return 9;
}

static bool kt_in_session(int pgrp, int sid)
{
	return pgrp == 9 && sid == 9;
}

static bool kt_leader(void)
{
	return true;
}

static const struct tty_job_ops kt_job = {
	.signal_pgrp = kt_signal_pgrp,
	.current_pgrp = kt_nine,
	.current_sid = kt_nine,
	.pgrp_in_session = kt_in_session,
	.current_is_session_leader = kt_leader,
};

/* A new unlocked pty with the recording job control. */
static struct pty *kt_pty(void)
{
	struct pty *pty = NULL;

	if (pty_create(&pty))
		return NULL;
	pty->tty.job = &kt_job;
	pty->locked = false;
	kt_nsent = 0;
	return pty;
}

/* The master's read of everything there, NUL-terminated. */
static size_t kt_master_read(struct pty *pty, char *buf, size_t n)
{
	size_t got = pty_take(pty, (uint8_t *)buf, n - 1);

	buf[got] = '\0';
	return got;
}

static ssize_t kt_slave_write(struct pty *pty, const char *s, size_t n,
			      bool nonblock)
{
	struct tty_io io = { .klen = 0 };
	uint8_t buf[256];

	memcpy(buf, s, n);
	io.kbuf = buf;
	io.klen = n;
	io.nonblock = nonblock;
	return tty_write(&pty->tty, &io);
}

static ssize_t kt_slave_read(struct pty *pty, char *buf, size_t n)
{
	struct tty_io io = { .kbuf = (uint8_t *)buf, .klen = n };

	return tty_read(&pty->tty, &io, true);
}

KTEST(pty_slave_output_reaches_master_processed)
{
	struct pty *pty = kt_pty();
	char buf[32];

	KT_ASSERT_NOT_NULL(pty);
	KT_ASSERT_EQ(kt_slave_write(pty, "a\nb", 3, false), 3);
	KT_ASSERT_EQ(kt_master_read(pty, buf, sizeof(buf)), 4);
	KT_ASSERT_STREQ(buf, "a\r\nb");
	KT_ASSERT_EQ(kt_master_read(pty, buf, sizeof(buf)), 0);
	pty_put(pty);
}

KTEST(pty_master_input_is_typed_and_echoed)
{
	struct pty *pty = kt_pty();
	char buf[32];

	KT_ASSERT_NOT_NULL(pty);
	tty_input(&pty->tty, (const uint8_t *)"hi", 2);
	KT_ASSERT_EQ(kt_slave_read(pty, buf, sizeof(buf)), -EAGAIN);
	tty_input(&pty->tty, (const uint8_t *)"\n", 1);
	KT_ASSERT_EQ(kt_slave_read(pty, buf, sizeof(buf)), 3);
	KT_ASSERT_EQ(memcmp(buf, "hi\n", 3), 0);
	KT_ASSERT_EQ(kt_master_read(pty, buf, sizeof(buf)), 4);
	KT_ASSERT_STREQ(buf, "hi\r\n");
	pty_put(pty);
}

/* A slave writer stops at a full output buffer; the master's read makes
 * room again. */
KTEST(pty_full_output_gives_eagain_until_read)
{
	struct pty *pty = kt_pty();
	char chunk[100], buf[128];
	size_t total = 0;
	ssize_t n;

	KT_ASSERT_NOT_NULL(pty);
	memset(chunk, 'x', sizeof(chunk));
	while ((n = kt_slave_write(pty, chunk, sizeof(chunk), true)) > 0)
		total += (size_t)n;
	KT_ASSERT_EQ(n, -EAGAIN);
	KT_ASSERT_LE(total, PTY_OBUF);
	KT_ASSERT_GT(total, PTY_OBUF / 2);
	KT_ASSERT_EQ(tty_poll_mask(&pty->tty) & TTY_POLLOUT, 0);
	while (kt_master_read(pty, buf, sizeof(buf)))
		;
	KT_ASSERT(tty_poll_mask(&pty->tty) & TTY_POLLOUT);
	KT_ASSERT_EQ(kt_slave_write(pty, chunk, sizeof(chunk), true), 100);
	pty_put(pty);
}

/* The master's close: end of file for reads, EIO for writes and
 * ioctls, everything for poll, SIGHUP and SIGCONT for the session. */
KTEST(pty_hangup_ends_the_slave_and_signals_the_session)
{
	struct pty *pty = kt_pty();
	struct tty_termios t;
	char buf[8];

	KT_ASSERT_NOT_NULL(pty);
	KT_ASSERT_OK(tty_set_ctty(&pty->tty, false));
	tty_hangup(&pty->tty);
	KT_ASSERT_EQ(kt_nsent, 2);
	KT_ASSERT_EQ(kt_sent_pgrp[0], 9);
	KT_ASSERT_EQ(kt_sent_sig[0], SIGHUP);
	KT_ASSERT_EQ(kt_sent_sig[1], SIGCONT);
	KT_ASSERT_EQ(kt_slave_read(pty, buf, sizeof(buf)), 0);
	KT_ASSERT_EQ(kt_slave_write(pty, "x", 1, false), -EIO);
	KT_ASSERT(tty_poll_mask(&pty->tty) & TTY_POLLHUP);
	KT_ASSERT_EQ(tty_ioctl(&pty->tty, TCGETS, uaddr_from_syscall_arg(0)),
		     -EIO);
	KT_ASSERT_EQ(tty_ioctl(&pty->tty, TIOCSPGRP, uaddr_from_syscall_arg(0)),
		     -ENOTTY);
	tty_get_termios(&pty->tty, &t);
	KT_ASSERT_EQ(pty->tty.session, 0);
	/* a second hangup sends nothing more */
	tty_hangup(&pty->tty);
	KT_ASSERT_EQ(kt_nsent, 2);
	pty_put(pty);
}

static int kt_proc_pid, kt_proc_sigs;

static int kt_signal_proc(int pid, int sig)
{
	kt_proc_pid = pid;
	kt_proc_sigs |= 1 << sig;
	return 0;
}

static const struct tty_job_ops kt_job_proc = {
	.signal_pgrp = kt_signal_pgrp,
	.current_pgrp = kt_nine,
	.current_sid = kt_nine,
	.pgrp_in_session = kt_in_session,
	.current_is_session_leader = kt_leader,
	.signal_proc = kt_signal_proc,
};

/* With a way to signal one process, the hangup signals the session's
 * leader alone, not its group. */
KTEST(pty_hangup_signals_the_leader_alone)
{
	struct pty *pty = kt_pty();

	KT_ASSERT_NOT_NULL(pty);
	pty->tty.job = &kt_job_proc;
	kt_proc_pid = 0;
	kt_proc_sigs = 0;
	KT_ASSERT_OK(tty_set_ctty(&pty->tty, false));
	tty_hangup(&pty->tty);
	KT_ASSERT_EQ(kt_proc_pid, 9);
	KT_ASSERT_EQ(kt_proc_sigs, (1 << SIGHUP) | (1 << SIGCONT));
	KT_ASSERT_EQ(kt_nsent, 0);
	pty_put(pty);
}

KTEST(pty_numbers_are_reused_after_the_end)
{
	struct pty *a = kt_pty(), *b = kt_pty(), *c;
	unsigned int ia;

	KT_ASSERT_NOT_NULL(a);
	KT_ASSERT_NOT_NULL(b);
	KT_ASSERT_NE(a->index, b->index);
	ia = a->index;
	pty_put(a);
	c = kt_pty();
	KT_ASSERT_NOT_NULL(c);
	KT_ASSERT_EQ(c->index, ia);
	pty_put(b);
	pty_put(c);
}

/* Through fs: /dev/ptmx makes /dev/pts/N, locked until TIOCSPTLCK, gone
 * with the master. */
KTEST(pty_devpts_node_follows_the_master)
{
	struct file *m, *s;
	struct pty *pty;
	char path[24] = "/dev/pts/";
	size_t len = 9;
	int err;

	err = fs_open_path("/dev/ptmx", O_RDWR | O_NOCTTY, &m);
	if (err == -ENOENT) {
		KT_ASSERT_OK(pty_dev_register());
		err = fs_open_path("/dev/ptmx", O_RDWR | O_NOCTTY, &m);
	}
	KT_ASSERT_OK(err);
	pty = container_of(file_priv(m, &pty_master_fops), struct pty,
			   master_priv);
	if (pty->index >= 10)
		path[len++] = (char)('0' + pty->index / 10 % 10);
	path[len++] = (char)('0' + pty->index % 10);
	path[len] = '\0';
	KT_ASSERT_LT(pty->index, 100);
	KT_ASSERT_EQ(fs_open_path(path, O_RDWR | O_NOCTTY, &s), -EIO);
	pty->locked = false;
	KT_ASSERT_OK(fs_open_path(path, O_RDWR | O_NOCTTY, &s));
	file_put(s);
	file_put(m);
	KT_ASSERT_EQ(fs_open_path(path, O_RDWR | O_NOCTTY, &s), -ENOENT);
}
