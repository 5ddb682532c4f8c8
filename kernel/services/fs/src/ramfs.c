/* SPDX-License-Identifier: MIT */
/* ramfs file operations: regular files in pages, directories, O_PATH. */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/page.h>
#include <frame/string.h>
#include <frame/user.h>
#include <signal/signal.h>

#include <fs/synth.h>

#include "vfs.h"

static uint64_t ramfs_size(struct inode *ino)
{
	uint64_t size;

	frame_mutex_lock(&vfs_lock);
	size = ino->size;
	frame_mutex_unlock(&vfs_lock);
	return size;
}

/* The largest file: what the page table of an inode can hold. */
#define RAMFS_MAX_SIZE \
	((uint64_t)(FRAME_ALLOC_MAX / sizeof(void *)) * FRAME_PAGE_SIZE)

/* SIGXFSZ for the writer that reached RLIMIT_FSIZE. */
static void fs_raise_sigxfsz(void)
{
	struct sig_thread *t = sig_thread_current();
	struct ksiginfo info;

	if (!t)
		return;
	ksiginfo_init(&info, SIGXFSZ, SI_USER);
	(void)signal_send_thread(t, &info);
}

static ssize_t ramfs_reg_read(struct file *f, struct vm_writer *w,
			      uint64_t *pos)
{
	struct inode *ino = f->inode;
	uint64_t size = ramfs_size(ino), off = *pos;
	size_t n, done = 0;

	if (off >= size)
		return 0;
	n = (size_t)MIN((uint64_t)vm_writer_remain(w), size - off);
	while (done < n) {
		uint64_t p = off + done;
		size_t in = (size_t)(p % FRAME_PAGE_SIZE);
		size_t chunk = MIN(n - done, FRAME_PAGE_SIZE - in);
		size_t before = vm_writer_remain(w);
		struct frame_page *pg;
		int err = inode_get_page(ino, p / FRAME_PAGE_SIZE, false, &pg);

		if (!err && pg) {
			err = vm_writer_write_from_page(w, pg, in, chunk);
			frame_page_put(pg);
		} else if (!err) {
			err = vm_writer_fill(w, 0, chunk);
		}
		if (err) {
			done += before - vm_writer_remain(w);
			if (!done)
				return err;
			break;
		}
		done += chunk;
	}
	*pos = off + done;
	return (ssize_t)done;
}

/*
 * Where a write of @n bytes at *@pos starts (the end under O_APPEND) and
 * how much of it the size limits let through: 0 and *@off, *@n set, or
 * -EFBIG (with SIGXFSZ when RLIMIT_FSIZE is the limit).
 */
static int ramfs_write_span(struct file *f, const uint64_t *pos, uint64_t *off,
			    size_t *n)
{
	uint64_t max = MIN(RAMFS_MAX_SIZE, fs_fsize_limit());

	*off = (file_flags(f) & O_APPEND) ? ramfs_size(f->inode) : *pos;
	if (*n == 0)
		return 0;
	if (*off >= max) {
		if (max < RAMFS_MAX_SIZE)
			fs_raise_sigxfsz();
		return -EFBIG;
	}
	*n = (size_t)MIN((uint64_t)*n, max - *off);
	return 0;
}

static ssize_t ramfs_reg_write_kernel(struct file *f, uint8_t *buf, size_t n,
				      uint64_t *pos)
{
	uint64_t off;
	ssize_t ret;
	int err = ramfs_write_span(f, pos, &off, &n);

	if (err || n == 0)
		return err;
	ret = inode_write_kernel(f->inode, off, buf, n);
	if (ret > 0)
		*pos = off + (uint64_t)ret;
	return ret;
}

static ssize_t ramfs_reg_write(struct file *f, struct vm_reader *r,
			       uint64_t *pos)
{
	struct inode *ino = f->inode;
	size_t n = vm_reader_remain(r), done = 0;
	uint64_t off;
	int err0 = ramfs_write_span(f, pos, &off, &n);

	if (err0 || n == 0)
		return err0;
	while (done < n) {
		uint64_t p = off + done;
		size_t in = (size_t)(p % FRAME_PAGE_SIZE);
		size_t chunk = MIN(n - done, FRAME_PAGE_SIZE - in);
		size_t before = vm_reader_remain(r);
		struct frame_page *pg;
		int err = inode_get_page(ino, p / FRAME_PAGE_SIZE, true, &pg);

		if (!err) {
			err = vm_reader_read_to_page(r, pg, in, chunk);
			frame_page_put(pg);
			if (err)
				done += before - vm_reader_remain(r);
		}
		if (err) {
			if (!done)
				return err;
			break;
		}
		done += chunk;
	}
	inode_wrote(ino, off + done);
	*pos = off + done;
	return (ssize_t)done;
}

