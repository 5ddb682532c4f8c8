/* SPDX-License-Identifier: MIT */
/* ktests of a terminal: blocking reads, VMIN/VTIME, job control, ioctls. */
#include "tty_core.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>
#include <frame/task.h>
#include <frame/time.h>

#include <signal/signal.h>

/* --- a terminal whose output is captured --- */

static char out[256];
static size_t nout;

static void fake_write(struct tty *tty, const uint8_t *buf, size_t n)
{
	(void)tty;
	for (size_t i = 0; i < n && nout < sizeof(out) - 1; i++)
		out[nout++] = (char)buf[i];
	out[nout] = '\0';
}

static const struct tty_driver fake_driver = { .write = fake_write };

/* --- fake job control: one caller, in group fake.pgrp of fake.sid --- */

static struct {
	int pgrp, sid;
	bool leader, ignored, orphaned;
	int sent_pgrp[8], sent_sig[8];
	int nsent;
} fake;

static int fake_signal_pgrp(int pgrp, int sig)
{
	if (fake.nsent < 8) {
		fake.sent_pgrp[fake.nsent] = pgrp;
		fake.sent_sig[fake.nsent] = sig;
		fake.nsent++;
	}
	return 0;
}

static int fake_current_pgrp(void)
{
	return fake.pgrp;
}

static int fake_current_sid(void)
{
	return fake.sid;
}

static bool fake_pgrp_in_session(int pgrp, int sid)
{
	/* Groups 40..49 exist, all in session 7. */
	return pgrp >= 40 && pgrp < 50 && sid == 7;
}

static bool fake_is_leader(void)
{
	return fake.leader;
}

static bool fake_sig_ignored(int sig)
{
	(void)sig;
	return fake.ignored;
}

static bool fake_orphaned(int pgrp)
{
	(void)pgrp;
	return fake.orphaned;
}

static const struct tty_job_ops fake_job = {
	.signal_pgrp = fake_signal_pgrp,
	.current_pgrp = fake_current_pgrp,
	.current_sid = fake_current_sid,
	.pgrp_in_session = fake_pgrp_in_session,
	.current_is_session_leader = fake_is_leader,
	.current_sig_ignored = fake_sig_ignored,
	.pgrp_orphaned = fake_orphaned,
};

static struct tty ktty;

/* A fresh terminal; @job: with the fake job control (the caller in
 * foreground group 42 of session 7, which the terminal controls). */
static struct tty *fresh(bool job)
{
	memset(&fake, 0, sizeof(fake));
	nout = 0;
	out[0] = '\0';
	tty_setup(&ktty, &fake_driver);
	if (job) {
		ktty.job = &fake_job;
		fake.pgrp = 42;
		fake.sid = 7;
		ktty.pgrp = 42;
		ktty.session = 7;
	}
	return &ktty;
}

static void type(struct tty *tty, const char *s)
{
	tty_input(tty, (const uint8_t *)s, strnlen(s, 256));
}

static ssize_t kread(struct tty *tty, char *buf, size_t n, bool nonblock)
{
	struct tty_io io = { .kbuf = (uint8_t *)buf, .klen = n };

	return tty_read(tty, &io, nonblock);
}

static void set_raw(struct tty *tty, uint8_t vmin, uint8_t vtime)
{
	struct tty_termios t;

	tty_get_termios(tty, &t);
	t.c_lflag &= ~(uint32_t)(ICANON | ECHO);
	t.c_cc[VMIN] = vmin;
	t.c_cc[VTIME] = vtime;
	KT_ASSERT_OK(tty_set_termios(tty, TCSETS, &t));
}

/* --- a reader task --- */

static struct reader {
	struct task_entry entry;
	char buf[64];
	size_t want;
	ssize_t ret;
	uint64_t start, end;
} rd;

static int reader_run(struct task_entry *e)
{
	struct reader *r = container_of(e, struct reader, entry);

	r->start = frame_clock_monotonic_ns();
	r->ret = kread(&ktty, r->buf, r->want, false);
	__atomic_store_n(&r->end, frame_clock_monotonic_ns(), __ATOMIC_RELEASE);
	return 0;
}

static struct task *start_reader(size_t want)
{
	memset(rd.buf, 0, sizeof(rd.buf));
	rd.ret = 0;
	rd.start = 0;
	rd.end = 0;
	rd.want = want;
	task_entry_init(&rd.entry, reader_run);
	return task_spawn("ktest-tty", &rd.entry, TASK_PRIO_NORMAL);
}

static bool reader_done(void)
{
	return __atomic_load_n(&rd.end, __ATOMIC_ACQUIRE) != 0;
}

#define MS FRAME_NSEC_PER_MSEC

