/* SPDX-License-Identifier: MIT */
/* ramfs inodes: lifetime, times, directory entries and file pages. */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/page.h>
#include <frame/string.h>
#include <frame/time.h>

#include "lock.h"
#include "vfs.h"

struct frame_mutex vfs_lock = FRAME_MUTEX_INIT(vfs_lock);
struct inode *vfs_root;
static uint64_t inode_next_ino = 1;

/*
 * @refs and @nlink change under inode_ref_lock, so that exactly one
 * caller sees both reach 0 and frees the inode.
 */
static struct frame_spinlock inode_ref_lock = FRAME_SPINLOCK_INIT;

/* The most pages a file may have: its page table must fit one allocation. */
#define INODE_MAX_PAGES (FRAME_ALLOC_MAX / sizeof(struct frame_page *))

struct fs_timespec fs_now(void)
{
	uint64_t ns = frame_clock_realtime_ns();

	return (struct fs_timespec){ (int64_t)(ns / 1000000000u),
				     (int64_t)(ns % 1000000000u) };
}

static size_t fs_nr_inodes, fs_nr_dentries;

void fs_counts(struct fs_counts *out)
{
	out->files = __atomic_load_n(&fs_nr_files, __ATOMIC_RELAXED);
	out->inodes = __atomic_load_n(&fs_nr_inodes, __ATOMIC_RELAXED);
	out->dentries = __atomic_load_n(&fs_nr_dentries, __ATOMIC_RELAXED);
}

struct inode *inode_alloc(uint32_t mode, uint32_t uid, uint32_t gid)
{
	return inode_alloc_in(NULL, mode, uid, gid);
}

struct inode *inode_alloc_in(struct fs_sb *sb, uint32_t mode, uint32_t uid,
			     uint32_t gid)
{
	struct inode *ino = frame_zalloc(sizeof(*ino));

	if (!ino)
		return NULL;
	if (sb) {
		sb_get(sb);
		ino->sb = sb;
	}
	ino->refs = 1;
	__atomic_add_fetch(&fs_nr_inodes, 1, __ATOMIC_RELAXED);
	ino->ino = __atomic_fetch_add(&inode_next_ino, 1, __ATOMIC_RELAXED);
	ino->mode = mode;
	ino->uid = uid;
	ino->gid = gid;
	ino->atime = ino->mtime = ino->ctime = fs_now();
	ino->next_cookie = 2; /* 0 and 1 are "." and ".." */
	return ino;
}

void inode_get(struct inode *ino)
{
	frame_spin_lock(&inode_ref_lock);
	ino->refs++;
	frame_spin_unlock(&inode_ref_lock);
}

static void inode_free(struct inode *ino)
{
	struct inode *parent = NULL;

	if (S_ISDIR(ino->mode) && ino->parent != ino)
		parent = ino->parent;
	size_t freed = 0;

	for (size_t i = 0; i < ino->npages; i++)
		if (ino->pages[i]) {
			frame_page_put(ino->pages[i]);
			freed++;
		}
	space_uncharge(ino->sb, freed);
	frame_free(ino->pages);
	frame_free(ino->target);
	fifo_destroy(ino);
	lock_inode_free(ino);
	if (ino->sb)
		sb_put(ino->sb);
	frame_free(ino);
	__atomic_sub_fetch(&fs_nr_inodes, 1, __ATOMIC_RELAXED);
	if (parent)
		inode_put(parent);
}

uint32_t inode_dev(const struct inode *ino)
{
	return ino->sb ? ino->sb->dev_minor : FS_DEV;
}

void inode_put(struct inode *ino)
{
	bool dead;

	frame_spin_lock(&inode_ref_lock);
	dead = --ino->refs == 0 && ino->nlink == 0;
	frame_spin_unlock(&inode_ref_lock);
	if (dead)
		inode_free(ino);
}

/* Change @ino's link count by @delta; free it if that was the end. */
void inode_nlink_add(struct inode *ino, int delta)
{
	bool dead;

	frame_spin_lock(&inode_ref_lock);
	ino->nlink = (uint32_t)((int)ino->nlink + delta);
	dead = ino->refs == 0 && ino->nlink == 0;
	frame_spin_unlock(&inode_ref_lock);
	if (dead)
		inode_free(ino);
}

void inode_touch(struct inode *ino, bool m, bool c)
{
	struct fs_timespec now = fs_now();

	if (m)
		ino->mtime = now;
	if (c)
		ino->ctime = now;
}

unsigned char vfs_dtype(uint32_t mode)
{
	return (unsigned char)((mode & S_IFMT) >> 12);
}

