/* SPDX-License-Identifier: MIT */
/* Terminals as files: /dev/console, /dev/tty, /dev/ttyS0, pty slaves. */
#include "console.h"

#include <frame/errno.h>
#include <frame/sync.h>
#include <frame/user.h>

#include <fs/fs.h>

#include "pty.h"
#include "tty_core.h"

/* Linux's device numbers. */
#define TTY_MAJOR    4
#define TTYAUX_MAJOR 5

static struct tty *file_tty(struct file *f)
{
	struct file_priv *p = file_priv(f, &tty_file_ops);

	return p ? container_of(p, struct tty, priv) : NULL;
}

static bool file_nonblock(struct file *f)
{
	return file_flags(f) & O_NONBLOCK;
}

static ssize_t tty_file_read(struct file *f, struct vm_writer *w, uint64_t *pos)
{
	struct tty *tty = file_tty(f);
	struct tty_io io = { .w = w };

	(void)pos;
	if (!tty)
		return -ENXIO;
	return tty_read(tty, &io, file_nonblock(f));
}

static ssize_t tty_file_write(struct file *f, struct vm_reader *r,
			      uint64_t *pos)
{
	struct tty *tty = file_tty(f);
	struct tty_io io = { .r = r, .nonblock = file_nonblock(f) };

	(void)pos;
	if (!tty)
		return -ENXIO;
	return tty_write(tty, &io);
}

static ssize_t tty_file_write_kernel(struct file *f, uint8_t *buf, size_t n,
				     uint64_t *pos)
{
	struct tty *tty = file_tty(f);
	struct tty_io io = { .kbuf = buf, .klen = n,
			     .nonblock = file_nonblock(f) };

	(void)pos;
	if (!tty)
		return -ENXIO;
	return tty_write(tty, &io);
}

static long tty_file_ioctl(struct file *f, unsigned int cmd, uint64_t arg)
{
	struct tty *tty = file_tty(f);

	if (!tty)
		return -ENXIO;
	return tty_ioctl(tty, cmd, uaddr_from_syscall_arg(arg));
}

static unsigned int tty_file_poll(struct file *f, struct frame_poller *p)
{
	struct tty *tty = file_tty(f);

	if (!tty)
		return POLLERR;
	fs_poll_wait(p, &tty->read_wq);
	fs_poll_wait(p, &tty->write_wq);
	return tty_poll_mask(tty);
}

/* A pty slave's file counts among its pty's; the console's nothing. */
static void tty_file_release(struct file *f)
{
	struct tty *tty = file_tty(f);

	if (tty)
		pty_slave_release(tty);
}

const struct file_ops tty_file_ops = {
	.read = tty_file_read,
	.write = tty_file_write,
	.write_kernel = tty_file_write_kernel,
	.ioctl = tty_file_ioctl,
	.poll = tty_file_poll,
	.release = tty_file_release,
};

/* /dev/console: the console, never made a controlling terminal by open
 * (as in Linux); TIOCSCTTY can. */
static int console_open(struct file *f)
{
	struct tty *tty = tty_console();

	if (!tty)
		return -ENODEV;
	file_set_priv(f, &tty->priv);
	return 0;
}

/* /dev/ttyS0: a session leader without a terminal acquires it. */
static int ttys0_open(struct file *f)
{
	struct tty *tty = tty_console();

	if (!tty)
		return -ENODEV;
	file_set_priv(f, &tty->priv);
	if (!(file_flags(f) & O_NOCTTY))
		tty_open_ctty(tty);
	return 0;
}

/* /dev/tty: the caller's controlling terminal, ENXIO without one. */
static int devtty_open(struct file *f)
{
	struct tty *tty = tty_console();

	if (!tty || !tty_is_current_ctty(tty))
		return pty_open_current_ctty(f);
	file_set_priv(f, &tty->priv);
	return 0;
}

int tty_dev_register(void)
{
	int err;

	err = fs_register_chrdev(TTYAUX_MAJOR, 1, "console", 0600, &tty_file_ops,
				 console_open);
	if (!err)
		err = fs_register_chrdev(TTYAUX_MAJOR, 0, "tty", 0666,
					 &tty_file_ops, devtty_open);
	if (!err)
		err = fs_register_chrdev(TTY_MAJOR, 64, "ttyS0", 0660,
					 &tty_file_ops, ttys0_open);
	if (!err)
		err = pty_dev_register();
	return err;
}
