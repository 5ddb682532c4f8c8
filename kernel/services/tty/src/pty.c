/* SPDX-License-Identifier: MIT */
/* Pseudo-terminals: their table, the slave's output, the master's file. */
#include "pty.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/user.h>

#include <cred/cred.h>
#include <fs/fs.h>

/* Bytes moved per round under the spinlock. */
#define PTY_CHUNK 128

struct frame_mutex pty_lock = FRAME_MUTEX_INIT(pty_lock);
struct pty *pty_table[PTY_MAX];

static size_t pty_obuf_len(const struct pty *pty)
{
	return pty->ohead - pty->otail;
}

/* The slave's output: into @obuf for the master (tty.lock held). Bytes
 * past a full buffer are lost, as echo is on a full Linux pty; writes
 * wait for room first (pty_write_room). */
static void pty_out(struct tty *tty, const uint8_t *buf, size_t n)
{
	struct pty *pty = container_of(tty, struct pty, tty);

	for (size_t i = 0; i < n && pty_obuf_len(pty) < PTY_OBUF; i++)
		pty->obuf[pty->ohead++ % PTY_OBUF] = buf[i];
	frame_waitq_wake_all(&pty->master_wq);
}

static size_t pty_write_room(struct tty *tty)
{
	struct pty *pty = container_of(tty, struct pty, tty);

	return PTY_OBUF - pty_obuf_len(pty);
}

static const struct tty_driver pty_driver = {
	.write = pty_out,
	.write_room = pty_write_room,
};

struct pty *pty_from_tty(struct tty *tty)
{
	return tty->drv == &pty_driver ? container_of(tty, struct pty, tty)
				       : NULL;
}

int pty_create(struct pty **out)
{
	const struct cred *c = cred_current();
	struct pty *pty = frame_zalloc(sizeof(*pty));
	int err = -ENOSPC;

	if (!pty)
		return -ENOMEM;
	tty_setup(&pty->tty, &pty_driver);
	frame_waitq_init(&pty->master_wq);
	pty->refs = 1;
	pty->locked = true;
	pty->master_open = true;
	pty->uid = c ? c->fsuid : 0;
	pty->gid = c ? c->fsgid : 0;
	frame_mutex_lock(&pty_lock);
	for (unsigned int i = 0; i < PTY_MAX; i++) {
		if (!pty_table[i]) {
			pty->index = i;
			pty_table[i] = pty;
			err = 0;
			break;
		}
	}
	frame_mutex_unlock(&pty_lock);
	if (err) {
		frame_free(pty);
		return err;
	}
	*out = pty;
	return 0;
}

struct pty *pty_get_locked(unsigned int index)
{
	struct pty *pty = index < PTY_MAX ? pty_table[index] : NULL;

	if (!pty)
		return NULL;
	{
		FRAME_SPIN_SCOPED(g, &pty->tty.lock);

		if (!pty->master_open)
			return NULL;
	}
	pty->refs++;
	return pty;
}

void pty_put(struct pty *pty)
{
	bool last;

	frame_mutex_lock(&pty_lock);
	last = --pty->refs == 0;
	if (last)
		pty_table[pty->index] = NULL;
	frame_mutex_unlock(&pty_lock);
	if (last)
		frame_free(pty);
}

int pty_slave_open(struct pty *pty, struct file *f)
{
	{
		FRAME_SPIN_SCOPED(g, &pty->tty.lock);

		/* Linux refuses a locked slave, and one whose master is
		 * gone, with EIO. */
		if (pty->locked || !pty->master_open || pty->tty.hungup)
			return -EIO;
		pty->slaves++;
		pty->other_closed = false;
	}
	file_set_priv(f, &pty->tty.priv);
	if (!(file_flags(f) & O_NOCTTY))
		tty_open_ctty(&pty->tty);
	return 0;
}

void pty_slave_release(struct tty *tty)
{
	struct pty *pty = pty_from_tty(tty);

	if (!pty)
		return;
	{
		FRAME_SPIN_SCOPED(g, &tty->lock);

		if (--pty->slaves == 0)
			pty->other_closed = true;
	}
	frame_waitq_wake_all(&pty->master_wq);
	pty_put(pty);
}

