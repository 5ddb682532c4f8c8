/* SPDX-License-Identifier: MIT */
/* utimensat(2), utimes(2), futimesat(2), utime(2): access and
 * modification times. */
#include <frame/errno.h>
#include <frame/user.h>

#include <fs/syscalls.h>

#include "sys_util.h"

#define UTIME_NOW  ((1l << 30) - 1)
#define UTIME_OMIT ((1l << 30) - 2)

/* Two times to set; nsec UTIME_NOW or UTIME_OMIT as utimensat's. */
struct utimes_args {
	struct fs_timespec t[2]; /* atime, mtime */
	bool explicit_;		 /* NULL times: both "now" */
};

/*
 * Setting both to now needs write permission or ownership; any other
 * value needs ownership (EPERM), as Linux.
 */
static long do_utimes(struct mount *m, struct inode *ino,
		      const struct utimes_args *u)
{
	struct fs_timespec now = fs_now();
	bool all_now = !u->explicit_ ||
		       (u->t[0].nsec == UTIME_NOW && u->t[1].nsec == UTIME_NOW);
	struct fs_ident id;
	long ret = 0;

	fs_ident_current(&id, false);
	frame_mutex_lock(&vfs_lock);
	if (mnt_readonly(m)) {
		ret = -EROFS;
	} else if (!inode_owner_or_capable(ino, &id)) {
		if (!all_now)
			ret = -EPERM;
		else if (inode_permission(ino, &id, MAY_WRITE))
			ret = -EACCES;
	}
	if (!ret) {
		for (int i = 0; i < 2; i++) {
			struct fs_timespec v = u->t[i];

			if (!u->explicit_ || v.nsec == UTIME_NOW)
				v = now;
			else if (v.nsec == UTIME_OMIT)
				continue;
			if (i == 0)
				ino->atime = v;
			else
				ino->mtime = v;
		}
		ino->ctime = now;
	}
	frame_mutex_unlock(&vfs_lock);
	return ret;
}

/* The file named by (@dirfd, @upath); a NULL path is @dirfd itself. */
static long utimes_at(int dirfd, uint64_t upath, unsigned int flags,
		      const struct utimes_args *u)
{
	struct inode *ino;
	struct mount *m;
	struct file *f;
	long ret;

	if (flags & ~(unsigned int)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (upath == 0) {
		if (dirfd == AT_FDCWD)
			return -EFAULT;
		ret = fd_get(fd_table_current(), dirfd, 0, &f);
		if (ret)
			return ret;
		ret = f->inode ? do_utimes(f->mnt, f->inode, u) : -EINVAL;
		file_put(f);
		return ret;
	}
	ret = fs_at_lookup_user(dirfd, upath, flags,
				AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, &ino, &m);
	if (ret)
		return ret;
	ret = do_utimes(m, ino, u);
	inode_put(ino);
	mnt_put(m);
	return ret;
}

long sys_utimensat(const uint64_t a[6])
{
	struct utimes_args u = { .explicit_ = a[2] != 0 };
	int64_t ts[4];

	if (u.explicit_) {
		if (frame_copy_from_user(ts, uaddr_from_syscall_arg(a[2]),
					 sizeof(ts)))
			return -EFAULT;
		for (int i = 0; i < 2; i++) {
			int64_t ns = ts[2 * i + 1];

			if ((ns < 0 || ns >= 1000000000) && ns != UTIME_NOW &&
			    ns != UTIME_OMIT)
				return -EINVAL;
			u.t[i] = (struct fs_timespec){ ts[2 * i], ns };
		}
		if (u.t[0].nsec == UTIME_OMIT && u.t[1].nsec == UTIME_OMIT)
			return 0;
	}
	return utimes_at(fs_fd_arg(a[0]), a[1], (unsigned int)a[3], &u);
}

/* struct timeval[2] at @utv into @u */
static long utimes_from_timeval(uint64_t utv, struct utimes_args *u)
{
	int64_t tv[4];

	u->explicit_ = utv != 0;
	if (!utv)
		return 0;
	if (frame_copy_from_user(tv, uaddr_from_syscall_arg(utv), sizeof(tv)))
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		if (tv[2 * i + 1] < 0 || tv[2 * i + 1] >= 1000000)
			return -EINVAL;
		u->t[i] =
			(struct fs_timespec){ tv[2 * i], tv[2 * i + 1] * 1000 };
	}
	return 0;
}

long sys_utimes(const uint64_t a[6])
{
	struct utimes_args u;
	long ret = utimes_from_timeval(a[1], &u);

	if (ret)
		return ret;
	if (!a[0])
		return -EFAULT;
	return utimes_at(AT_FDCWD, a[0], 0, &u);
}

long sys_futimesat(const uint64_t a[6])
{
	struct utimes_args u;
	long ret = utimes_from_timeval(a[2], &u);

	if (ret)
		return ret;
	return utimes_at(fs_fd_arg(a[0]), a[1], 0, &u);
}

long sys_utime(const uint64_t a[6])
{
	struct utimes_args u = { .explicit_ = a[1] != 0 };
	int64_t tb[2];

	if (u.explicit_) {
		if (frame_copy_from_user(tb, uaddr_from_syscall_arg(a[1]),
					 sizeof(tb)))
			return -EFAULT;
		u.t[0] = (struct fs_timespec){ tb[0], 0 };
		u.t[1] = (struct fs_timespec){ tb[1], 0 };
	}
	if (!a[0])
		return -EFAULT;
	return utimes_at(AT_FDCWD, a[0], 0, &u);
}
