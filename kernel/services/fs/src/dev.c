/* SPDX-License-Identifier: MIT */
/* Character devices: the registry, and null, zero, full, random, urandom. */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/random.h>
#include <frame/string.h>
#include <frame/user.h>

#include "vfs.h"

#define CHRDEV_MAX 64

struct chrdev {
	unsigned int major, minor;
	const struct file_ops *ops;
	int (*open)(struct file *f);
	/* a whole major (fs_register_chrdev_major()): @open is NULL */
	int (*open_minor)(struct file *f, unsigned int minor);
};

/* Registered devices; entries are never removed. Guarded by vfs_lock. */
static struct chrdev chrdevs[CHRDEV_MAX];
static size_t nchrdevs;

static const struct chrdev *chrdev_find(unsigned int major, unsigned int minor)
{
	for (size_t i = 0; i < nchrdevs; i++)
		if (chrdevs[i].major == major && chrdevs[i].minor == minor &&
		    !chrdevs[i].open_minor)
			return &chrdevs[i];
	for (size_t i = 0; i < nchrdevs; i++)
		if (chrdevs[i].major == major && chrdevs[i].open_minor)
			return &chrdevs[i];
	return NULL;
}

int chrdev_open(struct inode *ino, struct file *f)
{
	const struct chrdev *d;

	frame_mutex_lock(&vfs_lock);
	d = chrdev_find(ino->rdev_major, ino->rdev_minor);
	frame_mutex_unlock(&vfs_lock);
	if (!d)
		return -ENXIO;
	f->ops = d->ops;
	if (d->open_minor)
		return d->open_minor(f, ino->rdev_minor);
	return d->open ? d->open(f) : 0;
}

int fs_register_chrdev_major(unsigned int major, const struct file_ops *ops,
			     int (*open)(struct file *f, unsigned int minor))
{
	int err = 0;

	if (!open)
		return -EINVAL;
	frame_mutex_lock(&vfs_lock);
	for (size_t i = 0; i < nchrdevs; i++)
		if (chrdevs[i].major == major && chrdevs[i].open_minor)
			err = -EEXIST;
	if (!err && nchrdevs == CHRDEV_MAX)
		err = -ENOMEM;
	if (!err)
		chrdevs[nchrdevs++] =
			(struct chrdev){ .major = major,
					 .ops = ops,
					 .open_minor = open };
	frame_mutex_unlock(&vfs_lock);
	return err;
}

/*
 * The devtmpfs instance: one tree of device nodes, which every mount of
 * devtmpfs shows (/dev at boot), as Linux's. Made by dev_init().
 */
struct fs_sb *devtmpfs_sb;

/* The devtmpfs root, where devices get their nodes; referenced. vfs_lock
 * held. */
static int dev_dir(struct inode **out)
{
	if (!devtmpfs_sb)
		return -ENOENT;
	inode_get(devtmpfs_sb->root);
	*out = devtmpfs_sb->root;
	return 0;
}

int fs_register_chrdev(unsigned int major, unsigned int minor, const char *name,
		       unsigned int mode, const struct file_ops *ops,
		       int (*open)(struct file *f))
{
	struct fs_ident root = { 0, 0, NULL };
	size_t len = strnlen(name, FS_NAME_MAX + 1);
	struct inode *dev, *node;
	struct dentry *d;
	int err;

	if (len == 0 || len > FS_NAME_MAX)
		return -EINVAL;
	for (size_t i = 0; i < len; i++)
		if (name[i] == '/')
			return -EINVAL;
	if (!vfs_root) {
		err = fs_init();
		if (err)
			return err;
	}
	frame_mutex_lock(&vfs_lock);
	if (chrdev_find(major, minor)) {
		err = -EEXIST;
		goto out_unlock;
	}
	if (nchrdevs == CHRDEV_MAX) {
		err = -ENOMEM;
		goto out_unlock;
	}
	err = dev_dir(&dev);
	if (err)
		goto out_unlock;
	/* A node an initramfs made already (/dev/console) is taken over:
	 * the device's numbers win. Anything else by that name is EEXIST. */
	d = dir_find(dev, name, len);
	if (d && S_ISCHR(d->inode->mode)) {
		node = d->inode;
		inode_get(node);
		err = 0;
	} else {
		err = vfs_create_locked(dev, name, len,
					S_IFCHR | (mode & 07777), &root, &node);
	}
	inode_put(dev);
	if (err)
		goto out_unlock;
	node->rdev_major = major;
	node->rdev_minor = minor;
	inode_put(node);
	chrdevs[nchrdevs++] = (struct chrdev){ .major = major,
					 .minor = minor,
					 .ops = ops,
					 .open = open };
out_unlock:
	frame_mutex_unlock(&vfs_lock);
	return err;
}

