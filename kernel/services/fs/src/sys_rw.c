/* SPDX-License-Identifier: MIT */
/* read(2), write(2), pread64(2), pwrite64(2). */
#include <frame/errno.h>
#include <frame/user.h>

#include <fs/syscalls.h>

#include "sys_util.h"

/* Linux caps one transfer so that the count fits a positive ssize_t. */
#define FS_RW_MAX 0x7ffff000ul

struct rw_args {
	int fd;
	uaddr_t buf;
	size_t count;
	bool positional;
	uint64_t pos;
};

static long do_read(const struct rw_args *a)
{
	struct vm_writer w;
	struct file *f;
	long ret;

	ret = fd_get(fd_table_current(), a->fd, RIGHT_READ, &f);
	if (ret)
		return ret;
	if (a->positional && !fs_file_seekable(f)) {
		ret = -ESPIPE;
		goto out;
	}
	ret = vm_writer_init(&w, a->buf, a->count);
	if (ret)
		goto out;
	ret = fs_file_read(f, &w, a->positional ? &a->pos : NULL);
out:
	file_put(f);
	return ret;
}

static long do_write(const struct rw_args *a)
{
	struct vm_reader r;
	struct file *f;
	long ret;

	ret = fd_get(fd_table_current(), a->fd, RIGHT_WRITE, &f);
	if (ret)
		return ret;
	if (a->positional && !fs_file_seekable(f)) {
		ret = -ESPIPE;
		goto out;
	}
	ret = vm_reader_init(&r, a->buf, a->count);
	if (ret)
		goto out;
	ret = fs_file_write(f, &r, a->positional ? &a->pos : NULL);
out:
	file_put(f);
	return ret;
}

static int rw_decode(const uint64_t a[6], bool positional, struct rw_args *o)
{
	o->fd = fs_fd_arg(a[0]);
	o->buf = uaddr_from_syscall_arg(a[1]);
	o->count = (size_t)MIN(a[2], (uint64_t)FS_RW_MAX);
	o->positional = positional;
	o->pos = positional ? a[3] : 0;
	if (positional && (int64_t)o->pos < 0)
		return -EINVAL;
	return 0;
}

long sys_read(const uint64_t a[6])
{
	struct rw_args r;

	rw_decode(a, false, &r);
	return do_read(&r);
}

long sys_write(const uint64_t a[6])
{
	struct rw_args r;

	rw_decode(a, false, &r);
	return do_write(&r);
}

long sys_pread64(const uint64_t a[6])
{
	struct rw_args r;
	int err = rw_decode(a, true, &r);

	return err ? err : do_read(&r);
}

long sys_pwrite64(const uint64_t a[6])
{
	struct rw_args r;
	int err = rw_decode(a, true, &r);

	return err ? err : do_write(&r);
}
