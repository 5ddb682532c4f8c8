/* SPDX-License-Identifier: MIT */
/* mkdir(2), mkdirat(2), mknod(2), mknodat(2). */
#include <frame/errno.h>

#include <fs/syscalls.h>

#include "sys_util.h"

static long do_mknodat(int dirfd, const char *path, uint32_t mode,
		       uint32_t major, uint32_t minor)
{
	struct nameidata nd;
	struct inode *ino;
	struct vfs_at at;
	long ret;

	ret = vfs_parent_begin(dirfd, path, &at, &nd);
	if (ret)
		return ret;
	if (nd.lastlen == 0 || nd.last_dot) {
		ret = -EEXIST;
	} else if (nd.trailing_slash && !S_ISDIR(mode)) {
		ret = dir_find(nd.parent, nd.last, nd.lastlen) ? -EEXIST
							       : -ENOENT;
	} else if (dir_find(nd.parent, nd.last, nd.lastlen)) {
		ret = -EEXIST;
	} else {
		ret = mnt_want_write(nd.mnt);
		if (!ret)
			ret = vfs_create_locked(nd.parent, nd.last, nd.lastlen,
						mode, &at.id, &ino);
		if (!ret) {
			ino->rdev_major = major;
			ino->rdev_minor = minor;
			inode_put(ino);
		}
	}
	vfs_parent_end(&at, &nd);
	return ret;
}

static long mkdir_common(int dirfd, uint64_t upath, uint64_t mode)
{
	uint32_t m = (uint32_t)mode & 07777 & ~fs_ctx_umask_or_default();
	char *path;
	long ret;

	ret = fs_path_get(upath, &path);
	if (ret)
		return ret;
	ret = do_mknodat(dirfd, path, S_IFDIR | (m & 01777), 0, 0);
	fs_path_free(path);
	return ret;
}

long sys_mkdir(const uint64_t a[6])
{
	return mkdir_common(AT_FDCWD, a[0], a[1]);
}

long sys_mkdirat(const uint64_t a[6])
{
	return mkdir_common(fs_fd_arg(a[0]), a[1], a[2]);
}

static long mknod_common(int dirfd, uint64_t upath, uint64_t mode, uint64_t dev)
{
	uint32_t m = (uint32_t)mode, type = m & S_IFMT;
	uint32_t major =
		(uint32_t)(((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffu));
	uint32_t minor = (uint32_t)((dev & 0xff) | ((dev >> 12) & ~0xffu));
	struct fs_ident id;
	char *path;
	long ret;

	if (type == 0)
		type = S_IFREG;
	if (type == S_IFDIR)
		return -EPERM; /* mkdir's work, as Linux says */
	if (type != S_IFREG && type != S_IFCHR && type != S_IFBLK &&
	    type != S_IFIFO && type != S_IFSOCK)
		return -EINVAL;
	fs_ident_current(&id, false);
	if ((type == S_IFCHR || type == S_IFBLK) && !fs_capable(&id))
		return -EPERM;
	ret = fs_path_get(upath, &path);
	if (ret)
		return ret;
	ret = do_mknodat(dirfd, path,
			 type | (m & 07777 & ~fs_ctx_umask_or_default()), major,
			 minor);
	fs_path_free(path);
	return ret;
}

long sys_mknod(const uint64_t a[6])
{
	return mknod_common(AT_FDCWD, a[0], a[1], a[2]);
}

long sys_mknodat(const uint64_t a[6])
{
	return mknod_common(fs_fd_arg(a[0]), a[1], a[2], a[3]);
}
