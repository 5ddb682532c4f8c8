/* SPDX-License-Identifier: MIT */
/* getdents64(2). */
#include <frame/errno.h>
#include <frame/user.h>

#include <fs/syscalls.h>

#include "sys_util.h"

long sys_getdents64(const uint64_t a[6])
{
	size_t count = (size_t)(uint32_t)a[2];
	struct vm_writer w;
	struct file *f;
	long ret;

	ret = fd_get(fd_table_current(), fs_fd_arg(a[0]), RIGHT_READ, &f);
	if (ret)
		return ret;
	if (!f->ops || !f->ops->getdents) {
		ret = -ENOTDIR;
		goto out;
	}
	ret = vm_writer_init(&w, uaddr_from_syscall_arg(a[1]), count);
	if (ret)
		goto out;
	frame_mutex_lock(&f->pos_lock);
	ret = f->ops->getdents(f, &w, &f->pos);
	frame_mutex_unlock(&f->pos_lock);
out:
	file_put(f);
	return ret;
}
