/* SPDX-License-Identifier: MIT */
/* readv(2), writev(2), preadv(2), pwritev(2): scatter/gather I/O. */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/user.h>

#include <fs/syscalls.h>

#include "sys_util.h"

#define FS_IOV_MAX 1024

struct rwv_args {
	int fd;
	struct file_iovec *iov; /* frame_alloc'd copy */
	int cnt;
	bool positional;
	uint64_t pos;
};

/* Copy the vector in and check it: EINVAL for a bad count or a total
 * that overflows ssize_t, EFAULT. */
static int rwv_decode(const uint64_t a[6], bool positional, struct rwv_args *o)
{
	uint64_t total = 0;
	int err;

	o->fd = fs_fd_arg(a[0]);
	o->cnt = (int)a[2];
	o->positional = positional;
	o->pos = positional ? a[3] : 0;
	o->iov = NULL;
	if (o->cnt < 0 || o->cnt > FS_IOV_MAX)
		return -EINVAL;
	if (positional && (int64_t)o->pos < 0)
		return -EINVAL;
	if (o->cnt == 0)
		return 0;
	o->iov = frame_calloc((size_t)o->cnt, sizeof(*o->iov));
	if (!o->iov)
		return -ENOMEM;
	err = frame_copy_from_user(o->iov, uaddr_from_syscall_arg(a[1]),
				   (size_t)o->cnt * sizeof(*o->iov));
	for (int i = 0; !err && i < o->cnt; i++) {
		if ((int64_t)o->iov[i].len < 0 ||
		    o->iov[i].len > (uint64_t)INT64_MAX - total)
			err = -EINVAL;
		else
			total += o->iov[i].len;
	}
	if (err) {
		frame_free(o->iov);
		o->iov = NULL;
	}
	return err;
}

static long do_rwv(struct file *f, struct rwv_args *a, bool write)
{
	uint64_t pos = a->pos;
	long done = 0, ret = 0;

	if (!a->positional && f->ops && f->ops->rwv)
		return f->ops->rwv(f, a->iov, a->cnt, write);

	for (int i = 0; i < a->cnt; i++) {
		uaddr_t base = uaddr_from_syscall_arg(a->iov[i].base);
		size_t len = (size_t)a->iov[i].len;
		const uint64_t *p = a->positional ? &pos : NULL;

		if (len == 0)
			continue;
		if (write) {
			struct vm_reader r;

			ret = vm_reader_init(&r, base, len);
			if (!ret)
				ret = fs_file_write(f, &r, p);
		} else {
			struct vm_writer w;

			ret = vm_writer_init(&w, base, len);
			if (!ret)
				ret = fs_file_read(f, &w, p);
		}
		if (ret < 0)
			break;
		done += ret;
		pos += (uint64_t)ret;
		if ((size_t)ret < len)
			break; /* a short transfer ends the call */
	}
	if (done)
		ret = done;
	else if (ret > 0)
		ret = 0;
	return ret;
}

static long rwv(const uint64_t a[6], bool positional, bool write)
{
	struct rwv_args r;
	struct file *f;
	long ret;

	/* Linux looks the descriptor up before it reads the vector. */
	ret = fd_get(fd_table_current(), fs_fd_arg(a[0]),
		     write ? RIGHT_WRITE : RIGHT_READ, &f);
	if (ret)
		return ret;
	ret = rwv_decode(a, positional, &r);
	if (!ret && positional && !fs_file_seekable(f))
		ret = -ESPIPE;
	if (!ret)
		ret = do_rwv(f, &r, write);
	frame_free(r.iov);
	file_put(f);
	return ret;
}

long sys_readv(const uint64_t a[6])
{
	return rwv(a, false, false);
}

long sys_writev(const uint64_t a[6])
{
	return rwv(a, false, true);
}

long sys_preadv(const uint64_t a[6])
{
	return rwv(a, true, false);
}

long sys_pwritev(const uint64_t a[6])
{
	return rwv(a, true, true);
}