static ssize_t null_read(struct file *f, struct vm_writer *w, uint64_t *pos)
{
	(void)f;
	(void)w;
	(void)pos;
	return 0;
}

static ssize_t null_write(struct file *f, struct vm_reader *r, uint64_t *pos)
{
	size_t n = vm_reader_remain(r);

	(void)f;
	(void)pos;
	return (ssize_t)n;
}

static ssize_t null_write_kernel(struct file *f, uint8_t *buf, size_t n,
				 uint64_t *pos)
{
	(void)f;
	(void)buf;
	(void)pos;
	return (ssize_t)n;
}

static int64_t dev_llseek(struct file *f, int64_t off, int whence,
			  uint64_t *pos)
{
	(void)f;
	(void)off;
	(void)whence;
	*pos = 0;
	return 0;
}

static ssize_t zero_read(struct file *f, struct vm_writer *w, uint64_t *pos)
{
	size_t n = vm_writer_remain(w), before = n;
	int err = vm_writer_fill(w, 0, n);

	(void)f;
	(void)pos;
	if (err) {
		n = before - vm_writer_remain(w);
		return n ? (ssize_t)n : err;
	}
	return (ssize_t)n;
}

static ssize_t full_write(struct file *f, struct vm_reader *r, uint64_t *pos)
{
	(void)f;
	(void)r;
	(void)pos;
	return -ENOSPC;
}

static ssize_t random_read(struct file *f, struct vm_writer *w, uint64_t *pos)
{
	uint8_t buf[256];
	size_t done = 0, n = vm_writer_remain(w);

	(void)f;
	(void)pos;
	while (done < n) {
		size_t chunk = MIN(n - done, sizeof(buf));
		size_t before = vm_writer_remain(w);

		frame_random_bytes(buf, chunk);
		if (vm_writer_write(w, buf, chunk)) {
			done += before - vm_writer_remain(w);
			memset(buf, 0, sizeof(buf));
			return done ? (ssize_t)done : -EFAULT;
		}
		done += chunk;
	}
	memset(buf, 0, sizeof(buf));
	return (ssize_t)done;
}

static const struct file_ops null_ops = {
	.read = null_read,
	.write = null_write,
	.llseek = dev_llseek,
	.write_kernel = null_write_kernel,
};
static const struct file_ops zero_ops = {
	.read = zero_read,
	.write = null_write,
	.llseek = dev_llseek,
};
static const struct file_ops full_ops = {
	.read = zero_read,
	.write = full_write,
	.llseek = dev_llseek,
};
static const struct file_ops random_ops = {
	.read = random_read,
	.write = null_write, /* writes are accepted and ignored */
	.llseek = dev_llseek,
};

bool dev_is_zero(const struct file *f)
{
	return f->ops == &zero_ops;
}

static int dev_open_plain(struct file *f)
{
	(void)f;
	return 0;
}

int dev_init(void)
{
	static const struct {
		unsigned int minor;
		const char *name;
		const struct file_ops *ops;
	} devs[] = {
		{ 3, "null", &null_ops },      { 5, "zero", &zero_ops },
		{ 7, "full", &full_ops },      { 8, "random", &random_ops },
		{ 9, "urandom", &random_ops },
	};
	struct fs_sb *sb = sb_create("devtmpfs", TMPFS_MAGIC, 0755);
	int err;

	if (!sb)
		return -ENOMEM;
	sb->permanent = true;
	sb->limit = space_default_pages(); /* its own space, as Linux's */
	sb->sized = true;
	frame_mutex_lock(&vfs_lock);
	devtmpfs_sb = sb;
	frame_mutex_unlock(&vfs_lock);
	/* Linux's boot mount of /dev: nosuid, relatime */
	err = mnt_boot(sb, "dev", "devtmpfs", MS_NOSUID | MS_RELATIME);
	if (err)
		return err;
	for (size_t i = 0; i < ARRAY_SIZE(devs); i++) {
		int err = fs_register_chrdev(1, devs[i].minor, devs[i].name,
					     0666, devs[i].ops, dev_open_plain);

		if (err)
			return err;
	}
	return 0;
}
