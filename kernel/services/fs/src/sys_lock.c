/* SPDX-License-Identifier: MIT */
/* flock(2) and fcntl(2)'s record locks: F_GETLK, F_SETLK(W), F_OFD_*. */
#include <frame/errno.h>
#include <frame/user.h>

#include <fs/syscalls.h>

#include "lock.h"
#include "sys_util.h"

#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

/* struct flock on x86-64 */
struct linux_flock {
	int16_t l_type, l_whence;
	int64_t l_start, l_len;
	int32_t l_pid;
	int32_t pad;
};

/* The byte range of @fl for @f, as Linux computes it: -EINVAL for a bad
 * l_whence or a range starting before 0, -EOVERFLOW past the limit. */
static int lock_range(struct file *f, const struct linux_flock *fl,
		      struct lock_req *r)
{
	int64_t base, start;

	switch (fl->l_whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (int64_t)__atomic_load_n(&f->pos, __ATOMIC_RELAXED);
		break;
	case SEEK_END:
		frame_mutex_lock(&vfs_lock);
		base = f->inode ? (int64_t)f->inode->size : 0;
		frame_mutex_unlock(&vfs_lock);
		break;
	default:
		return -EINVAL;
	}
	if (fl->l_start > LK_OFFSET_MAX - base)
		return -EOVERFLOW;
	start = base + fl->l_start;
	if (start < 0)
		return -EINVAL;
	if (fl->l_len > 0) {
		if (fl->l_len - 1 > LK_OFFSET_MAX - start)
			return -EOVERFLOW;
		r->start = start;
		r->end = start + fl->l_len - 1;
	} else if (fl->l_len < 0) {
		if (start + fl->l_len < 0)
			return -EINVAL;
		r->start = start + fl->l_len;
		r->end = start - 1;
	} else {
		r->start = start;
		r->end = LK_OFFSET_MAX;
	}
	return 0;
}

/* F_GETLK: the lock in the way, or l_type F_UNLCK. */
static long fcntl_getlk(struct file *f, const struct lock_req *r,
			struct linux_flock *fl, uaddr_t u)
{
	struct lock_req c;

	if (f->inode && lock_test(f->inode, r, &c)) {
		fl->l_type = (int16_t)c.type;
		fl->l_whence = SEEK_SET;
		fl->l_start = c.start;
		fl->l_len = c.end == LK_OFFSET_MAX ? 0 : c.end - c.start + 1;
		fl->l_pid = c.pid;
	} else {
		fl->l_type = LK_UNLCK;
	}
	return frame_copy_to_user(u, fl, sizeof(*fl)) ? -EFAULT : 0;
}

long fs_fcntl_lock(struct file *f, unsigned int rights, unsigned int cmd,
		   uint64_t arg)
{
	uaddr_t u = uaddr_from_syscall_arg(arg);
	bool ofd =
		cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
	bool get = cmd == F_GETLK || cmd == F_OFD_GETLK;
	struct lock_req r = { .file = f };
	struct linux_flock fl;
	long err;

	if (frame_copy_from_user(&fl, u, sizeof(fl)))
		return -EFAULT;
	if (fl.l_type < LK_RDLCK || fl.l_type > LK_UNLCK ||
	    (get && fl.l_type == LK_UNLCK))
		return -EINVAL;
	if (ofd && fl.l_pid != 0)
		return -EINVAL;
	err = lock_range(f, &fl, &r);
	if (err)
		return err;
	r.type = fl.l_type;
	r.kind = ofd ? LK_OFD : LK_POSIX;
	r.tbl = fd_table_current();
	r.pid = ofd ? -1 : fs_current_pid();
	if (get)
		return fcntl_getlk(f, &r, &fl, u);
	if ((r.type == LK_RDLCK && !(rights & RIGHT_READ)) ||
	    (r.type == LK_WRLCK && !(rights & RIGHT_WRITE)))
		return -EBADF;
	if (!f->inode)
		return 0; /* a pipe's: nothing else can reach it by name */
	return lock_set(f->inode, &r, cmd == F_SETLKW || cmd == F_OFD_SETLKW);
}

/* flock(fd, operation): one whole-file lock per open file. */
long sys_flock(const uint64_t a[6])
{
	unsigned int cmd = (unsigned int)a[1];
	unsigned int op = cmd & ~(unsigned int)LOCK_NB;
	struct lock_req r = { .kind = LK_FLOCK, .end = LK_OFFSET_MAX };
	struct file *f;
	long ret;

	ret = fd_get(fd_table_current(), fs_fd_arg(a[0]), 0, &f);
	if (ret)
		return ret;
	if (file_flags(f) & O_PATH) {
		ret = -EBADF;
		goto out;
	}
	if (op == LOCK_SH)
		r.type = LK_RDLCK;
	else if (op == LOCK_EX)
		r.type = LK_WRLCK;
	else if (op == LOCK_UN)
		r.type = LK_UNLCK;
	else
		ret = -EINVAL;
	if (ret || !f->inode)
		goto out;
	r.file = f;
	r.pid = fs_current_pid();
	ret = lock_set(f->inode, &r, !(cmd & LOCK_NB));
out:
	file_put(f);
	return ret;
}
