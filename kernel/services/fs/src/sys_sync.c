/* SPDX-License-Identifier: MIT */
/* sync(2), syncfs(2), fsync(2), fdatasync(2): the RAM file system is
 * always in sync; the descriptor is still checked. */
#include <frame/errno.h>

#include <fs/syscalls.h>

#include "sys_util.h"

static long fd_sync(uint64_t fd)
{
	struct file *f;
	long ret;

	ret = fd_get(fd_table_current(), fs_fd_arg(fd), 0, &f);
	if (ret)
		return ret;
	/* fsync of a pipe or a tty is EINVAL */
	ret = f->inode ? 0 : -EINVAL;
	file_put(f);
	return ret;
}

long sys_sync(const uint64_t a[6])
{
	(void)a;
	return 0;
}

long sys_syncfs(const uint64_t a[6])
{
	struct file *f;
	long ret;

	ret = fd_get(fd_table_current(), fs_fd_arg(a[0]), 0, &f);
	if (ret)
		return ret;
	file_put(f);
	return 0;
}

long sys_fsync(const uint64_t a[6])
{
	return fd_sync(a[0]);
}

long sys_fdatasync(const uint64_t a[6])
{
	return fd_sync(a[0]);
}