/* --- the master --- */

static struct pty *file_pty(struct file *f)
{
	struct file_priv *p = file_priv(f, &pty_master_fops);

	return p ? container_of(p, struct pty, master_priv) : NULL;
}

size_t pty_take(struct pty *pty, uint8_t *dst, size_t n)
{
	FRAME_SPIN_SCOPED(g, &pty->tty.lock);
	size_t got = 0;

	while (got < n && pty_obuf_len(pty))
		dst[got++] = pty->obuf[pty->otail++ % PTY_OBUF];
	return got;
}

/* Whether a master read would not block: output, or no slave any more. */
static bool pty_master_ready(struct pty *pty)
{
	FRAME_SPIN_SCOPED(g, &pty->tty.lock);

	return pty_obuf_len(pty) || pty->other_closed;
}

static bool pty_master_eio(struct pty *pty)
{
	FRAME_SPIN_SCOPED(g, &pty->tty.lock);

	return !pty_obuf_len(pty) && pty->other_closed;
}

static ssize_t ptm_read(struct file *f, struct vm_writer *w, uint64_t *pos)
{
	struct pty *pty = file_pty(f);
	uint8_t kbuf[PTY_CHUNK];
	size_t copied = 0;

	(void)pos;
	if (!pty)
		return -ENXIO;
	while (vm_writer_remain(w)) {
		size_t n = pty_take(pty, kbuf,
				    MIN(sizeof(kbuf), vm_writer_remain(w)));

		if (n) {
			frame_waitq_wake_all(&pty->tty.write_wq);
			if (vm_writer_write(w, kbuf, n))
				return copied ? (ssize_t)copied : -EFAULT;
			copied += n;
			continue;
		}
		if (copied)
			break;
		/* Drained, and every slave file closed: Linux's EIO. */
		if (pty_master_eio(pty))
			return -EIO;
		if (file_flags(f) & O_NONBLOCK)
			return -EAGAIN;
		if (FRAME_WAIT_EVENT_INTERRUPTIBLE(&pty->master_wq,
						   pty_master_ready(pty),
						   FRAME_WAIT_FOREVER))
			return -ERESTARTSYS;
	}
	return (ssize_t)copied;
}

/* Feed @io's bytes to the slave as typed input, waiting for room. */
static ssize_t ptm_input(struct pty *pty, struct tty_io *io, bool nonblock)
{
	uint8_t kbuf[PTY_CHUNK];
	size_t done = 0;

	while (tty_io_remain(io)) {
		size_t room = tty_input_room(&pty->tty);
		size_t n = MIN(MIN(room, sizeof(kbuf)), tty_io_remain(io));
		int err;

		if (!n) {
			if (nonblock)
				return done ? (ssize_t)done : -EAGAIN;
			if (FRAME_WAIT_EVENT_INTERRUPTIBLE(
				    &pty->tty.room_wq,
				    tty_input_room(&pty->tty) > 0,
				    FRAME_WAIT_FOREVER))
				return done ? (ssize_t)done : -ERESTARTSYS;
			continue;
		}
		err = tty_io_get(io, kbuf, n);
		if (err)
			return done ? (ssize_t)done : err;
		tty_input(&pty->tty, kbuf, n);
		done += n;
	}
	return (ssize_t)done;
}

static ssize_t ptm_write(struct file *f, struct vm_reader *r, uint64_t *pos)
{
	struct pty *pty = file_pty(f);
	struct tty_io io = { .r = r };

	(void)pos;
	if (!pty)
		return -ENXIO;
	return ptm_input(pty, &io, file_flags(f) & O_NONBLOCK);
}

static ssize_t ptm_write_kernel(struct file *f, uint8_t *buf, size_t n,
				uint64_t *pos)
{
	struct pty *pty = file_pty(f);
	struct tty_io io = { .kbuf = buf, .klen = n };

	(void)pos;
	if (!pty)
		return -ENXIO;
	return ptm_input(pty, &io, file_flags(f) & O_NONBLOCK);
}

