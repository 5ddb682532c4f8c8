/* SPDX-License-Identifier: MIT */
/* Synthetic nodes: generated directory entries, computed links, open-time
 * content. */
#include <frame/errno.h>
#include <frame/format.h>
#include <frame/heap.h>
#include <frame/string.h>
#include <frame/user.h>

#include <fs/synth.h>

#include "vfs.h"

/* The directory a populate call is filling. */
struct synth_fill {
	struct inode *dir;
	uint32_t uid, gid; /* the owner of the entries declared next */
};

static int synth_buf_grow(struct synth_buf *b, size_t need)
{
	size_t cap = b->cap ? b->cap : 1024;
	char *p;

	while (cap < need && cap < SYNTH_BUF_MAX)
		cap *= 2;
	if (cap > SYNTH_BUF_MAX)
		cap = SYNTH_BUF_MAX;
	if (cap <= b->cap)
		return 0;
	p = frame_alloc(cap);
	if (!p)
		return -ENOMEM;
	if (b->len)
		memcpy(p, b->data, b->len);
	frame_free(b->data);
	b->data = p;
	b->cap = cap;
	return 0;
}

int synth_write(struct synth_buf *b, const void *data, size_t n)
{
	size_t room;
	int err = synth_buf_grow(b, b->len + n);

	if (err)
		return err;
	room = b->cap - b->len;
	if (n > room) {
		memcpy(b->data + b->len, data, room);
		b->len += room;
		b->full = true;
		return -ENOSPC;
	}
	memcpy(b->data + b->len, data, n);
	b->len += n;
	return 0;
}

int synth_printf(struct synth_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, err;

	va_start(ap, fmt);
	n = frame_vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	/* one more byte for the NUL vsnprintf writes, not kept */
	err = synth_buf_grow(b, b->len + (size_t)n + 1);
	if (err)
		return err;
	va_start(ap, fmt);
	frame_vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (b->len + (size_t)n + 1 > b->cap) {
		b->len = b->cap - 1; /* the NUL took the last byte */
		b->full = true;
		return -ENOSPC;
	}
	b->len += (size_t)n;
	return 0;
}

