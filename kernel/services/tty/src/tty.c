/* SPDX-License-Identifier: MIT */
/* A terminal's reads and writes: waiting, VMIN/VTIME, signals from input. */
#include "tty_core.h"

#include <frame/errno.h>
#include <frame/string.h>
#include <frame/time.h>

#include <signal/signal.h>

/* Bytes moved per round under the spinlock. */
#define TTY_CHUNK 128

/* One decisecond, VTIME's unit. */
#define TTY_DECISECOND (100 * FRAME_NSEC_PER_MSEC)

static void tty_ldisc_out(struct ldisc *ld, const uint8_t *buf, size_t n)
{
	struct tty *tty = container_of(ld, struct tty, ld);

	if (tty->drv && tty->drv->write)
		tty->drv->write(tty, buf, n);
}

static const struct ldisc_ops tty_ldisc_ops = { .out = tty_ldisc_out };

void tty_setup(struct tty *tty, const struct tty_driver *drv)
{
	ldisc_init(&tty->ld, &tty_ldisc_ops);
	frame_mutex_init(&tty->write_lock);
	frame_waitq_init(&tty->read_wq);
	frame_waitq_init(&tty->room_wq);
	frame_waitq_init(&tty->reader_wq);
	frame_waitq_init(&tty->write_wq);
	tty->reading = false;
	tty->hungup = false;
	tty->winsize.ws_row = 24;
	tty->winsize.ws_col = 80;
	tty->pgrp = 0;
	tty->session = 0;
	tty->job = NULL;
	tty->drv = drv;
}

size_t tty_io_remain(const struct tty_io *io)
{
	if (io->w)
		return vm_writer_remain(io->w);
	if (io->r)
		return vm_reader_remain(io->r);
	return io->klen - io->kpos;
}

/* Deliver @n bytes of @src to a read's destination. */
static int tty_io_put(struct tty_io *io, const uint8_t *src, size_t n)
{
	if (io->w)
		return vm_writer_write(io->w, src, n);
	if (n > io->klen - io->kpos)
		return -EFAULT;
	memcpy(io->kbuf + io->kpos, src, n);
	io->kpos += n;
	return 0;
}

int tty_io_get(struct tty_io *io, uint8_t *dst, size_t n)
{
	if (io->r)
		return vm_reader_read(io->r, dst, n);
	if (n > io->klen - io->kpos)
		return -EFAULT;
	memcpy(dst, io->kbuf + io->kpos, n);
	io->kpos += n;
	return 0;
}

/* Send each signal of @sigs to the foreground group @pgrp. */
static void tty_send_sigs(struct tty *tty, uint32_t sigs, int pgrp)
{
	const struct tty_job_ops *job = tty_job(tty);

	if (!sigs || !job || pgrp <= 0)
		return;
	for (int sig = 1; sig < 32; sig++) {
		if (sigs & (1u << sig))
			(void)job->signal_pgrp(pgrp, sig);
	}
}

void tty_input(struct tty *tty, const uint8_t *buf, size_t n)
{
	struct frame_spin_guard g = frame_spin_guard(&tty->lock);
	uint32_t sigs;
	int pgrp;

	ldisc_receive(&tty->ld, buf, n);
	sigs = ldisc_take_sigs(&tty->ld);
	pgrp = tty->pgrp;
	frame_spin_guard_release(&g);
	frame_waitq_wake_all(&tty->read_wq);
	tty_send_sigs(tty, sigs, pgrp);
}

size_t tty_input_room(struct tty *tty)
{
	FRAME_SPIN_SCOPED(g, &tty->lock);

	/* Canonical input is always taken: editing keys and signals must get
	 * through a full buffer, whose ordinary bytes are dropped. */
	if (tty->ld.termios.c_lflag & ICANON)
		return TTY_CHUNK;
	return ldisc_room(&tty->ld);
}

static size_t tty_readable(struct tty *tty)
{
	FRAME_SPIN_SCOPED(g, &tty->lock);

	return ldisc_readable(&tty->ld);
}

bool tty_is_hungup(struct tty *tty)
{
	FRAME_SPIN_SCOPED(g, &tty->lock);

	return tty->hungup;
}

