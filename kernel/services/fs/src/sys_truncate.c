/* SPDX-License-Identifier: MIT */
/* truncate(2), ftruncate(2). */
#include <frame/errno.h>

#include <fs/syscalls.h>

#include "sys_util.h"

static long do_truncate(struct inode *ino, int64_t len)
{
	long ret;

	frame_mutex_lock(&vfs_lock);
	if (S_ISDIR(ino->mode))
		ret = -EISDIR;
	else if (!S_ISREG(ino->mode))
		ret = -EINVAL;
	else
		ret = inode_truncate(ino, (uint64_t)len);
	frame_mutex_unlock(&vfs_lock);
	return ret;
}

long sys_truncate(const uint64_t a[6])
{
	int64_t len = (int64_t)a[1];
	struct fs_ident id;
	struct inode *ino;
	struct mount *m;
	long ret;

	if (len < 0)
		return -EINVAL;
	ret = fs_lookup_user(AT_FDCWD, a[0], LOOKUP_FOLLOW, &ino, &m);
	if (ret)
		return ret;
	fs_ident_current(&id, false);
	frame_mutex_lock(&vfs_lock);
	if (S_ISDIR(ino->mode))
		ret = -EISDIR;
	else if (!S_ISREG(ino->mode))
		ret = -EINVAL;
	else
		ret = mnt_want_write(m);
	if (!ret)
		ret = inode_permission(ino, &id, MAY_WRITE);
	frame_mutex_unlock(&vfs_lock);
	if (!ret)
		ret = do_truncate(ino, len);
	inode_put(ino);
	mnt_put(m);
	return ret;
}

long sys_ftruncate(const uint64_t a[6])
{
	int64_t len = (int64_t)a[1];
	struct file *f;
	long ret;

	if (len < 0)
		return -EINVAL;
	/* Linux answers EINVAL, not EBADF, for a descriptor not open for
	 * writing. */
	ret = fd_get_or(fd_table_current(), fs_fd_arg(a[0]), RIGHT_WRITE,
			-EINVAL, &f);
	if (ret)
		return ret;
	ret = f->inode && S_ISREG(f->inode->mode) ? do_truncate(f->inode, len)
						  : -EINVAL;
	file_put(f);
	return ret;
}
