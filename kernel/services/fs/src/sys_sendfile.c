/* SPDX-License-Identifier: MIT */
/* sendfile(2) and copy_file_range(2): file to file through a kernel buffer. */
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/user.h>

#include <fs/syscalls.h>

#include "sys_util.h"

/* Linux caps one transfer so that the count fits a positive ssize_t. */
#define FS_RW_MAX 0x7ffff000ul
/* One step of the copy: PIPE_BUF, so that a step a pipe reported room
 * for never blocks. */
#define XFER_CHUNK  4096u
#define POLLOUT_BIT 0x004u

/* One transfer, decoded and checked. */
struct xfer {
	struct file *in, *out;
	uint64_t in_pos, out_pos;
	bool in_explicit, out_explicit; /* positions given by the caller */
	size_t count;
};

/*
 * Copy @x->count bytes from the regular file @x->in at in_pos to @x->out
 * at out_pos, advancing both. Stops at the input's end, at a short write,
 * and, once something moved, when @x->out reports it would block (a full
 * pipe), as Linux's splice does. The bytes moved, or the first step's
 * error.
 */
static ssize_t xfer_copy(struct xfer *x)
{
	const struct file_ops *ops = x->out->ops;
	uint8_t *buf;
	size_t done = 0;
	ssize_t ret = 0;

	if (x->count == 0)
		return 0;
	buf = frame_alloc(XFER_CHUNK);
	if (!buf)
		return -ENOMEM;
	while (done < x->count) {
		size_t want = MIN((size_t)XFER_CHUNK, x->count - done);
		ssize_t got, put;

		if (done && ops->poll &&
		    !(ops->poll(x->out, NULL) & POLLOUT_BIT))
			break;
		/* a synthetic file's content is what its open made */
		if (x->in->inode->synth)
			got = synth_read_kernel(x->in, x->in_pos, buf, want);
		else
			got = inode_read_kernel(x->in->inode, x->in_pos, buf,
						want);
		if (got <= 0) {
			ret = got;
			break;
		}
		put = ops->write_kernel(x->out, buf, (size_t)got, &x->out_pos);
		if (put <= 0) {
			ret = put;
			break;
		}
		x->in_pos += (uint64_t)put;
		done += (size_t)put;
		if (put < got)
			break;
	}
	frame_free(buf);
	return done ? (ssize_t)done : ret;
}

/* Run the copy with the files' own positions where the caller gave none:
 * the output's under its lock (a regular file's position is shared
 * state), the input's read and stored back. */
static ssize_t xfer_run(struct xfer *x)
{
	bool lock_out = !x->out_explicit && x->out->inode &&
			S_ISREG(x->out->inode->mode);
	ssize_t ret;

	if (!x->in_explicit)
		x->in_pos = __atomic_load_n(&x->in->pos, __ATOMIC_RELAXED);
	if (lock_out)
		frame_mutex_lock(&x->out->pos_lock);
	if (!x->out_explicit)
		x->out_pos = x->out->pos;
	ret = xfer_copy(x);
	if (!x->out_explicit)
		x->out->pos = x->out_pos;
	if (lock_out)
		frame_mutex_unlock(&x->out->pos_lock);
	if (!x->in_explicit)
		__atomic_store_n(&x->in->pos, x->in_pos, __ATOMIC_RELAXED);
	return ret;
}

static bool is_regular(const struct file *f)
{
	return f->inode && S_ISREG(f->inode->mode) && f->ops &&
	       f->ops->write_kernel;
}

/* Linux's rw_verify_area(): a count or a range past the signed limit. */
static int check_range(uint64_t pos, size_t count)
{
	if ((int64_t)count < 0 || (int64_t)pos < 0 ||
	    (int64_t)(pos + count) < 0)
		return -EINVAL;
	return 0;
}

/* sendfile: the checks, in Linux's order, once the files are held. */
static long sendfile_check(struct xfer *x, int out_fd)
{
	long err;

	if (x->in_explicit && !fs_file_seekable(x->in))
		return -ESPIPE;
	err = check_range(x->in_explicit ? x->in_pos : 0, x->count);
	if (err)
		return err;
	x->count = MIN(x->count, (size_t)FS_RW_MAX);
	err = fd_get(fd_table_current(), out_fd, RIGHT_WRITE, &x->out);
	if (err)
		return err;
	if (!x->in->inode || !S_ISREG(x->in->inode->mode) || !x->out->ops ||
	    !x->out->ops->write_kernel)
		return -EINVAL;
	/* O_APPEND is refused except on a pipe (Linux splices into a pipe
	 * without that check); fs's files without an inode are pipes */
	if ((file_flags(x->out) & O_APPEND) &&
	    (x->out->inode && !S_ISFIFO(x->out->inode->mode)))
		return -EINVAL;
	return 0;
}