struct dentry *dir_find(struct inode *dir, const char *name, size_t len)
{
	for (struct dentry *d = dir->children; d; d = d->next)
		if (d->namelen == len && memcmp(d->name, name, len) == 0)
			return d;
	return NULL;
}

bool dir_is_empty(struct inode *dir)
{
	return dir->children == NULL;
}

int dir_link_new(struct inode *dir, const char *name, size_t len,
		 struct inode *ino)
{
	int err;

	if (S_ISDIR(ino->mode))
		ino->nlink = 1; /* its "." */
	err = dir_link(dir, name, len, ino);
	if (err) {
		ino->nlink = 0;
		inode_put(ino);
	}
	return err;
}

int dir_link(struct inode *dir, const char *name, size_t len,
	     struct inode *child)
{
	struct dentry *d, **tail;

	if (len == 0 || len > FS_NAME_MAX)
		return len ? -ENAMETOOLONG : -ENOENT;
	if (dir->dead)
		return -ENOENT;
	d = frame_zalloc(sizeof(*d));
	if (!d)
		return -ENOMEM;
	__atomic_add_fetch(&fs_nr_dentries, 1, __ATOMIC_RELAXED);
	memcpy(d->name, name, len);
	d->namelen = (uint8_t)len;
	d->inode = child;
	d->cookie = dir->next_cookie++;
	for (tail = &dir->children; *tail; tail = &(*tail)->next)
		;
	*tail = d;
	inode_nlink_add(child, 1);
	if (S_ISDIR(child->mode)) {
		struct inode *old = child->parent;

		if (old != dir) {
			inode_get(dir);
			child->parent = dir;
			if (old && old != child)
				inode_put(old);
		}
		inode_nlink_add(dir, 1); /* the child's ".." */
	}
	inode_touch(dir, true, true);
	return 0;
}

/* Remove @d from @dir; the inode is freed here if nothing holds it. */
void dir_unlink(struct inode *dir, struct dentry *d)
{
	struct inode *child = d->inode;
	struct dentry **pp;

	for (pp = &dir->children; *pp != d; pp = &(*pp)->next)
		;
	*pp = d->next;
	frame_free(d);
	__atomic_sub_fetch(&fs_nr_dentries, 1, __ATOMIC_RELAXED);
	inode_touch(child, false, true);
	inode_touch(dir, true, true);
	if (S_ISDIR(child->mode)) {
		child->dead = true;
		inode_nlink_add(dir, -1);
		inode_nlink_add(child, -2); /* its name and its "." */
	} else {
		inode_nlink_add(child, -1);
	}
}

/* Make room for @n page slots (vfs_lock held). */
static int inode_reserve_pages(struct inode *ino, size_t n)
{
	struct frame_page **np;
	size_t cap;

	if (n <= ino->npages)
		return 0;
	if (n > INODE_MAX_PAGES)
		return -EFBIG;
	cap = ino->npages ? ino->npages : 4;
	while (cap < n)
		cap *= 2;
	cap = MIN(cap, (size_t)INODE_MAX_PAGES);
	np = frame_calloc(cap, sizeof(*np));
	if (!np)
		return -ENOMEM;
	if (ino->npages)
		memcpy(np, ino->pages, ino->npages * sizeof(*np));
	frame_free(ino->pages);
	ino->pages = np;
	ino->npages = cap;
	return 0;
}

int inode_get_page(struct inode *ino, uint64_t pgoff, bool create,
		   struct frame_page **out)
{
	int err = 0;

	frame_mutex_lock(&vfs_lock);
	if (pgoff >= INODE_MAX_PAGES) {
		err = -EFBIG;
		goto out;
	}
	if (pgoff >= ino->npages || !ino->pages[pgoff]) {
		if (!create) {
			*out = NULL;
			goto out;
		}
		err = inode_reserve_pages(ino, (size_t)pgoff + 1);
		if (err)
			goto out;
		err = space_charge(ino->sb, 1);
		if (err)
			goto out;
		ino->pages[pgoff] = frame_page_alloc(0, FRAME_PAGE_ZERO);
		if (!ino->pages[pgoff]) {
			space_uncharge(ino->sb, 1);
			err = -ENOMEM;
			goto out;
		}
	}
	frame_page_get(ino->pages[pgoff]);
	*out = ino->pages[pgoff];
out:
	frame_mutex_unlock(&vfs_lock);
	return err;
}