KTEST(tty_canonical_read_waits_for_the_line)
{
	struct tty *tty = fresh(false);
	struct task *t = start_reader(sizeof(rd.buf));

	KT_ASSERT_NOT_NULL(t);
	task_sleep_ns(20 * MS);
	type(tty, "ls -l");
	task_sleep_ns(20 * MS);
	KT_ASSERT(!reader_done());
	type(tty, "\x7f\r");
	KT_ASSERT_OK(task_join(t));
	KT_ASSERT_EQ(rd.ret, 5);
	KT_ASSERT_EQ(memcmp(rd.buf, "ls -\n", 5), 0);
	KT_ASSERT_STREQ(out, "ls -l\b \b\r\n");
}

KTEST(tty_nonblocking_read_eagain)
{
	struct tty *tty = fresh(false);
	char buf[8];

	KT_ASSERT_ERR(kread(tty, buf, sizeof(buf), true), -EAGAIN);
	type(tty, "half");
	KT_ASSERT_ERR(kread(tty, buf, sizeof(buf), true), -EAGAIN);
	KT_ASSERT_EQ(tty_poll_mask(tty), TTY_POLLOUT | TTY_POLLWRNORM);
	type(tty, "\n");
	KT_ASSERT_EQ(tty_poll_mask(tty), TTY_POLLIN | TTY_POLLRDNORM |
						 TTY_POLLOUT | TTY_POLLWRNORM);
	KT_ASSERT_EQ(kread(tty, buf, sizeof(buf), true), 5);
	/* ^D on an empty line: end of file, also without blocking. */
	type(tty, "\x04");
	KT_ASSERT_EQ(kread(tty, buf, sizeof(buf), true), 0);
}

KTEST(tty_raw_min0_time0_returns_at_once)
{
	struct tty *tty = fresh(false);
	char buf[8];

	set_raw(tty, 0, 0);
	KT_ASSERT_EQ(kread(tty, buf, sizeof(buf), false), 0);
	KT_ASSERT_EQ(kread(tty, buf, sizeof(buf), true), 0);
	type(tty, "xy");
	KT_ASSERT_EQ(kread(tty, buf, sizeof(buf), false), 2);
}

KTEST(tty_raw_min_waits_for_min_bytes)
{
	struct tty *tty = fresh(false);
	struct task *t;
	char buf[8];

	set_raw(tty, 3, 0);
	KT_ASSERT_ERR(kread(tty, buf, sizeof(buf), true), -EAGAIN);
	t = start_reader(sizeof(rd.buf));
	KT_ASSERT_NOT_NULL(t);
	task_sleep_ns(10 * MS);
	type(tty, "ab");
	task_sleep_ns(20 * MS);
	KT_ASSERT(!reader_done());
	type(tty, "cde");
	KT_ASSERT_OK(task_join(t));
	KT_ASSERT_GE(rd.ret, 3);
	KT_ASSERT_EQ(memcmp(rd.buf, "abcde", (size_t)rd.ret), 0);
}

KTEST(tty_raw_time_alone_times_out_with_zero)
{
	struct tty *tty = fresh(false);
	uint64_t t0, dt;
	char buf[8];

	set_raw(tty, 0, 2); /* 0.2 s */
	t0 = frame_clock_monotonic_ns();
	KT_ASSERT_EQ(kread(tty, buf, sizeof(buf), false), 0);
	dt = frame_clock_monotonic_ns() - t0;
	KT_ASSERT_GE(dt, 150 * MS);
	KT_ASSERT_LT(dt, 2000 * MS);
}

KTEST(tty_raw_min_and_time_is_an_interbyte_timer)
{
	struct tty *tty = fresh(false);
	struct task *t;

	set_raw(tty, 5, 1); /* 5 bytes, or 0.1 s of silence after one */
	t = start_reader(sizeof(rd.buf));
	KT_ASSERT_NOT_NULL(t);
	/* No byte yet: no timer, the reader waits past many gaps. */
	task_sleep_ns(250 * MS);
	KT_ASSERT(!reader_done());
	type(tty, "ab");
	KT_ASSERT_OK(task_join(t));
	KT_ASSERT_EQ(rd.ret, 2);
	KT_ASSERT_GE(rd.end - rd.start, 250 * MS);
}

KTEST(tty_blocked_read_is_interruptible)
{
	struct tty *tty = fresh(false);
	struct task *t = start_reader(8);

	(void)tty;
	KT_ASSERT_NOT_NULL(t);
	task_sleep_ns(20 * MS);
	task_interrupt(t);
	KT_ASSERT_OK(task_join(t));
	KT_ASSERT_ERR(rd.ret, -ERESTARTSYS);
}

