/* SPDX-License-Identifier: MIT */
/* A terminal: a line discipline with locking, waiting and job control. */
#ifndef TTY_TTY_CORE_H
#define TTY_TTY_CORE_H

#include <frame/sync.h>
#include <frame/types.h>
#include <frame/user.h>

#include <fs/file.h>
#include <tty/termios.h>
#include <tty/tty.h>

#include "ldisc.h"

struct tty;

/* Where a terminal's output goes. @write may be called with the
 * terminal's spinlock held and interrupts off: it must not sleep.
 * @write_room (optional, same context): how many bytes @write takes now
 * without dropping any; writers wait on @write_wq until there is room
 * for a whole chunk (NULL: the output never fills, as the console's). */
struct tty_driver {
	void (*write)(struct tty *tty, const uint8_t *buf, size_t n);
	size_t (*write_room)(struct tty *tty);
};

/*
 * One terminal. @lock (a spinlock, taken with interrupts off) guards the
 * line discipline and the job state (and @reading); one reader at a time
 * owns the input (@reading, waited for interruptibly on @reader_wq), so
 * that two readers never split one line, and @write_lock serialises
 * whole writes, so that two writes never interleave. @read_wq is woken when
 * input becomes readable, @room_wq when a reader made room in the input
 * buffer (the input source waits on it).
 */
struct tty {
	struct frame_spinlock lock;
	struct ldisc ld;
	int pgrp;    /* foreground process group, 0: none */
	int session; /* the session it controls, 0: none */
	struct tty_winsize winsize;

	bool reading;
	/* The far end is gone (a pty whose master closed): reads see end of
	 * file, writes and ioctls EIO, poll everything. Never cleared. */
	bool hungup;
	struct frame_mutex write_lock;
	struct frame_waitq read_wq, room_wq, reader_wq, write_wq;
	const struct tty_driver *drv;
	struct file_priv priv; /* the files opened on it */
	/* Job control: NULL means the ones registered by tty_set_job_ops(). */
	const struct tty_job_ops *job;
};

/*
 * A read's destination or a write's source: user memory through a frame
 * reader/writer, or a kernel buffer (kernel callers and ktests). Exactly
 * one of @w, @r, @kbuf is set. @nonblock: a write that finds the
 * driver's output full returns what it did, or -EAGAIN.
 */
struct tty_io {
	struct vm_writer *w;
	struct vm_reader *r;
	uint8_t *kbuf;
	size_t klen, kpos;
	bool nonblock;
};

size_t tty_io_remain(const struct tty_io *io);

/* tty_io_get() - take the next @n bytes of a write's source into @dst:
 * 0 or -EFAULT */
int tty_io_get(struct tty_io *io, uint8_t *dst, size_t n);

/* tty_setup() - a terminal with Linux's default settings, 24x80, in
 * zeroed storage (its spinlock starts unlocked as zero bytes) */
void tty_setup(struct tty *tty, const struct tty_driver *drv);

/* tty_input() - bytes typed on the terminal: process them, wake readers,
 * send the signals they raise. Task context. */
void tty_input(struct tty *tty, const uint8_t *buf, size_t n);

/* tty_input_room() - how many bytes tty_input() takes without loss now */
size_t tty_input_room(struct tty *tty);

/*
 * tty_read() - read(2) on the terminal: canonical lines, or VMIN/VTIME in
 * non-canonical mode. Bytes read, 0 at end of file, -EAGAIN (@nonblock
 * and nothing to read), -EIO or -ERESTARTSYS (background group, with
 * SIGTTIN sent for the latter; or a signal interrupted the wait before
 * any byte came), -EFAULT.
 */
ssize_t tty_read(struct tty *tty, struct tty_io *io, bool nonblock);

/* tty_write() - write(2): output processing; -ERESTARTSYS after sending
 * SIGTTOU to a background group under TOSTOP (or a signal while waiting
 * for the driver's room); -EAGAIN; -EIO once hung up; -EFAULT */
ssize_t tty_write(struct tty *tty, struct tty_io *io);

/* tty_file_ops - the files of a terminal (the console's, a pty slave's);
 * file_priv() gives the struct tty's @priv */
extern const struct file_ops tty_file_ops;

/* Poll bits of Linux. */
#define TTY_POLLIN     0x001
#define TTY_POLLOUT    0x004
#define TTY_POLLERR    0x008
#define TTY_POLLHUP    0x010
#define TTY_POLLRDNORM 0x040
#define TTY_POLLWRNORM 0x100

/* tty_poll_mask() - POLLIN when a read would not block, POLLOUT when the
 * driver has room; everything once hung up */
unsigned int tty_poll_mask(struct tty *tty);

/*
 * tty_ioctl() - the terminal ioctls of <tty/termios.h>, @arg a user
 * address. -ENOTTY for unknown requests. tty_ioctl_kernel() is the same
 * with @arg a kernel object of the request's type (ktests).
 */
long tty_ioctl(struct tty *tty, unsigned int cmd, uaddr_t arg);

/* The pieces of tty_ioctl(), on kernel values. */
void tty_get_termios(struct tty *tty, struct tty_termios *t);
/* @cmd: TCSETS, TCSETSW (waits for output: ours is synchronous) or
 * TCSETSF (also flushes input). -ERESTARTSYS/-EIO from a background
 * group. */
int tty_set_termios(struct tty *tty, unsigned int cmd,
		    const struct tty_termios *t);
int tty_flush(struct tty *tty, int queue);
/* TIOCSWINSZ: a new size sends SIGWINCH to the foreground group */
void tty_set_winsize(struct tty *tty, const struct tty_winsize *ws);
int tty_get_pgrp(struct tty *tty, int *pgrp);
int tty_set_pgrp(struct tty *tty, int pgrp);
int tty_set_ctty(struct tty *tty, bool steal);
int tty_drop_ctty(struct tty *tty);
int tty_get_sid(struct tty *tty, int *sid);

/*
 * tty_hangup() - the far end is gone: @tty hangs up (see @hungup), its
 * waiters wake, and the session it controlled loses it, its leader's
 * group getting SIGHUP and SIGCONT.
 */
void tty_hangup(struct tty *tty);

/* tty_is_hungup() - whether tty_hangup() ran */
bool tty_is_hungup(struct tty *tty);

/* tty_release_session() - give up the terminal if it controls session
 * @sid: its foreground group gets SIGHUP and SIGCONT */
void tty_release_session(struct tty *tty, int sid);

/* tty_job() - the job operations in force for @tty (NULL: none yet) */
const struct tty_job_ops *tty_job(const struct tty *tty);

/* tty_job_check() - may the caller read (@sig SIGTTIN) or write/change
 * settings (SIGTTOU)? 0, -EIO, or -ERESTARTSYS with @sig sent */
int tty_job_check(struct tty *tty, int sig);

/* tty_open_ctty() - a session leader without a terminal that opens @tty
 * (not with O_NOCTTY, not as /dev/console) makes it its controlling
 * terminal if no session has it */
void tty_open_ctty(struct tty *tty);

/* tty_is_current_ctty() - whether @tty controls the caller's session */
bool tty_is_current_ctty(struct tty *tty);

#endif /* TTY_TTY_CORE_H */
