/* SPDX-License-Identifier: MIT */
/* link(2), linkat(2), symlink(2), symlinkat(2). */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>

#include <fs/syscalls.h>

#include "sys_util.h"

static long do_symlinkat(const char *target, int dirfd, const char *path)
{
	size_t len = strnlen(target, FS_PATH_MAX);
	struct nameidata nd;
	struct inode *ino;
	struct vfs_at at;
	char *copy;
	long ret;

	if (len == 0)
		return -ENOENT;
	copy = frame_alloc(len + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, target, len + 1);
	ret = vfs_parent_begin(dirfd, path, &at, &nd);
	if (ret) {
		frame_free(copy);
		return ret;
	}
	if (nd.lastlen == 0 || nd.last_dot ||
	    dir_find(nd.parent, nd.last, nd.lastlen))
		ret = -EEXIST;
	else
		ret = mnt_want_write(nd.mnt);
	if (!ret)
		ret = vfs_create_locked(nd.parent, nd.last, nd.lastlen,
					S_IFLNK | 0777, &at.id, &ino);
	if (!ret) {
		ino->target = copy;
		ino->size = len;
		copy = NULL;
		inode_put(ino);
	}
	vfs_parent_end(&at, &nd);
	frame_free(copy);
	return ret;
}

static long symlink_common(uint64_t utarget, int dirfd, uint64_t upath)
{
	char *target, *path;
	long ret;

	ret = fs_path_get(utarget, &target);
	if (ret)
		return ret;
	ret = fs_path_get(upath, &path);
	if (!ret) {
		ret = do_symlinkat(target, dirfd, path);
		fs_path_free(path);
	}
	fs_path_free(target);
	return ret;
}

long sys_symlink(const uint64_t a[6])
{
	return symlink_common(a[0], AT_FDCWD, a[1]);
}

long sys_symlinkat(const uint64_t a[6])
{
	return symlink_common(a[0], fs_fd_arg(a[1]), a[2]);
}

static long do_linkat(int olddirfd, const char *oldpath, int newdirfd,
		      const char *newpath, unsigned int flags)
{
	unsigned int lf = (flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0;
	struct nameidata nd;
	struct inode *old;
	struct mount *oldm;
	struct vfs_at at;
	long ret;

	if (flags & AT_EMPTY_PATH)
		lf |= LOOKUP_EMPTY;
	ret = vfs_lookup_mnt(olddirfd, oldpath, lf, &old, &oldm);
	if (ret)
		return ret;
	ret = vfs_parent_begin(newdirfd, newpath, &at, &nd);
	if (ret)
		goto out_put_old;
	/* a link stays inside one mount, as Linux's */
	if (nd.mnt != oldm)
		ret = -EXDEV;
	else if (S_ISDIR(old->mode))
		ret = -EPERM;
	else if (nd.lastlen == 0 || nd.last_dot)
		ret = -EEXIST;
	else if (dir_find(nd.parent, nd.last, nd.lastlen))
		ret = -EEXIST;
	else if (old->nlink == 0 && !old->linkable)
		ret = -ENOENT;
	else if (nd.trailing_slash)
		ret = -ENOENT;
	else
		ret = mnt_want_write(nd.mnt);
	if (!ret)
		ret = inode_permission(nd.parent, &at.id, MAY_WRITE | MAY_EXEC);
	if (!ret)
		ret = dir_link(nd.parent, nd.last, nd.lastlen, old);
	if (!ret)
		inode_touch(old, false, true);
	vfs_parent_end(&at, &nd);
out_put_old:
	inode_put(old);
	mnt_put(oldm);
	return ret;
}

static long link_common(int olddirfd, uint64_t uold, int newdirfd,
			uint64_t unew, unsigned int flags)
{
	char *oldpath, *newpath;
	long ret;

	if (flags & ~(unsigned int)(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	ret = fs_path_get(uold, &oldpath);
	if (ret)
		return ret;
	ret = fs_path_get(unew, &newpath);
	if (!ret) {
		ret = do_linkat(olddirfd, oldpath, newdirfd, newpath, flags);
		fs_path_free(newpath);
	}
	fs_path_free(oldpath);
	return ret;
}

long sys_link(const uint64_t a[6])
{
	return link_common(AT_FDCWD, a[0], AT_FDCWD, a[1], 0);
}

long sys_linkat(const uint64_t a[6])
{
	return link_common(fs_fd_arg(a[0]), a[1], fs_fd_arg(a[2]), a[3],
			   (unsigned int)a[4]);
}