static int64_t ramfs_llseek(struct file *f, int64_t off, int whence,
			    uint64_t *pos)
{
	int64_t base, size = (int64_t)ramfs_size(f->inode);

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)*pos;
		break;
	case SEEK_END:
		base = size;
		break;
	case SEEK_DATA:
	case SEEK_HOLE:
		/* No holes are reported: the data runs to the end. */
		if (off < 0 || off >= size)
			return -ENXIO;
		*pos = (uint64_t)(whence == SEEK_DATA ? off : size);
		return (int64_t)*pos;
	default:
		return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	*pos = (uint64_t)(base + off);
	return (int64_t)*pos;
}

static struct mm_backing *ramfs_reg_backing(struct file *f)
{
	return fs_backing_create(f->inode);
}

const struct file_ops ramfs_reg_ops = {
	.read = ramfs_reg_read,
	.write = ramfs_reg_write,
	.llseek = ramfs_llseek,
	.backing = ramfs_reg_backing,
	.write_kernel = ramfs_reg_write_kernel,
};

/* Append one linux_dirent64 to @buf; false when it does not fit. */
static bool dirent_put(uint8_t *buf, size_t cap, size_t *len, uint64_t ino,
		       uint64_t next, unsigned char type, const char *name,
		       size_t namelen)
{
	size_t reclen = ALIGN_UP(19 + namelen + 1, (size_t)8);
	uint8_t *p = buf + *len;
	uint16_t rl = (uint16_t)reclen;

	if (cap - *len < reclen)
		return false;
	memset(p, 0, reclen);
	memcpy(p, &ino, 8);
	memcpy(p + 8, &next, 8);
	memcpy(p + 16, &rl, 2);
	p[18] = type;
	memcpy(p + 19, name, namelen);
	*len += reclen;
	return true;
}

static ssize_t ramfs_getdents(struct file *f, struct vm_writer *w,
			      uint64_t *pos)
{
	struct inode *dir = f->inode;
	size_t cap = MIN(vm_writer_remain(w), (size_t)65536), len = 0;
	uint64_t cur = *pos;
	uint8_t *buf;
	int err;

	if (cap == 0)
		return -EINVAL;
	buf = frame_alloc(cap);
	if (!buf)
		return -ENOMEM;
	frame_mutex_lock(&vfs_lock);
	err = synth_populate(dir);
	if (err) {
		frame_mutex_unlock(&vfs_lock);
		frame_free(buf);
		return err;
	}
	if (cur == 0) {
		if (!dirent_put(buf, cap, &len, dir->ino, 1, DT_DIR, ".", 1))
			goto full;
		cur = 1;
	}
	if (cur == 1) {
		struct inode *up = dir->parent ? dir->parent : dir;

		if (!dirent_put(buf, cap, &len, up->ino, 2, DT_DIR, "..", 2))
			goto full;
		cur = 2;
	}
	for (struct dentry *d = dir->children; d; d = d->next) {
		if (d->cookie < cur)
			continue;
		if (!dirent_put(buf, cap, &len, d->inode->ino, d->cookie + 1,
				vfs_dtype(d->inode->mode), d->name, d->namelen))
			goto full;
		cur = d->cookie + 1;
	}
	cur = UINT64_MAX >> 1; /* the end, stable under later additions */
full:
	dir->atime = fs_now();
	frame_mutex_unlock(&vfs_lock);
	if (len == 0 && cur != UINT64_MAX >> 1) {
		frame_free(buf);
		return -EINVAL; /* the next entry does not fit */
	}
	err = vm_writer_write(w, buf, len);
	frame_free(buf);
	if (err)
		return err;
	*pos = cur;
	return (ssize_t)len;
}

static int64_t ramfs_dir_llseek(struct file *f, int64_t off, int whence,
				uint64_t *pos)
{
	(void)f;
	if (whence != SEEK_SET && whence != SEEK_CUR)
		return -EINVAL;
	if (whence == SEEK_CUR)
		off += (int64_t)*pos;
	if (off < 0)
		return -EINVAL;
	*pos = (uint64_t)off;
	return off;
}

const struct file_ops ramfs_dir_ops = {
	.getdents = ramfs_getdents,
	.llseek = ramfs_dir_llseek,
};

const struct file_ops ramfs_path_ops = { 0 };
