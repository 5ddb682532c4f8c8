/* SPDX-License-Identifier: MIT */
/* The terminal ioctls: termios, window size, job control, queue sizes. */
#include "tty_core.h"

#include <frame/errno.h>
#include <frame/string.h>

#include <signal/signal.h>

void tty_get_termios(struct tty *tty, struct tty_termios *t)
{
	FRAME_SPIN_SCOPED(g, &tty->lock);

	*t = tty->ld.termios;
}

int tty_set_termios(struct tty *tty, unsigned int cmd,
		    const struct tty_termios *t)
{
	int err = tty_job_check(tty, SIGTTOU);

	if (err)
		return err;
	{
		FRAME_SPIN_SCOPED(g, &tty->lock);

		/* Output is written synchronously, so TCSETSW and TCSETSF have
		 * nothing to drain. */
		if (cmd == TCSETSF)
			ldisc_flush_input(&tty->ld);
		ldisc_set_termios(&tty->ld, t);
	}
	/* VMIN/VTIME or ICANON may make waiting readers' input enough now,
	 * and a flush makes room. */
	frame_waitq_wake_all(&tty->read_wq);
	frame_waitq_wake_all(&tty->room_wq);
	return 0;
}

void tty_set_winsize(struct tty *tty, const struct tty_winsize *ws)
{
	const struct tty_job_ops *job = tty_job(tty);
	bool changed;
	int pgrp;

	{
		FRAME_SPIN_SCOPED(g, &tty->lock);

		changed = memcmp(&tty->winsize, ws, sizeof(*ws)) != 0;
		tty->winsize = *ws;
		pgrp = tty->pgrp;
	}
	if (changed && job && pgrp > 0)
		(void)job->signal_pgrp(pgrp, SIGWINCH);
}

int tty_flush(struct tty *tty, int queue)
{
	int err;

	if (queue != TCIFLUSH && queue != TCOFLUSH && queue != TCIOFLUSH)
		return -EINVAL;
	err = tty_job_check(tty, SIGTTOU);
	if (err)
		return err;
	if (queue != TCOFLUSH) {
		FRAME_SPIN_SCOPED(g, &tty->lock);

		ldisc_flush_input(&tty->ld);
	}
	frame_waitq_wake_all(&tty->room_wq);
	return 0;
}

/* termios2 adds the line's speeds, which a serial console reports and
 * ignores: 38400 baud, as the default c_cflag says. */
#define TTY_SPEED 38400

static long tty_ioctl_termios2(struct tty *tty, unsigned int cmd, uaddr_t arg)
{
	struct tty_termios2 t2 = { .c_ispeed = TTY_SPEED,
				   .c_ospeed = TTY_SPEED };

	if (cmd == TCGETS2) {
		tty_get_termios(tty, &t2.t);
		return frame_copy_to_user(arg, &t2, sizeof(t2));
	}
	if (frame_copy_from_user(&t2, arg, sizeof(t2)))
		return -EFAULT;
	if (cmd == TCSETS2)
		return tty_set_termios(tty, TCSETS, &t2.t);
	return tty_set_termios(tty, cmd == TCSETSW2 ? TCSETSW : TCSETSF, &t2.t);
}

static long tty_ioctl_termios(struct tty *tty, unsigned int cmd, uaddr_t arg)
{
	struct tty_termios t;

	if (cmd == TCGETS) {
		tty_get_termios(tty, &t);
		return frame_copy_to_user(arg, &t, sizeof(t));
	}
	if (frame_copy_from_user(&t, arg, sizeof(t)))
		return -EFAULT;
	return tty_set_termios(tty, cmd, &t);
}

static long tty_ioctl_int_out(uaddr_t arg, int v)
{
	return frame_copy_to_user(arg, &v, sizeof(v));
}

long tty_ioctl(struct tty *tty, unsigned int cmd, uaddr_t arg)
{
	struct tty_winsize ws;
	int v, err;

	/* Linux's hung-up files: EIO for all, but ENOTTY to TIOCSPGRP. */
	if (tty_is_hungup(tty))
		return cmd == TIOCSPGRP ? -ENOTTY : -EIO;
	switch (cmd) {
	case TCGETS:
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return tty_ioctl_termios(tty, cmd, arg);
	case TCGETS2:
	case TCSETS2:
	case TCSETSW2:
	case TCSETSF2:
		return tty_ioctl_termios2(tty, cmd, arg);
	case TCFLSH:
		return tty_flush(tty, (int)uaddr_value(arg));
	case TCXONC:
		/* Flow control is not modelled; accept the valid actions. */
		return uaddr_value(arg) <= TCION ? 0 : -EINVAL;
	case TCSBRK:
	case TCSBRKP:
		return 0;
	case TIOCGETD:
		return tty_ioctl_int_out(arg, N_TTY);
	case TIOCSETD:
		if (frame_copy_from_user(&v, arg, sizeof(v)))
			return -EFAULT;
		return v == N_TTY ? 0 : -EINVAL;
	case TIOCGWINSZ: {
		FRAME_SPIN_SCOPED(g, &tty->lock);

		ws = tty->winsize;
	}
		return frame_copy_to_user(arg, &ws, sizeof(ws));
	case TIOCSWINSZ:
		if (frame_copy_from_user(&ws, arg, sizeof(ws)))
			return -EFAULT;
		tty_set_winsize(tty, &ws);
		return 0;
	case TIOCGPGRP:
		err = tty_get_pgrp(tty, &v);
		return err ? err : tty_ioctl_int_out(arg, v);
	case TIOCSPGRP:
		if (frame_copy_from_user(&v, arg, sizeof(v)))
			return -EFAULT;
		return tty_set_pgrp(tty, v);
	case TIOCGSID:
		err = tty_get_sid(tty, &v);
		return err ? err : tty_ioctl_int_out(arg, v);
	case TIOCSCTTY:
		return tty_set_ctty(tty, uaddr_value(arg) == 1);
	case TIOCNOTTY:
		return tty_drop_ctty(tty);
	case FIONREAD: {
		FRAME_SPIN_SCOPED(g, &tty->lock);

		v = (int)ldisc_inq(&tty->ld);
	}
		return tty_ioctl_int_out(arg, v);
	case TIOCOUTQ:
		/* Output goes out synchronously: never anything queued. */
		return tty_ioctl_int_out(arg, 0);
	case TIOCEXCL:
	case TIOCNXCL:
		return 0;
	default:
		return -ENOTTY;
	}
}
