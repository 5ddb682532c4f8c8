/* SPDX-License-Identifier: MIT */
/* Unpacking the initramfs: cpio newc archives, gzip-compressed or not, one
 * after the other, streamed into the root (no size limit on the output). */
#include <cpio/cpio.h>
#include <frame/boot.h>
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/log.h>
#include <frame/string.h>
#include <inflate/inflate.h>

#include "initramfs.h"
#include "vfs.h"

#define UNPACK_CHUNK 65536u

/* Hard links: archive inode numbers seen with nlink > 1. */
struct unpack_link {
	uint32_t ino, major, minor;
	struct inode *inode; /* referenced */
};

/* Where the archive bytes come from: a boot module or memory. */
struct unpack_src {
	const struct frame_boot_module *m;
	const uint8_t *mem;
	uint64_t size;
};

struct unpack {
	struct cpio_sink sink;
	struct cpio_stream cs;
	bool in_archive; /* cs is inside an archive (gzip contents) */
	struct inflate_out out;
	/* the member being written */
	struct inode *cur; /* referenced, or NULL (skipped) */
	uint32_t type, perm;
	struct cpio_entry e; /* its numbers (name not kept) */
	uint64_t woff;
	char *target;
	/* hard links */
	struct unpack_link *links;
	size_t nlinks, cap;
};

static const struct fs_ident unpack_root = { 0, 0, NULL };

static ssize_t unpack_read(const struct unpack_src *s, uint64_t off,
			   uint8_t *buf, size_t n)
{
	if (off >= s->size)
		return 0;
	n = (size_t)MIN((uint64_t)n, s->size - off);
	if (s->mem) {
		memcpy(buf, s->mem + off, n);
		return (ssize_t)n;
	}
	return frame_boot_module_read(s->m, off, buf, n);
}

/* The directory that will hold @name (made as needed), and the last
 * component; vfs_lock held. *@dir referenced. */
