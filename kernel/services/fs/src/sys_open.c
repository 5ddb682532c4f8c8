/* SPDX-License-Identifier: MIT */
/* open(2), openat(2), creat(2), close(2). */
#include <frame/errno.h>

#include <fs/syscalls.h>

#include "sys_util.h"

struct open_args {
	int dirfd;
	char *path;
	unsigned int flags, mode;
	bool tmpfile;
};

static long do_open(const struct open_args *a)
{
	struct fd_table *t = fd_table_current();
	struct file *f;
	long ret;

	if (!t)
		return -EBADF;
	if (a->tmpfile)
		ret = vfs_open_tmpfile(a->dirfd, a->path, a->flags, a->mode,
				       &f);
	else
		ret = vfs_openat(a->dirfd, a->path, a->flags, a->mode, &f);
	if (ret)
		return ret;
	ret = fd_install(t, f, fd_rights_for_oflags(a->flags),
			 a->flags & O_CLOEXEC);
	file_put(f);
	return ret;
}

static long open_common(int dirfd, uint64_t upath, uint64_t flags,
			uint64_t mode)
{
	struct open_args a = { .dirfd = dirfd,
			       .flags = (unsigned int)flags,
			       .mode = (unsigned int)mode & 07777 };
	long ret;

	/* O_TMPFILE wants O_DIRECTORY with it, no O_CREAT, and write
	 * access. O_PATH keeps only its companions. */
	if (a.flags & (O_TMPFILE & ~(unsigned int)O_DIRECTORY)) {
		if ((a.flags & (O_TMPFILE | O_CREAT)) != O_TMPFILE)
			return -EINVAL;
		if ((a.flags & O_ACCMODE) != O_WRONLY &&
		    (a.flags & O_ACCMODE) != O_RDWR)
			return -EINVAL;
		a.tmpfile = true;
	}
	if (a.flags & O_PATH)
		a.flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	ret = fs_path_get(upath, &a.path);
	if (ret)
		return ret;
	ret = do_open(&a);
	fs_path_free(a.path);
	return ret;
}

long sys_open(const uint64_t a[6])
{
	return open_common(AT_FDCWD, a[0], a[1], a[2]);
}

long sys_openat(const uint64_t a[6])
{
	return open_common(fs_fd_arg(a[0]), a[1], a[2], a[3]);
}

long sys_creat(const uint64_t a[6])
{
	return open_common(AT_FDCWD, a[0], O_CREAT | O_WRONLY | O_TRUNC, a[1]);
}

long sys_close(const uint64_t a[6])
{
	return fd_close(fd_table_current(), fs_fd_arg(a[0]));
}
