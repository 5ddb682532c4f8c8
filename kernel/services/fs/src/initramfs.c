/* SPDX-License-Identifier: MIT */
/* Unpacking the initramfs: gzip or plain cpio newc archives, one after the
 * other, into the root. */
#include <cpio/cpio.h>
#include <frame/boot.h>
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/log.h>
#include <frame/string.h>
#include <inflate/inflate.h>

#include "initramfs.h"
#include "vfs.h"

/* Hard links: archive inode numbers seen with nlink > 1. */
struct unpack_link {
	uint32_t ino, major, minor;
	struct inode *inode; /* referenced */
};

struct unpack {
	struct unpack_link *links;
	size_t nlinks, cap;
};

static const struct fs_ident unpack_root = { 0, 0, NULL };

/* The directory that will hold @name (made as needed), and the last
 * component; vfs_lock held. *@dir referenced. */
static int unpack_parent(const char *name, struct inode **dir,
			 const char **last, size_t *lastlen)
{
	struct inode *cur = vfs_root;
	const char *p = name;
	int err;

	inode_get(cur);
	for (;;) {
		size_t len = 0;
		struct dentry *d;
		struct inode *next;

		while (*p == '/')
			p++;
		while (p[len] && p[len] != '/')
			len++;
		if (p[len] == '\0' || (p[len] == '/' && p[len + 1] == '\0')) {
			*dir = cur;
			*last = p;
			*lastlen = len;
			return len ? 0 : -EINVAL;
		}
		if (len > FS_NAME_MAX) {
			err = -ENAMETOOLONG;
			goto out_put;
		}
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			err = -EINVAL; /* no escaping the root */
			goto out_put;
		}
		if (len == 1 && p[0] == '.') {
			p += len;
			continue;
		}
		d = dir_find(cur, p, len);
		if (d) {
			next = d->inode;
			if (!S_ISDIR(next->mode)) {
				err = -ENOTDIR;
				goto out_put;
			}
			inode_get(next);
		} else {
			err = vfs_create_locked(cur, p, len, S_IFDIR | 0755,
						&unpack_root, &next);
			if (err)
				goto out_put;
		}
		inode_put(cur);
		cur = next;
		p += len;
	}
out_put:
	inode_put(cur);
	return err;
}

static struct unpack_link *unpack_find_link(struct unpack *u,
					    const struct cpio_entry *e)
{
	for (size_t i = 0; i < u->nlinks; i++)
		if (u->links[i].ino == e->ino &&
		    u->links[i].major == e->devmajor &&
		    u->links[i].minor == e->devminor)
			return &u->links[i];
	return NULL;
}

static int unpack_add_link(struct unpack *u, const struct cpio_entry *e,
			   struct inode *ino)
{
	if (u->nlinks == u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 16;
		struct unpack_link *n = frame_calloc(cap, sizeof(*n));

		if (!n)
			return -ENOMEM;
		if (u->nlinks)
			memcpy(n, u->links, u->nlinks * sizeof(*n));
		frame_free(u->links);
		u->links = n;
		u->cap = cap;
	}
	inode_get(ino);
	u->links[u->nlinks++] =
		(struct unpack_link){ e->ino, e->devmajor, e->devminor, ino };
	return 0;
}

static void unpack_forget_links(struct unpack *u)
{
	for (size_t i = 0; i < u->nlinks; i++)
		inode_put(u->links[i].inode);
	u->nlinks = 0;
}