static int unpack_parent(const char *name, struct inode **dir,
			 const char **last, size_t *lastlen)
{
	struct inode *cur = vfs_root;
	struct mount *m = mnt_root();
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
		if (len > FS_NAME_MAX) {
			err = -ENAMETOOLONG;
			goto out_put;
		}
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			err = -EINVAL; /* no escaping the root */
			goto out_put;
		}
		if (p[len] == '\0' || (p[len] == '/' && p[len + 1] == '\0')) {
			*dir = cur;
			*last = p;
			*lastlen = len;
			return 0;
		}
		if (len == 1 && p[0] == '.') {
			p += len;
			continue;
		}
		d = dir_find(cur, p, len);
		if (d) {
			next = d->inode;
			/* into what is mounted there (/dev's devtmpfs) */
			m = mnt_cross_down(m, &next);
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

/* Make the inode for member @e in @dir under the name @last (vfs_lock
 * held); *@out referenced. A later member replaces an earlier one. */
static int unpack_make(struct unpack *u, const struct cpio_entry *e,
		       struct inode *dir, const char *last, size_t lastlen,
		       struct inode **out)
{
	uint32_t type = e->mode & S_IFMT, perm = e->mode & 07777;
	struct dentry *d = dir_find(dir, last, lastlen);
	struct unpack_link *l;
	int err;

	if (type == S_IFDIR && d && S_ISDIR(d->inode->mode)) {
		*out = d->inode;
		inode_get(*out);
		return 0;
	}
	if (d) {
		if (S_ISDIR(d->inode->mode) && !dir_is_empty(d->inode))
			return -EEXIST;
		dir_unlink(dir, d);
	}
	if (type != S_IFREG && type != S_IFDIR && type != S_IFLNK &&
	    type != S_IFCHR && type != S_IFBLK && type != S_IFIFO &&
	    type != S_IFSOCK)
		return -EINVAL;
	l = (type == S_IFREG && e->nlink > 1) ? unpack_find_link(u, e) : NULL;
	if (l) {
		*out = l->inode;
		inode_get(*out);
		return dir_link(dir, last, lastlen, *out);
	}
	err = vfs_create_locked(dir, last, lastlen, type | perm, &unpack_root,
				out);
	if (!err && type == S_IFREG && e->nlink > 1)
		err = unpack_add_link(u, e, *out);
	return err;
}

static int unpack_begin(struct cpio_sink *s, const struct cpio_entry *e)
{
	struct unpack *u = container_of(s, struct unpack, sink);
	struct inode *dir;
	const char *last;
	size_t lastlen;
	int err;

	u->cur = NULL;
	u->e = *e;
	u->e.name = NULL;
	u->type = e->mode & S_IFMT;
	u->perm = e->mode & 07777;
	u->woff = 0;
	if (strncmp(e->name, ".", 2) == 0 || strncmp(e->name, "./", 3) == 0 ||
	    strncmp(e->name, "/", 2) == 0)
		return 0; /* the root itself: nothing to make */
	frame_free(u->target);
	u->target = NULL;
	if (u->type == S_IFLNK) {
		if (e->filesize == 0 || e->filesize >= FS_PATH_MAX)
			return -EINVAL;
		u->target = frame_zalloc(e->filesize + 1);
		if (!u->target)
			return -ENOMEM;
	}
	frame_mutex_lock(&vfs_lock);
	err = unpack_parent(e->name, &dir, &last, &lastlen);
	if (!err) {
		err = lastlen ? unpack_make(u, e, dir, last, lastlen, &u->cur)
			      : 0;
		inode_put(dir);
	}
	frame_mutex_unlock(&vfs_lock);
	if (err)
		log_error("initramfs: could not unpack '%s': %d", e->name, err);
	return err;
}

static int unpack_data(struct cpio_sink *s, const uint8_t *p, size_t n)
{
	struct unpack *u = container_of(s, struct unpack, sink);
	ssize_t w;

	if (!u->cur)
		return 0;
	if (u->type == S_IFLNK) {
		memcpy(u->target + u->woff, p, n);
	} else if (u->type == S_IFREG) {
		w = inode_write_kernel(u->cur, u->woff, p, n);
		if (w < 0)
			return (int)w;
		if ((size_t)w != n)
			return -EIO;
	}
	u->woff += n;
	return 0;
}

static int unpack_end(struct cpio_sink *s)
{
	struct unpack *u = container_of(s, struct unpack, sink);
	struct inode *ino = u->cur;

	if (!ino)
		return 0;
	frame_mutex_lock(&vfs_lock);
	if (u->type == S_IFLNK) {
		frame_free(ino->target);
		ino->target = u->target;
		ino->size = u->e.filesize;
		u->target = NULL;
	} else if (u->type == S_IFCHR || u->type == S_IFBLK) {
		ino->rdev_major = u->e.rdevmajor;
		ino->rdev_minor = u->e.rdevminor;
	}
	ino->mode = u->type | u->perm;
	ino->uid = u->e.uid;
	ino->gid = u->e.gid;
	ino->mtime = (struct fs_timespec){ u->e.mtime, 0 };
	frame_mutex_unlock(&vfs_lock);
	inode_put(ino);
	u->cur = NULL;
	return 0;
}

/* The contents of a gzip member: archives, with NUL padding between. */
static int unpack_gz_sink(struct inflate_out *o, const uint8_t *p, size_t n)
{
	struct unpack *u = container_of(o, struct unpack, out);

	while (n) {
		ssize_t used;

		if (!u->in_archive) {
			if (*p == 0) {
				p++;
				n--;
				continue;
			}
			cpio_stream_init(&u->cs, &u->sink);
			u->in_archive = true;
		}
		used = cpio_stream_feed(&u->cs, p, n);
		if (used < 0)
			return (int)used;
		p += used;
		n -= (size_t)used;
		if (cpio_stream_done(&u->cs))
			u->in_archive = false;
	}
	return 0;
}

/* One gzip member at @off: it must fit one allocation compressed. */
static int unpack_gzip(struct unpack *u, const struct unpack_src *src,
		       uint64_t off, uint64_t *next)
{
	size_t n = (size_t)MIN(src->size - off, (uint64_t)FRAME_ALLOC_MAX);
	uint8_t *in = frame_alloc(n);
	size_t used = 0;
	ssize_t r;
	int err;

	if (!in)
		return -ENOMEM;
	r = unpack_read(src, off, in, n);
	if (r < 0 || (size_t)r != n) {
		err = r < 0 ? (int)r : -EIO;
		goto out_free;
	}
	u->in_archive = false;
	u->out.len = 0;
	u->out.emitted = 0;
	err = gzip_decompress(in, n, &u->out, &used);
	if (!err && u->in_archive && !cpio_stream_between(&u->cs))
		err = -EINVAL; /* the last archive is cut short */
	*next = off + used;
out_free:
	frame_free(in);
	return err;
}

/* One plain archive at @off, read in chunks up to its trailer. */
static int unpack_plain(struct unpack *u, const struct unpack_src *src,
			uint8_t *chunk, uint64_t off, uint64_t *next)
{
	cpio_stream_init(&u->cs, &u->sink);
	while (!cpio_stream_done(&u->cs)) {
		ssize_t r = unpack_read(src, off, chunk, UNPACK_CHUNK);
		ssize_t used;

		if (r < 0)
			return (int)r;
		if (r == 0)
			return cpio_stream_between(&u->cs) ? 0 : -EINVAL;
		used = cpio_stream_feed(&u->cs, chunk, (size_t)r);
		if (used < 0)
			return (int)used;
		off += (uint64_t)used;
	}
	*next = off;
	return 0;
}

static int unpack_src(const struct unpack_src *src)
{
	struct unpack *u = frame_zalloc(sizeof(*u));
	uint8_t *chunk = frame_alloc(UNPACK_CHUNK);
	uint64_t off = 0;
	int err = -ENOMEM;

	if (!u || !chunk)
		goto out_free;
	u->sink.begin = unpack_begin;
	u->sink.data = unpack_data;
	u->sink.end = unpack_end;
	u->out.buf = frame_alloc(INFLATE_WINDOW_MIN);
	if (!u->out.buf)
		goto out_free;
	u->out.cap = INFLATE_WINDOW_MIN;
	u->out.sink = unpack_gz_sink;
	err = 0;
	while (!err && off < src->size) {
		ssize_t r = unpack_read(src, off, chunk, 3);
		uint64_t next = src->size;

		if (r < 0) {
			err = (int)r;
			break;
		}
		if (chunk[0] == 0) {
			off++; /* padding between archives */
			continue;
		}
		if (gzip_is_gzip(chunk, (size_t)r))
			err = unpack_gzip(u, src, off, &next);
		else
			err = unpack_plain(u, src, chunk, off, &next);
		off = next;
	}
	if (u->cur)
		inode_put(u->cur);
	frame_free(u->target);
	unpack_forget_links(u);
	frame_free(u->links);
	frame_free(u->out.buf);
out_free:
	frame_free(chunk);
	frame_free(u);
	return err;
}

int fs_unpack_buffer(const uint8_t *buf, size_t len)
{
	struct unpack_src src = { .mem = buf, .size = len };

	if (!vfs_root)
		return -ENOENT;
	return unpack_src(&src);
}

int fs_unpack_initramfs(void)
{
	struct unpack_src src = { .m = frame_boot_initramfs() };
	int err;

	if (!src.m)
		return 0;
	src.size = frame_boot_module_size(src.m);
	if (src.size == 0)
		return 0;
	if (!vfs_root)
		return -ENOENT;
	err = unpack_src(&src);
	if (err)
		log_error("initramfs: unpacking stopped: %d (a gzip member "
			  "must be at most %lu bytes compressed)",
			  err, (unsigned long)FRAME_ALLOC_MAX);
	return err;
}
