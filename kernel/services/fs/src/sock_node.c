/* SPDX-License-Identifier: MIT */
/* Socket nodes: what bind(2) of an AF_UNIX path makes and connect(2) finds. */
#include <frame/errno.h>

#include <fs/fs.h>

#include "sys_util.h"

int fs_sock_mknod(const char *path, uint64_t *key)
{
	uint32_t mode = S_IFSOCK | (0777 & ~fs_ctx_umask_or_default());
	struct nameidata nd;
	struct inode *ino;
	struct vfs_at at;
	int err;

	err = vfs_parent_begin(AT_FDCWD, path, &at, &nd);
	if (err)
		return err;
	if (nd.lastlen == 0 || nd.last_dot) {
		err = -EEXIST;
	} else if (nd.trailing_slash) {
		err = dir_find(nd.parent, nd.last, nd.lastlen) ? -EEXIST
							       : -ENOENT;
	} else if (dir_find(nd.parent, nd.last, nd.lastlen)) {
		err = -EEXIST;
	} else {
		err = mnt_want_write(nd.mnt);
		if (!err)
			err = vfs_create_locked(nd.parent, nd.last, nd.lastlen,
						mode, &at.id, &ino);
		if (!err) {
			*key = ino->ino;
			inode_put(ino);
		}
	}
	vfs_parent_end(&at, &nd);
	return err;
}

int fs_sock_find(const char *path, uint64_t *key)
{
	struct fs_ident id;
	struct inode *ino;
	int err;

	err = vfs_lookup_at(AT_FDCWD, path, LOOKUP_FOLLOW, &ino);
	if (err)
		return err;
	fs_ident_current(&id, false);
	frame_mutex_lock(&vfs_lock);
	err = inode_permission(ino, &id, MAY_WRITE);
	if (!err && !S_ISSOCK(ino->mode))
		err = -ECONNREFUSED;
	*key = ino->ino;
	frame_mutex_unlock(&vfs_lock);
	inode_put(ino);
	return err;
}