static long ptm_int_out(uint64_t arg, int v)
{
	return frame_copy_to_user(uaddr_from_syscall_arg(arg), &v, sizeof(v));
}

/* TIOCGPTPEER: open the slave as open(2) of /dev/pts/N would, with the
 * flags in @arg (the ones that mean something for a terminal; Linux
 * ignores the rest), and give the caller a descriptor for it. */
static long ptm_open_peer(struct pty *pty, uint64_t arg)
{
	unsigned int flags = (unsigned int)arg &
			     (O_ACCMODE | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	char path[24] = "/dev/pts/";
	struct file *f;
	size_t len = 9;
	unsigned int n = pty->index, div = 1;
	int fd, err;

	while (n / div >= 10)
		div *= 10;
	for (; div; div /= 10)
		path[len++] = (char)('0' + n / div % 10);
	path[len] = '\0';
	err = fs_open_path(path, (int)flags, &f);
	if (err)
		return err;
	fd = fd_install(fd_table_current(), f, fd_rights_for_oflags(flags),
			flags & O_CLOEXEC);
	file_put(f);
	return fd;
}

static long ptm_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
	struct pty *pty = file_pty(f);
	int v;

	if (!pty)
		return -ENXIO;
	switch (cmd) {
	case TIOCGPTN:
		return ptm_int_out(arg, (int)pty->index);
	case TIOCSPTLCK:
		if (frame_copy_from_user(&v, uaddr_from_syscall_arg(arg),
					 sizeof(v)))
			return -EFAULT;
		{
			FRAME_SPIN_SCOPED(g, &pty->tty.lock);

			pty->locked = v != 0;
		}
		return 0;
	case TIOCGPTLCK: {
		FRAME_SPIN_SCOPED(g, &pty->tty.lock);

		v = pty->locked;
	}
		return ptm_int_out(arg, v);
	case TIOCGPTPEER:
		return ptm_open_peer(pty, arg);
	case FIONREAD: {
		FRAME_SPIN_SCOPED(g, &pty->tty.lock);

		v = (int)pty_obuf_len(pty);
	}
		return ptm_int_out(arg, v);
	case TIOCGPGRP: {
		/* The master sees the slave's foreground group without being
		 * its controlling terminal (a terminal emulator asks). */
		FRAME_SPIN_SCOPED(g, &pty->tty.lock);

		v = pty->tty.pgrp;
	}
		return ptm_int_out(arg, v);
	default:
		/* termios, window size, job control: the slave's, as Linux
		 * applies them to the pair's slave end */
		return tty_ioctl(&pty->tty, cmd, uaddr_from_syscall_arg(arg));
	}
}

static unsigned int ptm_poll(struct file *f, struct frame_poller *p)
{
	struct pty *pty = file_pty(f);
	unsigned int mask = 0;

	if (!pty)
		return POLLERR;
	fs_poll_wait(p, &pty->master_wq);
	fs_poll_wait(p, &pty->tty.room_wq);
	{
		FRAME_SPIN_SCOPED(g, &pty->tty.lock);

		if (pty_obuf_len(pty))
			mask |= POLLIN | POLLRDNORM;
		if (pty->other_closed)
			mask |= POLLHUP;
	}
	if (tty_input_room(&pty->tty))
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

/* The master closes: the slave hangs up, its node goes. */
static void ptm_release(struct file *f)
{
	struct pty *pty = file_pty(f);

	if (!pty)
		return;
	{
		FRAME_SPIN_SCOPED(g, &pty->tty.lock);

		pty->master_open = false;
	}
	tty_hangup(&pty->tty);
	pty_put(pty);
}

const struct file_ops pty_master_fops = {
	.read = ptm_read,
	.write = ptm_write,
	.write_kernel = ptm_write_kernel,
	.ioctl = ptm_ioctl,
	.poll = ptm_poll,
	.release = ptm_release,
};
