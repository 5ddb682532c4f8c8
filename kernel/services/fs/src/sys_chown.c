/* SPDX-License-Identifier: MIT */
/* chown(2), fchown(2), lchown(2), fchownat(2). */
#include <frame/errno.h>

#include <fs/syscalls.h>

#include "sys_util.h"

#define ID_KEEP 0xffffffffu

/*
 * Only root gives a file away; the owner may change its group to one of
 * their own. A change clears set-user-id, and set-group-id when the group
 * may execute, on anything but a directory.
 */
static long do_chown(struct mount *m, struct inode *ino, uint32_t uid,
		     uint32_t gid)
{
	struct fs_ident id;
	long ret = 0;

	fs_ident_current(&id, false);
	frame_mutex_lock(&vfs_lock);
	if (mnt_readonly(m)) {
		ret = -EROFS;
	} else if (!fs_capable(&id)) {
		if (uid != ID_KEEP && uid != ino->uid)
			ret = -EPERM;
		else if (gid != ID_KEEP && gid != ino->gid &&
			 (id.uid != ino->uid || !fs_ident_in_group(&id, gid)))
			ret = -EPERM;
		else if ((uid != ID_KEEP || gid != ID_KEEP) &&
			 id.uid != ino->uid)
			ret = -EPERM;
	}
	if (!ret) {
		if (uid != ID_KEEP)
			ino->uid = uid;
		if (gid != ID_KEEP)
			ino->gid = gid;
		if ((uid != ID_KEEP || gid != ID_KEEP) && !S_ISDIR(ino->mode)) {
			ino->mode &= ~(uint32_t)S_ISUID;
			if (ino->mode & 0010)
				ino->mode &= ~(uint32_t)S_ISGID;
		}
		inode_touch(ino, false, true);
	}
	frame_mutex_unlock(&vfs_lock);
	return ret;
}

static long chown_at(int dirfd, uint64_t upath, uint64_t uid, uint64_t gid,
		     unsigned int flags)
{
	struct inode *ino;
	struct mount *m;
	long ret;

	ret = fs_at_lookup_user(dirfd, upath, flags,
				AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, &ino, &m);
	if (ret)
		return ret;
	ret = do_chown(m, ino, (uint32_t)uid, (uint32_t)gid);
	inode_put(ino);
	mnt_put(m);
	return ret;
}

long sys_chown(const uint64_t a[6])
{
	return chown_at(AT_FDCWD, a[0], a[1], a[2], 0);
}

long sys_lchown(const uint64_t a[6])
{
	return chown_at(AT_FDCWD, a[0], a[1], a[2], AT_SYMLINK_NOFOLLOW);
}

long sys_fchownat(const uint64_t a[6])
{
	return chown_at(fs_fd_arg(a[0]), a[1], a[2], a[3], (unsigned int)a[4]);
}

long sys_fchown(const uint64_t a[6])
{
	struct file *f;
	long ret;

	ret = fd_get(fd_table_current(), fs_fd_arg(a[0]), RIGHT_CHMOD, &f);
	if (ret)
		return ret;
	ret = f->inode ? do_chown(f->mnt, f->inode, (uint32_t)a[1],
				  (uint32_t)a[2])
		       : -EINVAL;
	file_put(f);
	return ret;
}