/* One member; vfs_lock held. */
static int unpack_entry(struct unpack *u, const struct cpio_entry *e)
{
	uint32_t type = e->mode & S_IFMT, perm = e->mode & 07777;
	struct inode *dir, *ino = NULL;
	struct unpack_link *l;
	struct dentry *d;
	const char *last;
	size_t lastlen;
	int err;

	if (strncmp(e->name, ".", 2) == 0 || strncmp(e->name, "./", 3) == 0 ||
	    strncmp(e->name, "/", 2) == 0)
		return 0; /* the root itself */
	err = unpack_parent(e->name, &dir, &last, &lastlen);
	if (err)
		return err;
	d = dir_find(dir, last, lastlen);
	if (type == S_IFDIR) {
		if (d && S_ISDIR(d->inode->mode)) {
			ino = d->inode;
			inode_get(ino);
		} else {
			if (d)
				dir_unlink(dir, d);
			err = vfs_create_locked(dir, last, lastlen,
						S_IFDIR | perm, &unpack_root,
						&ino);
		}
		goto attrs;
	}
	/* Anything else replaces what was there (a later archive wins). */
	if (d) {
		if (S_ISDIR(d->inode->mode) && !dir_is_empty(d->inode)) {
			err = -EEXIST;
			goto out_put_dir;
		}
		dir_unlink(dir, d);
	}
	l = (type == S_IFREG && e->nlink > 1) ? unpack_find_link(u, e) : NULL;
	if (l) {
		ino = l->inode;
		inode_get(ino);
		err = dir_link(dir, last, lastlen, ino);
	} else if (type == S_IFREG || type == S_IFLNK || type == S_IFCHR ||
		   type == S_IFBLK || type == S_IFIFO || type == S_IFSOCK) {
		err = vfs_create_locked(dir, last, lastlen, type | perm,
					&unpack_root, &ino);
		if (!err && type == S_IFREG && e->nlink > 1)
			err = unpack_add_link(u, e, ino);
	} else {
		err = -EINVAL;
	}
	if (err)
		goto out_put;
	if (type == S_IFLNK) {
		ino->target = frame_alloc(e->filesize + 1);
		if (!ino->target || e->filesize == 0 ||
		    e->filesize >= FS_PATH_MAX) {
			err = ino->target ? -EINVAL : -ENOMEM;
			goto out_put;
		}
		memcpy(ino->target, e->data, e->filesize);
		ino->target[e->filesize] = '\0';
		ino->size = e->filesize;
	} else if (type == S_IFREG && e->filesize) {
		/* inode_write_kernel() takes vfs_lock itself */
		frame_mutex_unlock(&vfs_lock);
		ssize_t n = inode_write_kernel(ino, 0, e->data, e->filesize);
		frame_mutex_lock(&vfs_lock);
		if (n < 0 || (size_t)n != e->filesize) {
			err = n < 0 ? (int)n : -EIO;
			goto out_put;
		}
	} else if (type == S_IFCHR || type == S_IFBLK) {
		ino->rdev_major = e->rdevmajor;
		ino->rdev_minor = e->rdevminor;
	}
attrs:
	if (!err) {
		ino->mode = type | perm;
		ino->uid = e->uid;
		ino->gid = e->gid;
		ino->mtime = (struct fs_timespec){ e->mtime, 0 };
	}
out_put:
	if (ino)
		inode_put(ino);
out_put_dir:
	inode_put(dir);
	return err;
}

int fs_unpack_cpio(const uint8_t *buf, size_t len, size_t *used)
{
	struct unpack u = { 0 };
	struct cpio_reader r;
	struct cpio_entry e;
	int rc;

	cpio_reader_init(&r, buf, len);
	frame_mutex_lock(&vfs_lock);
	while ((rc = cpio_next(&r, &e)) == 1) {
		rc = unpack_entry(&u, &e);
		if (rc) {
			log_error("initramfs: could not unpack '%s': %d",
				  e.name, rc);
			break;
		}
	}
	frame_mutex_unlock(&vfs_lock);
	unpack_forget_links(&u);
	frame_free(u.links);
	*used = cpio_reader_offset(&r);
	return rc;
}

/* The growable output of gzip members, up to FRAME_ALLOC_MAX. */
struct unpack_out {
	struct inflate_out out;
};

static int unpack_grow(struct inflate_out *o, size_t want)
{
	size_t cap = o->cap ? o->cap : 65536;
	uint8_t *nb;

	while (cap < want)
		cap *= 2;
	cap = MIN(cap, (size_t)FRAME_ALLOC_MAX);
	if (cap < want)
		return -EFBIG;
	nb = frame_alloc(cap);
	if (!nb)
		return -ENOMEM;
	if (o->len)
		memcpy(nb, o->buf, o->len);
	frame_free(o->buf);
	o->buf = nb;
	o->cap = cap;
	return 0;
}

int fs_unpack_buffer(const uint8_t *buf, size_t len)
{
	size_t off = 0;
	int err = 0;

	while (off < len) {
		size_t used = 0;

		if (buf[off] == 0) {
			off++; /* padding between archives */
			continue;
		}
		if (gzip_is_gzip(buf + off, len - off)) {
			struct inflate_out o = { .grow = unpack_grow,
						 .limit = FRAME_ALLOC_MAX };
			size_t dummy;

			err = gzip_decompress(buf + off, len - off, &o, &used);
			if (!err)
				err = fs_unpack_cpio(o.buf, o.len, &dummy);
			frame_free(o.buf);
		} else {
			err = fs_unpack_cpio(buf + off, len - off, &used);
			if (!err && used == 0)
				err = -EINVAL;
		}
		if (err)
			return err;
		off += used;
	}
	return 0;
}

int fs_unpack_initramfs(void)
{
	const struct frame_boot_module *m = frame_boot_initramfs();
	uint64_t size;
	uint8_t *buf;
	ssize_t n;
	int err;

	if (!m)
		return 0;
	size = frame_boot_module_size(m);
	if (size == 0)
		return 0;
	if (!vfs_root)
		return -ENOENT;
	if (size > FRAME_ALLOC_MAX) {
		log_error("initramfs: %llu bytes is more than the %lu this "
			  "kernel unpacks",
			  (unsigned long long)size,
			  (unsigned long)FRAME_ALLOC_MAX);
		return -EFBIG;
	}
	buf = frame_alloc((size_t)size);
	if (!buf)
		return -ENOMEM;
	n = frame_boot_module_read(m, 0, buf, (size_t)size);
	if (n < 0 || (uint64_t)n != size) {
		err = n < 0 ? (int)n : -EIO;
		goto out;
	}
	err = fs_unpack_buffer(buf, (size_t)size);
	if (err)
		log_error("initramfs: malformed archive: %d", err);
out:
	frame_free(buf);
	return err;
}
