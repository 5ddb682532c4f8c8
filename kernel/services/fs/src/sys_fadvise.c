/* SPDX-License-Identifier: MIT */
/* Advice with nothing to do in a RAM file system: fadvise64, readahead,
 * fallocate (which does extend the file, and zeroes a punched hole). */
#include <frame/errno.h>

#include <fs/syscalls.h>

#include "sys_util.h"

#define FALLOC_FL_KEEP_SIZE  1
#define FALLOC_FL_PUNCH_HOLE 2

long sys_fadvise64(const uint64_t a[6])
{
	struct file *f;
	long ret;

	ret = fd_get(fd_table_current(), fs_fd_arg(a[0]), 0, &f);
	if (ret)
		return ret;
	if (!f->inode)
		ret = -ESPIPE;
	else if ((int64_t)a[2] < 0 || a[3] > 5)
		ret = -EINVAL;
	file_put(f);
	return ret;
}

long sys_readahead(const uint64_t a[6])
{
	struct file *f;
	long ret;

	ret = fd_get(fd_table_current(), fs_fd_arg(a[0]), RIGHT_READ, &f);
	if (ret)
		return ret;
	if (!f->inode || !S_ISREG(f->inode->mode))
		ret = -EINVAL;
	file_put(f);
	return ret;
}

long sys_fallocate(const uint64_t a[6])
{
	unsigned int mode = (unsigned int)a[1];
	int64_t off = (int64_t)a[2], len = (int64_t)a[3];
	struct file *f;
	long ret;

	if (off < 0 || len <= 0)
		return -EINVAL;
	if (mode & ~(unsigned int)(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE))
		return -EOPNOTSUPP;
	/* a hole never changes the size: Linux wants that said */
	if ((mode & FALLOC_FL_PUNCH_HOLE) && !(mode & FALLOC_FL_KEEP_SIZE))
		return -EOPNOTSUPP;
	ret = fd_get(fd_table_current(), fs_fd_arg(a[0]), RIGHT_WRITE, &f);
	if (ret)
		return ret;
	if (!f->inode)
		ret = -ESPIPE;
	else if (S_ISDIR(f->inode->mode))
		ret = -EISDIR;
	else if (!S_ISREG(f->inode->mode))
		ret = -ENODEV;
	else if (off > INT64_MAX - len)
		ret = -EFBIG;
	if (!ret) {
		frame_mutex_lock(&vfs_lock);
		if (mode & FALLOC_FL_PUNCH_HOLE)
			ret = inode_punch(f->inode, (uint64_t)off,
					  (uint64_t)len);
		else
			ret = inode_allocate(f->inode, (uint64_t)off,
					     (uint64_t)len);
		if (!ret && !(mode & FALLOC_FL_KEEP_SIZE) &&
		    (uint64_t)(off + len) > f->inode->size)
			ret = inode_truncate(f->inode, (uint64_t)(off + len));
		frame_mutex_unlock(&vfs_lock);
	}
	file_put(f);
	return ret;
}
