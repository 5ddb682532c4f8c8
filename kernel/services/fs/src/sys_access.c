/* SPDX-License-Identifier: MIT */
/* access(2), faccessat(2), faccessat2(2). */
#include <frame/errno.h>

#include <fs/syscalls.h>

#include "sys_util.h"

static long do_faccessat(int dirfd, uint64_t upath, unsigned int mode,
			 unsigned int flags)
{
	unsigned int lf = LOOKUP_FOLLOW;
	struct fs_ident id;
	struct inode *ino;
	char *path;
	long ret;

	if (mode & ~(unsigned int)(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags &
	    ~(unsigned int)(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		lf = 0;
	if (flags & AT_EMPTY_PATH)
		lf |= LOOKUP_EMPTY;
	ret = fs_path_get(upath, &path);
	if (ret)
		return ret;
	ret = vfs_lookup_at(dirfd, path, lf, &ino);
	fs_path_free(path);
	if (ret)
		return ret;
	/* access(2) asks with the real ids unless AT_EACCESS. */
	fs_ident_current(&id, !(flags & AT_EACCESS));
	frame_mutex_lock(&vfs_lock);
	ret = mode ? inode_permission(ino, &id, (int)mode) : 0;
	frame_mutex_unlock(&vfs_lock);
	inode_put(ino);
	return ret;
}

long sys_access(const uint64_t a[6])
{
	return do_faccessat(AT_FDCWD, a[0], (unsigned int)a[1], 0);
}

long sys_faccessat(const uint64_t a[6])
{
	return do_faccessat(fs_fd_arg(a[0]), a[1], (unsigned int)a[2], 0);
}

long sys_faccessat2(const uint64_t a[6])
{
	return do_faccessat(fs_fd_arg(a[0]), a[1], (unsigned int)a[2],
			    (unsigned int)a[3]);
}
