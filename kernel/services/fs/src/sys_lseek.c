/* SPDX-License-Identifier: MIT */
/* lseek(2). */
#include <frame/errno.h>

#include <fs/syscalls.h>

#include "sys_util.h"

long sys_lseek(const uint64_t a[6])
{
	int64_t off = (int64_t)a[1];
	unsigned int whence = (unsigned int)a[2];
	struct file *f;
	long ret;

	/* A descriptor without the right to seek (a pipe's) cannot: ESPIPE,
	 * as Linux answers for anything unseekable. */
	ret = fd_get_or(fd_table_current(), fs_fd_arg(a[0]), RIGHT_SEEK,
			-ESPIPE, &f);
	if (ret)
		return ret;
	if (!fs_file_seekable(f)) {
		ret = -ESPIPE;
	} else if (whence > SEEK_HOLE) {
		ret = -EINVAL;
	} else if (f->inode &&
		   (S_ISREG(f->inode->mode) || S_ISDIR(f->inode->mode))) {
		frame_mutex_lock(&f->pos_lock);
		ret = f->ops->llseek(f, off, (int)whence, &f->pos);
		frame_mutex_unlock(&f->pos_lock);
	} else {
		uint64_t pos = __atomic_load_n(&f->pos, __ATOMIC_RELAXED);

		ret = f->ops->llseek(f, off, (int)whence, &pos);
		if (ret >= 0)
			__atomic_store_n(&f->pos, pos, __ATOMIC_RELAXED);
	}
	file_put(f);
	return ret;
}
