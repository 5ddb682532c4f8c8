/* SPDX-License-Identifier: MIT */
/* mmap of fs files: the mm_backing over a ramfs inode, and mm's resolver. */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/page.h>
#include <mm/mm.h>

#include "vfs.h"

/* One per mapping request: holds the inode while any mapping uses it. */
struct fs_backing {
	struct mm_backing mb;
	uint32_t refs;
	struct inode *ino;
};

static struct fs_backing *fs_backing_of(struct mm_backing *b)
{
	return container_of(b, struct fs_backing, mb);
}

static int fs_backing_get_page(struct mm_backing *b, uint64_t pgoff,
			       struct frame_page **out)
{
	struct inode *ino = fs_backing_of(b)->ino;
	uint64_t size;

	frame_mutex_lock(&vfs_lock);
	size = ino->size;
	frame_mutex_unlock(&vfs_lock);
	/* A page wholly past the end is SIGBUS, as on Linux. */
	if (pgoff >= (size + FRAME_PAGE_SIZE - 1) / FRAME_PAGE_SIZE)
		return -EIO;
	return inode_get_page(ino, pgoff, true, out);
}

static void fs_backing_get(struct mm_backing *b)
{
	__atomic_fetch_add(&fs_backing_of(b)->refs, 1, __ATOMIC_RELAXED);
}

static void fs_backing_put(struct mm_backing *b)
{
	struct fs_backing *fb = fs_backing_of(b);

	if (__atomic_sub_fetch(&fb->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	inode_put(fb->ino);
	frame_free(fb);
}

static int fs_backing_describe(struct mm_backing *b, char *buf, size_t size,
			       uint32_t *dev, uint64_t *ino)
{
	struct inode *i = fs_backing_of(b)->ino;
	int n;

	frame_mutex_lock(&vfs_lock);
	n = inode_path_locked(i, buf, size);
	*ino = i->ino;
	frame_mutex_unlock(&vfs_lock);
	*dev = inode_dev(i);
	return n < 0 ? n : 0;
}

static const struct mm_backing_ops fs_backing_ops = {
	.get_page = fs_backing_get_page,
	.get = fs_backing_get,
	.put = fs_backing_put,
	.describe = fs_backing_describe,
};

struct mm_backing *fs_backing_create(struct inode *ino)
{
	struct fs_backing *fb = frame_zalloc(sizeof(*fb));

	if (!fb)
		return NULL;
	fb->mb.ops = &fs_backing_ops;
	fb->refs = 1;
	inode_get(ino);
	fb->ino = ino;
	return &fb->mb;
}

/*
 * mmap(fd): the descriptor must have RIGHT_MAP and RIGHT_READ (EACCES,
 * as Linux for a write-only descriptor), and RIGHT_WRITE for a shared
 * writable mapping; an executable mapping of a file on a noexec mount is
 * EPERM, as Linux.
 */
static int fs_resolve(int fd, unsigned int prot, unsigned int flags,
		      struct mm_backing **out, bool *anon)
{
	unsigned int need = RIGHT_MAP | RIGHT_READ;
	struct mm_backing *b;
	struct file *f;
	int err;

	if ((flags & MAP_TYPE) != MAP_PRIVATE && (prot & PROT_WRITE))
		need |= RIGHT_WRITE;
	err = fd_get_or(fd_table_current(), fd, need, -EACCES, &f);
	if (err)
		return err;
	*anon = false;
	if ((prot & PROT_EXEC) && f->mnt && (mnt_flags(f->mnt) & MS_NOEXEC)) {
		file_put(f);
		return -EPERM;
	}
	if (dev_is_zero(f)) {
		*anon = true;
		file_put(f);
		return 0;
	}
	b = file_backing(f);
	file_put(f);
	if (!b)
		return -ENODEV;
	*out = b;
	return 0;
}

/* for the rights ktests */
int fs_resolve_for_test(int fd, unsigned int prot, unsigned int flags,
			struct mm_backing **out, bool *anon);
int fs_resolve_for_test(int fd, unsigned int prot, unsigned int flags,
			struct mm_backing **out, bool *anon)
{
	return fs_resolve(fd, prot, flags, out, anon);
}

static const struct mm_file_resolver fs_resolver = { .resolve = fs_resolve };

int fs_mmap_init(void)
{
	mm_set_file_resolver(&fs_resolver);
	return 0;
}
