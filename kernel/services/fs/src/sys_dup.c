/* SPDX-License-Identifier: MIT */
/* dup(2), dup2(2), dup3(2): a new descriptor with the same rights. */
#include <frame/errno.h>

#include <fs/syscalls.h>

#include "sys_util.h"

long sys_dup(const uint64_t a[6])
{
	struct fd_table *t = fd_table_current();
	int fd = fs_fd_arg(a[0]);
	struct file *f;
	long ret;

	ret = fd_get(t, fd, RIGHT_DUP, &f);
	if (ret)
		return ret;
	ret = fd_install(t, f, fd_rights(t, fd), false);
	file_put(f);
	return ret;
}

static long do_dup3(int oldfd, int newfd, unsigned int flags)
{
	struct fd_table *t = fd_table_current();
	unsigned int rights;
	struct file *f;
	long ret;

	ret = fd_get(t, oldfd, RIGHT_DUP, &f);
	if (ret)
		return ret;
	rights = fd_rights(t, oldfd);
	if (newfd < 0 || newfd >= fd_limit())
		ret = -EBADF;
	else
		ret = fd_install_at(t, newfd, f, rights, flags & O_CLOEXEC);
	file_put(f);
	return ret;
}

long sys_dup2(const uint64_t a[6])
{
	int oldfd = fs_fd_arg(a[0]), newfd = fs_fd_arg(a[1]);
	struct file *f;
	long ret;

	/* dup2(fd, fd) only checks that fd is open. */
	if (oldfd == newfd) {
		ret = fd_get(fd_table_current(), oldfd, 0, &f);
		if (ret)
			return ret;
		file_put(f);
		return newfd;
	}
	return do_dup3(oldfd, newfd, 0);
}

long sys_dup3(const uint64_t a[6])
{
	int oldfd = fs_fd_arg(a[0]), newfd = fs_fd_arg(a[1]);
	unsigned int flags = (unsigned int)a[2];

	if (flags & ~(unsigned int)O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return do_dup3(oldfd, newfd, flags);
}
