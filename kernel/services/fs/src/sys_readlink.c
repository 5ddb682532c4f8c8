/* SPDX-License-Identifier: MIT */
/* readlink(2), readlinkat(2). */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>
#include <frame/user.h>

#include <fs/synth.h>
#include <fs/syscalls.h>

#include "sys_util.h"

static long do_readlink(struct inode *ino, uint64_t ubuf, size_t size)
{
	char *copy;
	size_t n;
	long ret;

	/* The target is copied out of the lock: the user copy may fault. */
	copy = frame_alloc(FS_PATH_MAX);
	if (!copy)
		return -ENOMEM;
	frame_mutex_lock(&vfs_lock);
	if (!S_ISLNK(ino->mode)) {
		frame_mutex_unlock(&vfs_lock);
		frame_free(copy);
		return -EINVAL;
	}
	if (ino->synth) {
		struct synth_buf b = { 0 };
		int err = synth_link_target(ino, &b);

		n = err ? 0 : MIN(size, b.len);
		if (n)
			memcpy(copy, b.data, n);
		synth_buf_free(&b);
		if (err) {
			frame_mutex_unlock(&vfs_lock);
			frame_free(copy);
			return err;
		}
	} else {
		n = MIN(size, (size_t)ino->size);
		memcpy(copy, ino->target, n);
	}
	ino->atime = fs_now();
	frame_mutex_unlock(&vfs_lock);
	ret = frame_copy_to_user(uaddr_from_syscall_arg(ubuf), copy, n);
	frame_free(copy);
	return ret ? ret : (long)n;
}

static long readlink_common(int dirfd, uint64_t upath, uint64_t ubuf,
			    uint64_t usize)
{
	int size = (int)usize;
	struct inode *ino;
	char *path;
	long ret;

	if (size <= 0)
		return -EINVAL;
	ret = fs_path_get(upath, &path);
	if (ret)
		return ret;
	ret = vfs_lookup_at(dirfd, path, LOOKUP_EMPTY, &ino);
	fs_path_free(path);
	if (ret)
		return ret;
	ret = do_readlink(ino, ubuf, (size_t)size);
	inode_put(ino);
	return ret;
}

long sys_readlink(const uint64_t a[6])
{
	return readlink_common(AT_FDCWD, a[0], a[1], a[2]);
}

long sys_readlinkat(const uint64_t a[6])
{
	return readlink_common(fs_fd_arg(a[0]), a[1], a[2], a[3]);
}