void synth_buf_free(struct synth_buf *b)
{
	frame_free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void *synth_data(const struct inode *node)
{
	return node->synth_data;
}

uint64_t synth_key(const struct inode *node)
{
	return node->synth_key;
}

uint64_t synth_parent_key(const struct inode *node)
{
	uint64_t key = node->synth_key;

	if (key || !S_ISDIR(node->mode))
		return key;
	frame_mutex_lock(&vfs_lock);
	for (const struct inode *n = node, *up; n && !key; n = up) {
		key = n->synth_key;
		up = n->parent;
		if (up == n)
			break;
	}
	frame_mutex_unlock(&vfs_lock);
	return key;
}

/* The operations of a node made without any: it is still synthetic. */
static const struct synth_ops synth_no_ops = { 0 };

/* Make a node @name in @dir (vfs_lock held). */
static int synth_make(struct inode *dir, const char *name, uint32_t mode,
		      const struct synth_ops *ops, void *data, uint64_t key,
		      const struct synth_fill *owner, struct inode **out)
{
	size_t len = strnlen(name, FS_NAME_MAX + 1);
	struct inode *ino;
	int err;

	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	if (len == 0 || len > FS_NAME_MAX)
		return len ? -ENAMETOOLONG : -EINVAL;
	if (dir_find(dir, name, len))
		return -EEXIST;
	ino = inode_alloc_in(dir->sb, mode, owner ? owner->uid : 0,
			     owner ? owner->gid : 0);
	if (!ino)
		return -ENOMEM;
	ino->synth = ops ? ops : &synth_no_ops;
	ino->synth_data = data;
	ino->synth_key = key;
	ino->synth_gen = owner != NULL;
	ino->synth_seen = true;
	err = dir_link_new(dir, name, len, ino);
	if (err)
		return err;
	inode_put(ino); /* the tree holds it through its name */
	if (out)
		*out = ino;
	return 0;
}

static int synth_fill(struct synth_fill *fill, const char *name, uint32_t mode,
		      const struct synth_ops *ops, void *data, uint64_t key)
{
	struct dentry *d =
		dir_find(fill->dir, name, strnlen(name, FS_NAME_MAX + 1));

	if (d) {
		if (!d->inode->synth_gen)
			return -EEXIST;
		d->inode->synth_seen = true;
		/* owner and permissions follow the object's (a process's
		 * setuid, a descriptor reopened with another mode) */
		d->inode->uid = fill->uid;
		d->inode->gid = fill->gid;
		if ((d->inode->mode & S_IFMT) == (mode & S_IFMT))
			d->inode->mode = mode;
		return 0;
	}
	return synth_make(fill->dir, name, mode, ops, data, key, fill, NULL);
}

void synth_fill_owner(struct synth_fill *fill, uint32_t uid, uint32_t gid)
{
	fill->uid = uid;
	fill->gid = gid;
}

int synth_fill_dir(struct synth_fill *fill, const char *name, unsigned int mode,
		   const struct synth_ops *ops, void *data, uint64_t key)
{
	return synth_fill(fill, name, S_IFDIR | (mode & 07777), ops, data, key);
}

int synth_fill_file(struct synth_fill *fill, const char *name,
		    unsigned int mode, const struct synth_ops *ops, void *data,
		    uint64_t key)
{
	return synth_fill(fill, name, S_IFREG | (mode & 07777), ops, data, key);
}

int synth_fill_link(struct synth_fill *fill, const char *name,
		    const struct synth_ops *ops, void *data, uint64_t key)
{
	return synth_fill(fill, name, S_IFLNK | 0777, ops, data, key);
}

int synth_fill_link_mode(struct synth_fill *fill, const char *name,
			 unsigned int mode, const struct synth_ops *ops,
			 void *data, uint64_t key)
{
	return synth_fill(fill, name, S_IFLNK | (mode & 0777), ops, data, key);
}

int synth_fill_chrdev(struct synth_fill *fill, const char *name,
		      unsigned int mode, unsigned int major,
		      unsigned int minor, uint64_t key)
{
	struct dentry *d;
	int err;

	err = synth_fill(fill, name, S_IFCHR | (mode & 07777), NULL, NULL, key);
	if (err)
		return err;
	d = dir_find(fill->dir, name, strnlen(name, FS_NAME_MAX + 1));
	if (!d || !S_ISCHR(d->inode->mode))
		return -EEXIST;
	d->inode->rdev_major = major;
	d->inode->rdev_minor = minor;
	return 0;
}

/* Remove @d from @dir, and first everything below it. */
static void synth_remove(struct inode *dir, struct dentry *d)
{
	struct inode *child = d->inode;

	if (S_ISDIR(child->mode))
		while (child->children)
			synth_remove(child, child->children);
	dir_unlink(dir, d);
}

int synth_populate(struct inode *dir)
{
	struct synth_fill fill = { dir, 0, 0 };
	struct dentry *d, *next;
	int err;

	if (!dir->synth || !dir->synth->populate || dir->dead)
		return 0;
	for (d = dir->children; d; d = d->next)
		d->inode->synth_seen = false;
	err = dir->synth->populate(dir, &fill);
	for (d = dir->children; d; d = next) {
		next = d->next;
		if (d->inode->synth_gen && !d->inode->synth_seen)
			synth_remove(dir, d);
	}
	return err;
}

static int synth_mk(struct inode *parent, const char *name, uint32_t mode,
		    const struct synth_ops *ops, void *data, uint64_t key,
		    struct inode **out)
{
	int err;

	if (!parent)
		return -EINVAL;
	frame_mutex_lock(&vfs_lock);
	err = synth_make(parent, name, mode, ops, data, key, NULL, out);
	frame_mutex_unlock(&vfs_lock);
	return err;
}

int synth_mkdir(struct inode *parent, const char *name, unsigned int mode,
		const struct synth_ops *ops, void *data, uint64_t key,
		struct inode **out)
{
	return synth_mk(parent, name, S_IFDIR | (mode & 07777), ops, data, key,
			out);
}

int synth_mkfile(struct inode *parent, const char *name, unsigned int mode,
		 const struct synth_ops *ops, void *data, uint64_t key,
		 struct inode **out)
{
	return synth_mk(parent, name, S_IFREG | (mode & 07777), ops, data, key,
			out);
}

int synth_mklink(struct inode *parent, const char *name,
		 const struct synth_ops *ops, void *data, uint64_t key,
		 struct inode **out)
{
	return synth_mk(parent, name, S_IFLNK | 0777, ops, data, key, out);
}

int synth_link_target(struct inode *lnk, struct synth_buf *b)
{
	int err;

	if (!lnk->synth || !lnk->synth->link)
		return -ENOENT;
	err = lnk->synth->link(lnk, b);
	if (err == -ENOSPC)
		err = -ENAMETOOLONG;
	if (!err && b->len >= FS_PATH_MAX)
		err = -ENAMETOOLONG;
	if (!err)
		err = synth_write(b, "", 1); /* a C string for the walk */
	if (!err)
		b->len--;
	return err;
}
