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

/* Look @upath up from @dirfd and copy its struct stat to @ubuf. */
static long stat_at(int dirfd, uint64_t upath, uint64_t ubuf,
		    unsigned int atflags)
{
	unsigned int lf = 0;
	struct inode *ino;
	char *path;
	long ret;

	if (atflags & ~(unsigned int)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH |
				      AT_NO_AUTOMOUNT))
		return -EINVAL;
	if (!(atflags & AT_SYMLINK_NOFOLLOW))
		lf |= LOOKUP_FOLLOW;
	if (atflags & AT_EMPTY_PATH)
		lf |= LOOKUP_EMPTY;
	ret = fs_path_get(upath, &path);
	if (ret)
		return ret;
	ret = vfs_lookup_at(dirfd, path, lf, &ino);
	fs_path_free(path);
	if (ret)
		return ret;
	ret = fs_stat_to_user(NULL, ino, ubuf);
	inode_put(ino);
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
	int dirfd = fs_fd_arg(a[0]);
	unsigned int flags = (unsigned int)a[3];
	struct file *f;
	char c = 0;
	long ret;

	/* AT_EMPTY_PATH on a descriptor without an inode (a pipe) is an
	 * fstat of the descriptor. */
	if ((flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD &&
	    frame_copy_from_user(&c, uaddr_from_syscall_arg(a[1]), 1) == 0 &&
	    c == '\0') {
		ret = fd_get(fd_table_current(), dirfd, RIGHT_STAT, &f);
		if (ret)
			return ret;
		ret = fs_stat_to_user(f, f->inode, a[2]);
		file_put(f);
		return ret;
	}
	return stat_at(dirfd, a[1], a[2], flags);
}

long sys_statx(const uint64_t a[6])
{
	int dirfd = fs_fd_arg(a[0]);
	unsigned int flags = (unsigned int)a[2], lf = 0;
	unsigned int mask = (unsigned int)a[3];
	struct inode *ino;
	char *path;
	long ret;

	if (flags & ~(unsigned int)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH |
				    AT_NO_AUTOMOUNT | 0x6000 /* sync type */))
		return -EINVAL;
	if ((flags & 0x6000) == 0x6000)
		return -EINVAL;
	if (mask & 0x80000000u) /* STATX__RESERVED */
		return -EINVAL;
	if (!(flags & AT_SYMLINK_NOFOLLOW))
		lf |= LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		lf |= LOOKUP_EMPTY;
	ret = fs_path_get(a[1], &path);
	if (ret)
		return ret;
	if ((flags & AT_EMPTY_PATH) && path[0] == '\0' && dirfd != AT_FDCWD) {
		/* the descriptor itself, which may have no inode (a pipe) */
		struct file *f;

		fs_path_free(path);
		ret = fd_get(fd_table_current(), dirfd, RIGHT_STAT, &f);
		if (ret)
			return ret;
		ret = fs_statx_to_user(f, f->inode, mask, a[4]);
		file_put(f);
		return ret;
	}
	ret = vfs_lookup_at(dirfd, path, lf, &ino);
	fs_path_free(path);
	if (ret)
		return ret;
	ret = fs_statx_to_user(NULL, ino, mask, a[4]);
	inode_put(ino);
	return ret;
}