KTEST(tty_isig_signals_the_foreground_group)
{
	struct tty *tty = fresh(true);
	char buf[8];

	type(tty, "abc\x03");
	KT_ASSERT_EQ(fake.nsent, 1);
	KT_ASSERT_EQ(fake.sent_pgrp[0], 42);
	KT_ASSERT_EQ(fake.sent_sig[0], SIGINT);
	type(tty, "\x1c\x1a");
	KT_ASSERT_EQ(fake.nsent, 3);
	KT_ASSERT_EQ(fake.sent_sig[1], SIGQUIT);
	KT_ASSERT_EQ(fake.sent_sig[2], SIGTSTP);
	/* The line was flushed by ^C. */
	type(tty, "\n");
	KT_ASSERT_EQ(kread(tty, buf, sizeof(buf), true), 1);
	KT_ASSERT_STREQ(out, "abc^C^\\^Z\r\n");
}

KTEST(tty_isig_without_job_ops_sends_nothing)
{
	struct tty *tty = fresh(false);

	/* Nobody registered (or nobody known): the byte is still eaten. */
	if (tty_job(tty))
		return; /* process registered its operations at boot */
	type(tty, "\x03");
	KT_ASSERT_EQ(fake.nsent, 0);
	KT_ASSERT_EQ(ldisc_readable(&tty->ld), 0);
}

KTEST(tty_background_read_gets_sigttin_or_eio)
{
	struct tty *tty = fresh(true);
	char buf[8];

	type(tty, "x\n");
	fake.pgrp = 43; /* not the foreground group */
	KT_ASSERT_ERR(kread(tty, buf, sizeof(buf), false), -ERESTARTSYS);
	KT_ASSERT_EQ(fake.nsent, 1);
	KT_ASSERT_EQ(fake.sent_pgrp[0], 43);
	KT_ASSERT_EQ(fake.sent_sig[0], SIGTTIN);
	fake.ignored = true;
	KT_ASSERT_ERR(kread(tty, buf, sizeof(buf), false), -EIO);
	fake.ignored = false;
	fake.orphaned = true;
	KT_ASSERT_ERR(kread(tty, buf, sizeof(buf), false), -EIO);
	/* Another session's process is not subject to this terminal. */
	fake.sid = 8;
	KT_ASSERT_EQ(kread(tty, buf, sizeof(buf), false), 2);
}

KTEST(tty_tostop_background_write_gets_sigttou)
{
	struct tty *tty = fresh(true);
	struct tty_termios t;
	char msg[] = "hi\n";
	struct tty_io io = { .kbuf = (uint8_t *)msg, .klen = 3 };

	fake.pgrp = 43;
	/* Without TOSTOP a background group may write. */
	KT_ASSERT_EQ(tty_write(tty, &io), 3);
	KT_ASSERT_STREQ(out, "hi\r\n");
	fake.pgrp = 42;
	tty_get_termios(tty, &t);
	t.c_lflag |= TOSTOP;
	KT_ASSERT_OK(tty_set_termios(tty, TCSETS, &t));
	fake.pgrp = 43;
	io.kpos = 0;
	KT_ASSERT_ERR(tty_write(tty, &io), -ERESTARTSYS);
	KT_ASSERT_EQ(fake.sent_sig[0], SIGTTOU);
	/* Ignoring SIGTTOU lets it through. */
	fake.ignored = true;
	KT_ASSERT_EQ(tty_write(tty, &io), 3);
	/* Changing settings from the background is subject to it too. */
	fake.ignored = false;
	KT_ASSERT_ERR(tty_set_termios(tty, TCSETS, &t), -ERESTARTSYS);
}

KTEST(tty_foreground_group_rules)
{
	struct tty *tty = fresh(true);
	int pgrp = 0;

	KT_ASSERT_OK(tty_get_pgrp(tty, &pgrp));
	KT_ASSERT_EQ(pgrp, 42);
	KT_ASSERT_ERR(tty_set_pgrp(tty, -1), -EINVAL);
	KT_ASSERT_ERR(tty_set_pgrp(tty, 77), -EPERM); /* not in session */
	KT_ASSERT_OK(tty_set_pgrp(tty, 45));
	KT_ASSERT_OK(tty_get_pgrp(tty, &pgrp));
	KT_ASSERT_EQ(pgrp, 45);
	/* Not the caller's controlling terminal: ENOTTY. */
	fake.sid = 9;
	KT_ASSERT_ERR(tty_get_pgrp(tty, &pgrp), -ENOTTY);
	KT_ASSERT_ERR(tty_set_pgrp(tty, 45), -ENOTTY);
}

