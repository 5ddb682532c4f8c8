/* SPDX-License-Identifier: MIT */
/* unlink(2), rmdir(2), unlinkat(2). */
#include <frame/errno.h>

#include <fs/syscalls.h>

#include "sys_util.h"

static long do_remove(int dirfd, const char *path, bool dir)
{
	struct nameidata nd;
	struct dentry *d;
	struct vfs_at at;
	long ret;

	ret = vfs_parent_begin(dirfd, path, &at, &nd);
	if (ret)
		return ret;
	ret = mnt_want_write(nd.mnt);
	if (ret)
		goto out;
	if (nd.lastlen == 0) {
		ret = dir ? -EBUSY : -EISDIR; /* "/" */
		goto out;
	}
	if (nd.last_dot) {
		/* rmdir(".") is EINVAL, rmdir("..") ENOTEMPTY; unlink of
		 * either names a directory */
		if (dir)
			ret = nd.lastlen == 1 ? -EINVAL : -ENOTEMPTY;
		else
			ret = -EISDIR;
		goto out;
	}
	d = dir_find(nd.parent, nd.last, nd.lastlen);
	if (!d) {
		ret = -ENOENT;
		goto out;
	}
	if (!vfs_may_delete(nd.parent, d->inode, &at.id)) {
		ret = inode_permission(nd.parent, &at.id, MAY_WRITE | MAY_EXEC);
		if (!ret)
			ret = -EPERM; /* the sticky bit */
		goto out;
	}
	if (dir) {
		if (!S_ISDIR(d->inode->mode))
			ret = -ENOTDIR;
		else if (d->inode == at.root || d->inode == vfs_root ||
			 d->inode->mounted)
			ret = -EBUSY;
		else if (!dir_is_empty(d->inode))
			ret = -ENOTEMPTY;
	} else if (S_ISDIR(d->inode->mode)) {
		ret = -EISDIR;
	} else if (nd.trailing_slash) {
		ret = -ENOTDIR;
	} else if (d->inode->mounted) {
		ret = -EBUSY; /* a file with a file bind-mounted on it */
	}
	if (!ret)
		dir_unlink(nd.parent, d);
out:
	vfs_parent_end(&at, &nd);
	return ret;
}

static long remove_common(int dirfd, uint64_t upath, bool dir)
{
	char *path;
	long ret;

	ret = fs_path_get(upath, &path);
	if (ret)
		return ret;
	ret = do_remove(dirfd, path, dir);
	fs_path_free(path);
	return ret;
}

long sys_unlink(const uint64_t a[6])
{
	return remove_common(AT_FDCWD, a[0], false);
}

long sys_rmdir(const uint64_t a[6])
{
	return remove_common(AT_FDCWD, a[0], true);
}

long sys_unlinkat(const uint64_t a[6])
{
	unsigned int flags = (unsigned int)a[2];

	if (flags & ~(unsigned int)AT_REMOVEDIR)
		return -EINVAL;
	return remove_common(fs_fd_arg(a[0]), a[1], flags & AT_REMOVEDIR);
}
