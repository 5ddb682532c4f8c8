/* SPDX-License-Identifier: MIT */
/* chmod(2), fchmod(2), fchmodat(2), umask(2). */
#include <frame/errno.h>

#include <fs/syscalls.h>

#include "sys_util.h"

/* Only the owner (or root) changes the mode; a non-member loses S_ISGID. */
static long do_chmod(struct mount *m, struct inode *ino, unsigned int mode)
{
	struct fs_ident id;
	long ret = 0;

	fs_ident_current(&id, false);
	frame_mutex_lock(&vfs_lock);
	if (mnt_readonly(m)) {
		ret = -EROFS;
	} else if (!inode_owner_or_capable(ino, &id)) {
		ret = -EPERM;
	} else {
		mode &= 07777;
		if (!fs_capable(&id) && !fs_ident_in_group(&id, ino->gid))
			mode &= ~(unsigned int)S_ISGID;
		ino->mode = (ino->mode & S_IFMT) | mode;
		inode_touch(ino, false, true);
	}
	frame_mutex_unlock(&vfs_lock);
	return ret;
}

long sys_fchmod(const uint64_t a[6])
{
	struct file *f;
	long ret;

	ret = fd_get(fd_table_current(), fs_fd_arg(a[0]), RIGHT_CHMOD, &f);
	if (ret)
		return ret;
	ret = f->inode ? do_chmod(f->mnt, f->inode, (unsigned int)a[1])
		       : -EINVAL;
	file_put(f);
	return ret;
}

static long chmod_at(int dirfd, uint64_t upath, unsigned int mode,
		     unsigned int flags)
{
	struct inode *ino;
	struct mount *m;
	long ret;

	if (flags & ~(unsigned int)AT_SYMLINK_NOFOLLOW)
		return -EINVAL;
	if (flags & AT_SYMLINK_NOFOLLOW)
		return -EOPNOTSUPP; /* as Linux: symlinks have no mode */
	ret = fs_lookup_user(dirfd, upath, LOOKUP_FOLLOW, &ino, &m);
	if (ret)
		return ret;
	ret = do_chmod(m, ino, mode);
	inode_put(ino);
	mnt_put(m);
	return ret;
}

long sys_chmod(const uint64_t a[6])
{
	return chmod_at(AT_FDCWD, a[0], (unsigned int)a[1], 0);
}

long sys_fchmodat(const uint64_t a[6])
{
	return chmod_at(fs_fd_arg(a[0]), a[1], (unsigned int)a[2], 0);
}

long sys_umask(const uint64_t a[6])
{
	struct fs_ctx *c = fs_ctx_current();

	if (!c)
		return 022;
	return fs_ctx_set_umask(c, (unsigned int)a[0] & 0777);
}
