/* SPDX-License-Identifier: MIT */
/* stat(2), lstat(2), fstat(2), newfstatat(2), statx(2). */
#include <frame/errno.h>
#include <frame/user.h>

#include <fs/syscalls.h>

#include "sys_util.h"

long sys_fstat(const uint64_t a[6])
{
	struct file *f;
	long ret;

	ret = fd_get(fd_table_current(), fs_fd_arg(a[0]), RIGHT_STAT, &f);
	if (ret)
		return ret;
	ret = fs_stat_to_user(f, f->inode, a[1]);
	file_put(f);
	return ret;
}

#define STAT_AT_FLAGS	(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT)
#define STATX_SYNC_TYPE 0x6000u

/*
 * What a stat-family call describes: @at's descriptor itself
 * (AT_EMPTY_PATH with "", which may be a file without an inode, a pipe)
 * in *@f, or the inode @at names in *@ino; the other is NULL. Each is
 * referenced.
 */
static long stat_target(const struct fs_at_path *at, struct file **f,
			struct inode **ino)
{
	*f = NULL;
	*ino = NULL;
	if (fs_at_is_fd(at))
		return fd_get(fd_table_current(), at->dirfd, RIGHT_STAT, f);
	return fs_at_lookup(at, ino);
}

static void stat_target_put(struct file *f, struct inode *ino)
{
	if (f)
		file_put(f);
	if (ino)
		inode_put(ino);
}

/* (@dirfd, @upath, @flags): copy its struct stat to @ubuf. */
static long stat_at(int dirfd, uint64_t upath, uint64_t ubuf,
		    unsigned int flags)
{
	struct fs_at_path at;
	struct inode *ino;
	struct file *f;
	long ret;

	ret = fs_at_decode(dirfd, upath, flags, STAT_AT_FLAGS, &at);
	if (ret)
		return ret;
	ret = stat_target(&at, &f, &ino);
	fs_at_put(&at);
	if (ret)
		return ret;
	ret = fs_stat_to_user(f, f ? f->inode : ino, ubuf);
	stat_target_put(f, ino);
	return ret;
}

long sys_stat(const uint64_t a[6])
{
	return stat_at(AT_FDCWD, a[0], a[1], 0);
}

long sys_lstat(const uint64_t a[6])
{
	return stat_at(AT_FDCWD, a[0], a[1], AT_SYMLINK_NOFOLLOW);
}

long sys_newfstatat(const uint64_t a[6])
{
	return stat_at(fs_fd_arg(a[0]), a[1], a[2], (unsigned int)a[3]);
}

long sys_statx(const uint64_t a[6])
{
	unsigned int flags = (unsigned int)a[2];
	unsigned int mask = (unsigned int)a[3];
	struct fs_at_path at;
	struct inode *ino;
	struct file *f;
	long ret;

	if ((flags & STATX_SYNC_TYPE) == STATX_SYNC_TYPE)
		return -EINVAL;
	if (mask & 0x80000000u) /* STATX__RESERVED */
		return -EINVAL;
	ret = fs_at_decode(fs_fd_arg(a[0]), a[1], flags,
			   STAT_AT_FLAGS | STATX_SYNC_TYPE, &at);
	if (ret)
		return ret;
	ret = stat_target(&at, &f, &ino);
	fs_at_put(&at);
	if (ret)
		return ret;
	ret = fs_statx_to_user(f, f ? f->inode : ino, mask, a[4]);
	stat_target_put(f, ino);
	return ret;
}