/*
 * Move readable bytes to @io until it is full or, in canonical mode, a
 * line ended. Adds to *@copied; returns 0 or -EFAULT.
 */
static int tty_take(struct tty *tty, struct tty_io *io, size_t *copied,
		    bool *line_end)
{
	uint8_t kbuf[TTY_CHUNK];

	*line_end = false;
	while (tty_io_remain(io) && !*line_end) {
		struct frame_spin_guard g = frame_spin_guard(&tty->lock);
		size_t n = ldisc_read(&tty->ld, kbuf,
				      MIN(sizeof(kbuf), tty_io_remain(io)),
				      line_end);

		frame_spin_guard_release(&g);
		if (n || *line_end)
			frame_waitq_wake_all(&tty->room_wq);
		if (!n)
			break;
		if (tty_io_put(io, kbuf, n))
			return -EFAULT;
		*copied += n;
	}
	return 0;
}

/* Wait until input is readable or @ns pass: 0, -ETIMEDOUT, -EINTR, or
 * -EIO when the terminal hung up meanwhile (as Linux's reader blocked
 * when the other end of a pty closes). */
static int tty_wait_input(struct tty *tty, uint64_t ns)
{
	int err = FRAME_WAIT_EVENT_INTERRUPTIBLE(
		&tty->read_wq, tty_readable(tty) > 0 || tty_is_hungup(tty), ns);

	if (!err && !tty_readable(tty) && tty_is_hungup(tty))
		return -EIO;
	return err;
}

static ssize_t tty_read_canon(struct tty *tty, struct tty_io *io, bool nonblock)
{
	size_t copied = 0;
	bool line_end;
	int err;

	for (;;) {
		err = tty_take(tty, io, &copied, &line_end);
		if (err)
			return copied ? (ssize_t)copied : err;
		if (line_end || copied || !tty_io_remain(io))
			return (ssize_t)copied;
		if (nonblock)
			return -EAGAIN;
		err = tty_wait_input(tty, FRAME_WAIT_FOREVER);
		if (err == -EINTR)
			return -ERESTARTSYS;
		if (err)
			return err;
	}
}

static ssize_t tty_read_raw(struct tty *tty, struct tty_io *io, bool nonblock)
{
	struct frame_spin_guard g = frame_spin_guard(&tty->lock);
	size_t vmin = tty->ld.termios.c_cc[VMIN];
	uint64_t vtime = tty->ld.termios.c_cc[VTIME] * TTY_DECISECOND;
	size_t copied = 0;
	bool line_end;
	int err;

	frame_spin_guard_release(&g);
	vmin = MIN(vmin, tty_io_remain(io));
	for (;;) {
		uint64_t wait = FRAME_WAIT_FOREVER;

		err = tty_take(tty, io, &copied, &line_end);
		if (err)
			return copied ? (ssize_t)copied : err;
		if (!tty_io_remain(io))
			break;
		if (vmin == 0 && vtime == 0)
			break; /* polling read */
		if (vmin && copied >= vmin)
			break;
		if (vmin == 0 && copied)
			break;
		if (nonblock)
			return copied ? (ssize_t)copied : -EAGAIN;
		/* TIME alone bounds the whole read; with MIN it is the gap
		 * between bytes, started by the first one. */
		if (vtime && (vmin == 0 || copied))
			wait = vtime;
		err = tty_wait_input(tty, wait);
		if (err == -ETIMEDOUT)
			break;
		if (err == -EINTR)
			return copied ? (ssize_t)copied : -ERESTARTSYS;
		if (err)
			return copied ? (ssize_t)copied : err;
	}
	return (ssize_t)copied;
}

/* Become the one reader, if no other is. */
static bool tty_claim_reader(struct tty *tty)
{
	FRAME_SPIN_SCOPED(g, &tty->lock);

	if (tty->reading)
		return false;
	tty->reading = true;
	return true;
}

/* Wait (interruptibly) to be the one reader: 0, -EAGAIN, -ERESTARTSYS. */
static int tty_reader_begin(struct tty *tty, bool nonblock)
{
	if (tty_claim_reader(tty))
		return 0;
	if (nonblock)
		return -EAGAIN;
	if (FRAME_WAIT_EVENT_INTERRUPTIBLE(
		    &tty->reader_wq, tty_claim_reader(tty), FRAME_WAIT_FOREVER))
		return -ERESTARTSYS;
	return 0;
}

