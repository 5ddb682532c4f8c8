/* SPDX-License-Identifier: MIT */
/* signalfd(2) and signalfd4(2). */
#include <event/syscalls.h>

#include <frame/errno.h>
#include <frame/user.h>

#include <fs/fs.h>

#include "signalfd.h"

#define SFD_FLAGS (SFD_CLOEXEC | SFD_NONBLOCK)

struct signalfd_args {
	int fd;
	sigset_t mask;
	unsigned int flags;
};

/* A new signalfd, or a new set for the one @args->fd names. */
static long do_signalfd4(const struct signalfd_args *args)
{
	struct fd_table *t = fd_table_current();
	struct signalfd *s;
	struct file *f;
	int fd, err;

	if (!t)
		return -EBADF;
	if (args->fd != -1) {
		err = fd_get(t, args->fd, 0, &f);
		if (err)
			return err;
		s = signalfd_of(f);
		if (s)
			signalfd_set_mask(s, args->mask);
		file_put(f);
		return s ? args->fd : -EINVAL;
	}
	err = signalfd_file_create(args->mask, args->flags, &f);
	if (err)
		return err;
	fd = fd_install(t, f, fd_rights_for_oflags(O_RDWR),
			args->flags & SFD_CLOEXEC);
	file_put(f);
	return fd;
}

long sys_signalfd4(const uint64_t a[6])
{
	struct signalfd_args args = { .fd = (int)a[0],
				      .flags = (unsigned int)a[3] };

	if (args.flags & ~(unsigned int)SFD_FLAGS)
		return -EINVAL;
	if (a[2] != SIGSET_SIZE)
		return -EINVAL;
	if (frame_copy_from_user(&args.mask, uaddr_from_syscall_arg(a[1]),
				 sizeof(args.mask)))
		return -EFAULT;
	args.mask &= ~SIGSET_UNBLOCKABLE;
	return do_signalfd4(&args);
}

long sys_signalfd(const uint64_t a[6])
{
	const uint64_t b[6] = { a[0], a[1], a[2], 0, 0, 0 };

	return sys_signalfd4(b);
}