/* sendfile(out_fd, in_fd, off_t *offset, size_t count) */
long sys_sendfile(const uint64_t a[6])
{
	uaddr_t uoff = uaddr_from_syscall_arg(a[2]);
	struct xfer x = { .count = (size_t)a[3] };
	long ret;

	x.in_explicit = !uaddr_is_null(uoff);
	if (x.in_explicit &&
	    frame_copy_from_user(&x.in_pos, uoff, sizeof(x.in_pos)))
		return -EFAULT;
	ret = fd_get(fd_table_current(), fs_fd_arg(a[1]), RIGHT_READ, &x.in);
	if (ret)
		return ret;
	ret = sendfile_check(&x, fs_fd_arg(a[0]));
	if (!ret)
		ret = xfer_run(&x);
	if (ret >= 0 && x.in_explicit &&
	    frame_copy_to_user(uoff, &x.in_pos, sizeof(x.in_pos)))
		ret = -EFAULT;
	if (x.out)
		file_put(x.out);
	file_put(x.in);
	return ret;
}

/* copy_file_range: Linux's generic checks, once the files are held and
 * the positions known. */
static long cfr_check(struct xfer *x, unsigned int in_rights,
		      unsigned int out_rights)
{
	uint64_t size;

	if ((x->in->inode && S_ISDIR(x->in->inode->mode)) ||
	    (x->out->inode && S_ISDIR(x->out->inode->mode)))
		return -EISDIR;
	if (!is_regular(x->in) || !is_regular(x->out))
		return -EINVAL;
	if (!(in_rights & RIGHT_READ) || !(out_rights & RIGHT_WRITE) ||
	    (file_flags(x->out) & O_APPEND))
		return -EBADF;
	if (x->in_pos + x->count < x->in_pos ||
	    x->out_pos + x->count < x->out_pos)
		return -EOVERFLOW;
	frame_mutex_lock(&vfs_lock);
	size = x->in->inode->size;
	frame_mutex_unlock(&vfs_lock);
	x->count = x->in_pos >= size
			   ? 0
			   : (size_t)MIN((uint64_t)x->count, size - x->in_pos);
	if (x->in->inode == x->out->inode &&
	    x->out_pos + x->count > x->in_pos &&
	    x->out_pos < x->in_pos + x->count)
		return -EINVAL;
	if (check_range(x->in_pos, x->count) ||
	    check_range(x->out_pos, x->count))
		return -EINVAL;
	x->count = MIN(x->count, (size_t)FS_RW_MAX);
	return 0;
}

/* Read the caller's position at @u (when not NULL) into *@pos. */
static int cfr_pos_in(uaddr_t u, bool *explicit_, uint64_t *pos)
{
	*explicit_ = !uaddr_is_null(u);
	if (*explicit_ && frame_copy_from_user(pos, u, sizeof(*pos)))
		return -EFAULT;
	return 0;
}

/* copy_file_range(fd_in, off_in *, fd_out, off_out *, len, flags) */
long sys_copy_file_range(const uint64_t a[6])
{
	struct fd_table *t = fd_table_current();
	uaddr_t uin = uaddr_from_syscall_arg(a[1]);
	uaddr_t uout = uaddr_from_syscall_arg(a[3]);
	int in_fd = fs_fd_arg(a[0]), out_fd = fs_fd_arg(a[2]);
	struct xfer x = { .count = (size_t)a[4] };
	long ret;

	ret = fd_get(t, in_fd, 0, &x.in);
	if (ret)
		return ret;
	ret = fd_get(t, out_fd, 0, &x.out);
	if (ret)
		goto out_in;
	ret = cfr_pos_in(uin, &x.in_explicit, &x.in_pos);
	if (!ret)
		ret = cfr_pos_in(uout, &x.out_explicit, &x.out_pos);
	if (!ret && (unsigned int)a[5] != 0)
		ret = -EINVAL;
	if (ret)
		goto out;
	/* the generic checks see the files' positions too */
	if (!x.in_explicit)
		x.in_pos = __atomic_load_n(&x.in->pos, __ATOMIC_RELAXED);
	if (!x.out_explicit)
		x.out_pos = __atomic_load_n(&x.out->pos, __ATOMIC_RELAXED);
	ret = cfr_check(&x, fd_rights(t, in_fd), fd_rights(t, out_fd));
	if (ret)
		goto out;
	ret = xfer_run(&x);
	if (ret > 0 && x.in_explicit &&
	    frame_copy_to_user(uin, &x.in_pos, sizeof(x.in_pos)))
		ret = -EFAULT;
	if (ret > 0 && x.out_explicit &&
	    frame_copy_to_user(uout, &x.out_pos, sizeof(x.out_pos)))
		ret = -EFAULT;
out:
	file_put(x.out);
out_in:
	file_put(x.in);
	return ret;
}