KTEST(tty_controlling_terminal_rules)
{
	struct tty *tty = fresh(true);
	int sid = 0;

	ktty.session = 0;
	ktty.pgrp = 0;
	fake.leader = false;
	KT_ASSERT_ERR(tty_set_ctty(tty, false), -EPERM);
	fake.leader = true;
	KT_ASSERT_OK(tty_set_ctty(tty, false));
	KT_ASSERT_OK(tty_get_sid(tty, &sid));
	KT_ASSERT_EQ(sid, 7);
	KT_ASSERT_EQ(ktty.pgrp, 42);
	/* Again: a no-op. Another session cannot take it... */
	KT_ASSERT_OK(tty_set_ctty(tty, false));
	fake.sid = 8;
	KT_ASSERT_ERR(tty_set_ctty(tty, false), -EPERM);
	/* ...but the leader that has it can give it up: SIGHUP, SIGCONT. */
	fake.sid = 7;
	KT_ASSERT_OK(tty_drop_ctty(tty));
	KT_ASSERT_EQ(ktty.session, 0);
	KT_ASSERT_EQ(fake.nsent, 2);
	KT_ASSERT_EQ(fake.sent_sig[0], SIGHUP);
	KT_ASSERT_EQ(fake.sent_sig[1], SIGCONT);
	KT_ASSERT_ERR(tty_drop_ctty(tty), -ENOTTY);
	/* Opening it as a session leader acquires it. */
	tty_open_ctty(tty);
	KT_ASSERT_EQ(ktty.session, 7);
}

KTEST(tty_tcsetsf_and_tcflsh_drop_input)
{
	struct tty *tty = fresh(false);
	struct tty_termios t;
	char buf[8];

	type(tty, "old\n");
	tty_get_termios(tty, &t);
	KT_ASSERT_OK(tty_set_termios(tty, TCSETSF, &t));
	KT_ASSERT_ERR(kread(tty, buf, sizeof(buf), true), -EAGAIN);
	type(tty, "again\n");
	KT_ASSERT_EQ(ldisc_inq(&tty->ld), 6);
	KT_ASSERT_ERR(tty_flush(tty, 7), -EINVAL);
	KT_ASSERT_OK(tty_flush(tty, TCIFLUSH));
	KT_ASSERT_EQ(ldisc_inq(&tty->ld), 0);
}

KTEST(tty_window_size_change_sends_sigwinch)
{
	struct tty *tty = fresh(true);
	struct tty_winsize ws = { .ws_row = 50, .ws_col = 132 };

	KT_ASSERT_EQ(ktty.winsize.ws_row, 24);
	KT_ASSERT_EQ(ktty.winsize.ws_col, 80);
	tty_set_winsize(tty, &ws);
	KT_ASSERT_EQ(ktty.winsize.ws_col, 132);
	KT_ASSERT_EQ(fake.nsent, 1);
	KT_ASSERT_EQ(fake.sent_sig[0], SIGWINCH);
	/* The same size again: no signal. */
	tty_set_winsize(tty, &ws);
	KT_ASSERT_EQ(fake.nsent, 1);
}

/* A second reader waits its turn, and a signal ends that wait. */
static struct reader rd2;

static int reader2_run(struct task_entry *e)
{
	struct reader *r = container_of(e, struct reader, entry);

	r->ret = kread(&ktty, r->buf, r->want, false);
	__atomic_store_n(&r->end, 1, __ATOMIC_RELEASE);
	return 0;
}

KTEST(tty_second_reader_waits_interruptibly)
{
	struct tty *tty = fresh(false);
	struct task *t1 = start_reader(sizeof(rd.buf)), *t2;
	char buf[8];

	KT_ASSERT_NOT_NULL(t1);
	task_sleep_ns(20 * MS);
	rd2.want = sizeof(rd2.buf);
	rd2.end = 0;
	task_entry_init(&rd2.entry, reader2_run);
	t2 = task_spawn("ktest-tty2", &rd2.entry, TASK_PRIO_NORMAL);
	KT_ASSERT_NOT_NULL(t2);
	task_sleep_ns(20 * MS);
	/* A non-blocking read does not wait for its turn either. */
	KT_ASSERT_ERR(kread(tty, buf, sizeof(buf), true), -EAGAIN);
	task_interrupt(t2);
	KT_ASSERT_OK(task_join(t2));
	KT_ASSERT_ERR(rd2.ret, -ERESTARTSYS);
	type(tty, "line\n");
	KT_ASSERT_OK(task_join(t1));
	KT_ASSERT_EQ(rd.ret, 5);
	/* The turn is free again. */
	type(tty, "next\n");
	KT_ASSERT_EQ(kread(tty, buf, sizeof(buf), true), 5);
}
