/* SPDX-License-Identifier: MIT */
/* The common read and write path: positions, locks, paths from user space. */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/user.h>

#include "sys_util.h"

int fs_path_get(uint64_t uptr, char **out)
{
	char *p = frame_alloc(FS_PATH_MAX);
	int err;

	if (!p)
		return -ENOMEM;
	err = fs_copy_path(uptr, p);
	if (err) {
		frame_free(p);
		return err;
	}
	*out = p;
	return 0;
}

void fs_path_free(char *p)
{
	frame_free(p);
}

int fs_lookup_user(int dirfd, uint64_t upath, unsigned int lookup,
		   struct inode **out, struct mount **mnt)
{
	char *path;
	int err;

	err = fs_path_get(upath, &path);
	if (err)
		return err;
	err = vfs_lookup_mnt(dirfd, path, lookup, out, mnt);
	fs_path_free(path);
	return err;
}

int fs_at_decode(int dirfd, uint64_t upath, unsigned int flags,
		 unsigned int allowed, struct fs_at_path *out)
{
	if (flags & ~allowed)
		return -EINVAL;
	out->dirfd = dirfd;
	out->flags = flags;
	out->lookup = (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		out->lookup |= LOOKUP_EMPTY;
	return fs_path_get(upath, &out->path);
}

void fs_at_put(struct fs_at_path *at)
{
	fs_path_free(at->path);
	at->path = NULL;
}

bool fs_at_is_fd(const struct fs_at_path *at)
{
	return (at->flags & AT_EMPTY_PATH) && at->path[0] == '\0' &&
	       at->dirfd != AT_FDCWD;
}

int fs_at_lookup(const struct fs_at_path *at, struct inode **out)
{
	return vfs_lookup_at(at->dirfd, at->path, at->lookup, out);
}

int fs_at_lookup_mnt(const struct fs_at_path *at, struct inode **out,
		     struct mount **mnt)
{
	return vfs_lookup_mnt(at->dirfd, at->path, at->lookup, out, mnt);
}

int fs_at_lookup_user(int dirfd, uint64_t upath, unsigned int flags,
		      unsigned int allowed, struct inode **out,
		      struct mount **mnt)
{
	struct fs_at_path at;
	int err;

	err = fs_at_decode(dirfd, upath, flags, allowed, &at);
	if (err)
		return err;
	err = fs_at_lookup_mnt(&at, out, mnt);
	fs_at_put(&at);
	return err;
}

/* Files whose position is shared state: regular files and directories. */
static bool fs_file_locks_pos(const struct file *f)
{
	return f->inode && (S_ISREG(f->inode->mode) || S_ISDIR(f->inode->mode));
}

bool fs_file_seekable(const struct file *f)
{
	return f->ops && f->ops->llseek;
}

ssize_t fs_file_read(struct file *f, struct vm_writer *w, const uint64_t *pos)
{
	uint64_t p;
	ssize_t n;

	if (f->inode && S_ISDIR(f->inode->mode))
		return -EISDIR;
	if (!f->ops || !f->ops->read)
		return -EINVAL;
	if (pos) {
		p = *pos;
		return f->ops->read(f, w, &p);
	}
	if (!fs_file_locks_pos(f)) {
		p = __atomic_load_n(&f->pos, __ATOMIC_RELAXED);
		n = f->ops->read(f, w, &p);
		__atomic_store_n(&f->pos, p, __ATOMIC_RELAXED);
		return n;
	}
	frame_mutex_lock(&f->pos_lock);
	n = f->ops->read(f, w, &f->pos);
	frame_mutex_unlock(&f->pos_lock);
	return n;
}

ssize_t fs_file_write(struct file *f, struct vm_reader *r, const uint64_t *pos)
{
	uint64_t p;
	ssize_t n;

	if (!f->ops || !f->ops->write)
		return -EINVAL;
	if (pos) {
		p = *pos;
		return f->ops->write(f, r, &p);
	}
	if (!fs_file_locks_pos(f)) {
		p = __atomic_load_n(&f->pos, __ATOMIC_RELAXED);
		n = f->ops->write(f, r, &p);
		__atomic_store_n(&f->pos, p, __ATOMIC_RELAXED);
		return n;
	}
	frame_mutex_lock(&f->pos_lock);
	n = f->ops->write(f, r, &f->pos);
	frame_mutex_unlock(&f->pos_lock);
	return n;
}
