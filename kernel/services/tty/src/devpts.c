/* SPDX-License-Identifier: MIT */
/* devpts: /dev/ptmx, the slaves' nodes in /dev/pts, and opening them. */
#include "pty.h"

#include <frame/errno.h>

#include <fs/fs.h>
#include <fs/synth.h>

#include "console.h"

/* Linux's modes: a slave is its opener's, rw--w----; devpts's own ptmx
 * is 0000 (only root opens it), /dev/ptmx 0666. */
#define DEVPTS_SLAVE_MODE 0620
#define DEVPTS_PTMX_MODE  0000
#define PTMX_MODE	  0666

/* The name of slave @n: its decimal number. */
static void devpts_name(unsigned int n, char *buf)
{
	unsigned int div = 1;
	size_t len = 0;

	while (n / div >= 10)
		div *= 10;
	for (; div; div /= 10)
		buf[len++] = (char)('0' + n / div % 10);
	buf[len] = '\0';
}

/*
 * /dev/pts lists the ptys whose master is open, each owned by who opened
 * ptmx. Called under fs's tree lock: pty_lock nests inside it (nothing
 * calls into fs with pty_lock held).
 */
static int devpts_populate(struct inode *dir, struct synth_fill *fill)
{
	int err;

	(void)dir;
	err = synth_fill_chrdev(fill, "ptmx", DEVPTS_PTMX_MODE, PTY_PTMX_MAJOR,
				PTY_PTMX_MINOR, 0);
	frame_mutex_lock(&pty_lock);
	for (unsigned int i = 0; i < PTY_MAX && !err; i++) {
		struct pty *pty = pty_table[i];
		char name[12];
		bool open;

		if (!pty)
			continue;
		{
			FRAME_SPIN_SCOPED(g, &pty->tty.lock);

			open = pty->master_open;
		}
		if (!open)
			continue;
		devpts_name(i, name);
		synth_fill_owner(fill, pty->uid, pty->gid);
		err = synth_fill_chrdev(fill, name, DEVPTS_SLAVE_MODE,
					PTY_SLAVE_MAJOR, i, (uint64_t)i + 1);
	}
	frame_mutex_unlock(&pty_lock);
	return err;
}

static const struct synth_ops devpts_root_ops = {
	.populate = devpts_populate,
};

static int devpts_fill(struct inode *root)
{
	(void)root;
	return 0;
}

static const struct fs_type devpts_type = {
	.name = "devpts",
	.fill_super = devpts_fill,
	.root_ops = &devpts_root_ops,
};

/* /dev/ptmx and /dev/pts/ptmx: a new pty, this file its master. */
static int ptmx_open(struct file *f)
{
	struct pty *pty;
	int err = pty_create(&pty);

	if (err)
		return err;
	file_set_priv(f, &pty->master_priv);
	return 0;
}

/* /dev/pts/N: the slave of pty N. */
static int pts_open(struct file *f, unsigned int minor)
{
	struct pty *pty;
	int err;

	frame_mutex_lock(&pty_lock);
	pty = pty_get_locked(minor);
	frame_mutex_unlock(&pty_lock);
	if (!pty)
		return -EIO;
	err = pty_slave_open(pty, f);
	if (err)
		pty_put(pty);
	return err;
}

int pty_open_current_ctty(struct file *f)
{
	struct pty *found = NULL;
	int err;

	frame_mutex_lock(&pty_lock);
	for (unsigned int i = 0; i < PTY_MAX && !found; i++) {
		if (pty_table[i] && tty_is_current_ctty(&pty_table[i]->tty)) {
			found = pty_table[i];
			found->refs++;
		}
	}
	frame_mutex_unlock(&pty_lock);
	if (!found)
		return -ENXIO;
	err = pty_slave_open(found, f);
	if (err)
		pty_put(found);
	return err;
}

void pty_session_exit(int sid)
{
	/* Release outside pty_lock: it signals the foreground group. */
	for (unsigned int i = 0; i < PTY_MAX; i++) {
		struct pty *pty;

		frame_mutex_lock(&pty_lock);
		pty = pty_table[i];
		if (pty)
			pty->refs++;
		frame_mutex_unlock(&pty_lock);
		if (!pty)
			continue;
		tty_release_session(&pty->tty, sid);
		pty_put(pty);
	}
}

int pty_dev_register(void)
{
	int err;

	err = fs_register_chrdev(PTY_PTMX_MAJOR, PTY_PTMX_MINOR, "ptmx",
				 PTMX_MODE, &pty_master_fops, ptmx_open);
	if (!err)
		err = fs_register_chrdev_major(PTY_SLAVE_MAJOR, &tty_file_ops,
					       pts_open);
	if (!err)
		err = fs_register_type(&devpts_type);
	return err;
}