int inode_punch(struct inode *ino, uint64_t off, uint64_t len)
{
	uint64_t end = ino->size;

	if (off >= end)
		return 0;
	if (len < end - off)
		end = off + len;
	while (off < end) {
		uint64_t pg = off / FRAME_PAGE_SIZE;
		size_t in = (size_t)(off % FRAME_PAGE_SIZE);
		size_t n = (size_t)MIN(end - off, (uint64_t)FRAME_PAGE_SIZE - in);
		int err;

		if (pg < ino->npages && ino->pages[pg]) {
			err = frame_page_fill(ino->pages[pg], in, 0, n);
			if (err)
				return err;
		}
		off += n;
	}
	inode_touch(ino, true, true);
	return 0;
}

int inode_allocate(struct inode *ino, uint64_t off, uint64_t len)
{
	uint64_t first = off / FRAME_PAGE_SIZE;
	uint64_t end = (off + len + FRAME_PAGE_SIZE - 1) / FRAME_PAGE_SIZE;
	size_t missing = 0;
	int err;

	if (end > INODE_MAX_PAGES)
		return -EFBIG;
	for (uint64_t i = first; i < end; i++)
		if (i >= ino->npages || !ino->pages[i])
			missing++;
	if (!missing)
		return 0;
	err = space_charge(ino->sb, missing);
	if (err)
		return err;
	err = inode_reserve_pages(ino, (size_t)end);
	for (uint64_t i = first; i < end && !err; i++) {
		if (ino->pages[i])
			continue;
		ino->pages[i] = frame_page_alloc(0, FRAME_PAGE_ZERO);
		if (!ino->pages[i])
			err = -ENOMEM;
		else
			missing--;
	}
	/* pages already given stay with the file (and stay charged) */
	space_uncharge(ino->sb, missing);
	return err;
}

/* vfs_lock held */
int inode_truncate(struct inode *ino, uint64_t size)
{
	uint64_t keep = (size + FRAME_PAGE_SIZE - 1) / FRAME_PAGE_SIZE;
	int err;

	if (keep > INODE_MAX_PAGES)
		return -EFBIG;
	for (size_t i = (size_t)keep; i < ino->npages; i++) {
		if (ino->pages[i]) {
			frame_page_put(ino->pages[i]);
			ino->pages[i] = NULL;
			space_uncharge(ino->sb, 1);
		}
	}
	/* The tail of the last page must read as zeros if the file grows
	 * again. */
	if (size % FRAME_PAGE_SIZE && keep - 1 < ino->npages &&
	    ino->pages[keep - 1]) {
		size_t off = size % FRAME_PAGE_SIZE;

		err = frame_page_fill(ino->pages[keep - 1], off, 0,
				      FRAME_PAGE_SIZE - off);
		if (err)
			return err;
	}
	ino->size = size;
	inode_touch(ino, true, true);
	return 0;
}

ssize_t inode_read_kernel(struct inode *ino, uint64_t off, void *buf, size_t n)
{
	size_t done = 0;
	uint64_t size;

	frame_mutex_lock(&vfs_lock);
	size = ino->size;
	frame_mutex_unlock(&vfs_lock);
	if (off >= size)
		return 0;
	n = (size_t)MIN((uint64_t)n, size - off);
	while (done < n) {
		uint64_t pos = off + done;
		size_t in = (size_t)(pos % FRAME_PAGE_SIZE);
		size_t chunk = MIN(n - done, FRAME_PAGE_SIZE - in);
		struct frame_page *pg;
		int err =
			inode_get_page(ino, pos / FRAME_PAGE_SIZE, false, &pg);

		if (err)
			return done ? (ssize_t)done : err;
		if (pg) {
			err = frame_page_read(pg, in, buf + done, chunk);
			frame_page_put(pg);
			if (err)
				return err;
		} else {
			memset(buf + done, 0, chunk);
		}
		done += chunk;
	}
	return (ssize_t)done;
}

void inode_wrote(struct inode *ino, uint64_t end)
{
	frame_mutex_lock(&vfs_lock);
	if (end > ino->size)
		ino->size = end;
	inode_touch(ino, true, true);
	frame_mutex_unlock(&vfs_lock);
}

ssize_t inode_write_kernel(struct inode *ino, uint64_t off, const void *buf,
			   size_t n)
{
	size_t done = 0;

	while (done < n) {
		uint64_t pos = off + done;
		size_t in = (size_t)(pos % FRAME_PAGE_SIZE);
		size_t chunk = MIN(n - done, FRAME_PAGE_SIZE - in);
		struct frame_page *pg;
		int err = inode_get_page(ino, pos / FRAME_PAGE_SIZE, true, &pg);

		if (err)
			return done ? (ssize_t)done : err;
		err = frame_page_write(pg, in, buf + done, chunk);
		frame_page_put(pg);
		if (err)
			return err;
		done += chunk;
	}
	inode_wrote(ino, off + done);
	return (ssize_t)done;
}
