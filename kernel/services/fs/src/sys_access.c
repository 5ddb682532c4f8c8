/* SPDX-License-Identifier: MIT */
/* access(2), faccessat(2), faccessat2(2). */
#include <frame/errno.h>

#include <fs/syscalls.h>

#include "sys_util.h"

static long do_faccessat(int dirfd, uint64_t upath, unsigned int mode,
			 unsigned int flags)
{
	struct fs_ident id;
	struct inode *ino;
	struct mount *m;
	long ret;

	if (mode & ~(unsigned int)(R_OK | W_OK | X_OK))
		return -EINVAL;
	ret = fs_at_lookup_user(
		dirfd, upath, flags,
		AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, &ino, &m);
	if (ret)
		return ret;
	/* access(2) asks with the real ids unless AT_EACCESS. */
	fs_ident_current(&id, !(flags & AT_EACCESS));
	frame_mutex_lock(&vfs_lock);
	ret = mode ? inode_permission(ino, &id, (int)mode) : 0;
	/* a read-only mount's files are not writable, devices still are */
	/* nothing on a noexec mount runs */
	if (!ret && (mode & X_OK) && S_ISREG(ino->mode) &&
	    (mnt_flags(m) & MS_NOEXEC))
		ret = -EACCES;
	if (!ret && (mode & W_OK) && !S_ISCHR(ino->mode) &&
	    !S_ISBLK(ino->mode) && !S_ISFIFO(ino->mode) &&
	    !S_ISSOCK(ino->mode))
		ret = mnt_want_write(m);
	frame_mutex_unlock(&vfs_lock);
	inode_put(ino);
	mnt_put(m);
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