static void tty_reader_end(struct tty *tty)
{
	{
		FRAME_SPIN_SCOPED(g, &tty->lock);

		tty->reading = false;
	}
	frame_waitq_wake_one(&tty->reader_wq);
}

ssize_t tty_read(struct tty *tty, struct tty_io *io, bool nonblock)
{
	ssize_t ret;
	bool canon;

	/* A hung-up terminal reads as its end (Linux's hung-up files). */
	if (!tty_io_remain(io) || tty_is_hungup(tty))
		return 0;
	ret = tty_job_check(tty, SIGTTIN);
	if (ret)
		return ret;
	ret = tty_reader_begin(tty, nonblock);
	if (ret)
		return ret;
	{
		FRAME_SPIN_SCOPED(g, &tty->lock);

		canon = tty->ld.termios.c_lflag & ICANON;
	}
	if (canon)
		ret = tty_read_canon(tty, io, nonblock);
	else
		ret = tty_read_raw(tty, io, nonblock);
	tty_reader_end(tty);
	return ret;
}

/* How many bytes the driver takes now, doubled by ONLCR at worst;
 * TTY_CHUNK when it never fills or the terminal hung up. */
static size_t tty_out_space(struct tty *tty)
{
	FRAME_SPIN_SCOPED(g, &tty->lock);

	if (tty->hungup || !tty->drv || !tty->drv->write_room)
		return TTY_CHUNK;
	return MIN(tty->drv->write_room(tty) / 2, TTY_CHUNK);
}

/* Wait until the driver takes a byte: the bytes it takes now, or
 * -EAGAIN, -ERESTARTSYS, -EIO (hung up). */
static ssize_t tty_wait_out_space(struct tty *tty, bool nonblock)
{
	size_t n = tty_out_space(tty);

	if (!n) {
		if (nonblock)
			return -EAGAIN;
		if (FRAME_WAIT_EVENT_INTERRUPTIBLE(&tty->write_wq,
						   (n = tty_out_space(tty)) > 0,
						   FRAME_WAIT_FOREVER))
			return -ERESTARTSYS;
	}
	return tty_is_hungup(tty) ? -EIO : (ssize_t)n;
}

ssize_t tty_write(struct tty *tty, struct tty_io *io)
{
	uint8_t kbuf[TTY_CHUNK];
	size_t done = 0;
	bool tostop;
	int err = 0;

	if (tty_is_hungup(tty))
		return -EIO;
	{
		FRAME_SPIN_SCOPED(g, &tty->lock);

		tostop = tty->ld.termios.c_lflag & TOSTOP;
	}
	if (tostop) {
		err = tty_job_check(tty, SIGTTOU);
		if (err)
			return err;
	}
	frame_mutex_lock(&tty->write_lock);
	while (tty_io_remain(io)) {
		ssize_t space = tty_wait_out_space(tty, io->nonblock);
		size_t n;

		if (space < 0) {
			err = (int)space;
			break;
		}
		n = MIN((size_t)space, tty_io_remain(io));
		err = tty_io_get(io, kbuf, n);
		if (err)
			break;
		{
			FRAME_SPIN_SCOPED(g, &tty->lock);

			ldisc_write(&tty->ld, kbuf, n);
		}
		done += n;
	}
	frame_mutex_unlock(&tty->write_lock);
	return done ? (ssize_t)done : err;
}

unsigned int tty_poll_mask(struct tty *tty)
{
	unsigned int mask = 0;

	if (tty_is_hungup(tty))
		return TTY_POLLIN | TTY_POLLOUT | TTY_POLLERR | TTY_POLLHUP |
		       TTY_POLLRDNORM | TTY_POLLWRNORM;
	if (tty_out_space(tty))
		mask |= TTY_POLLOUT | TTY_POLLWRNORM;
	if (tty_readable(tty))
		mask |= TTY_POLLIN | TTY_POLLRDNORM;
	return mask;
}
