/* SPDX-License-Identifier: MIT */
/* close_range(2) and chroot(2). */
#include <frame/errno.h>

#include <fs/syscalls.h>

#include "sys_util.h"

#define CLOSE_RANGE_UNSHARE 2u
#define CLOSE_RANGE_CLOEXEC 4u

long sys_close_range(const uint64_t a[6])
{
	struct fd_table *t = fd_table_current();
	unsigned int first = (unsigned int)a[0], last = (unsigned int)a[1];
	unsigned int flags = (unsigned int)a[2];

	if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
		return -EINVAL;
	if (first > last)
		return -EINVAL;
	/* UNSHARE: the table is the caller's to share; process copies it
	 * on clone without CLONE_FILES, so nothing is shared to undo. */
	for (unsigned int fd = first; fd <= last && fd < FD_MAX; fd++) {
		if (flags & CLOSE_RANGE_CLOEXEC)
			fd_set_cloexec(t, (int)fd, true);
		else
			fd_close(t, (int)fd);
	}
	return 0;
}

long sys_chroot(const uint64_t a[6])
{
	struct fs_ident id;
	struct inode *dir;
	struct mount *m;
	long ret;

	ret = fs_lookup_user(AT_FDCWD, a[0], LOOKUP_FOLLOW | LOOKUP_DIRECTORY,
			     &dir, &m);
	if (ret)
		return ret;
	fs_ident_current(&id, false);
	frame_mutex_lock(&vfs_lock);
	ret = inode_permission(dir, &id, MAY_EXEC);
	frame_mutex_unlock(&vfs_lock);
	if (!ret && !fs_capable(&id))
		ret = -EPERM;
	if (!ret)
		ret = fs_ctx_chroot(fs_ctx_current(), m, dir);
	inode_put(dir);
	mnt_put(m);
	return ret;
}
