/* SPDX-License-Identifier: MIT */
/* pipe(2) and pipe2(2). */
#include <ipc/syscalls.h>

#include <frame/errno.h>
#include <frame/user.h>

#include <fs/fs.h>

#include "pipe_file.h"

#define PIPE2_FLAGS (O_CLOEXEC | O_NONBLOCK | O_DIRECT)

struct pipe2_args {
	uaddr_t fds;
	bool cloexec, nonblock;
};

static long do_pipe2(const struct pipe2_args *args)
{
	struct fd_table *t = fd_table_current();
	struct file *rd, *wr;
	int fds[2], err;

	if (!t)
		return -EBADF;
	err = pipe_files_create(args->nonblock, &rd, &wr);
	if (err)
		return err;
	/* Each end gets its one direction and what any descriptor has; seek
	 * and map stay, so that lseek and mmap fail as on Linux (ESPIPE,
	 * ENODEV) rather than with EBADF or EACCES. */
	fds[0] = fd_install(t, rd, fd_rights_for_oflags(O_RDONLY),
			    args->cloexec);
	if (fds[0] < 0) {
		err = fds[0];
		goto out_put;
	}
	fds[1] = fd_install(t, wr, fd_rights_for_oflags(O_WRONLY),
			    args->cloexec);
	if (fds[1] < 0) {
		err = fds[1];
		goto out_close_rd;
	}
	if (frame_copy_to_user(args->fds, fds, sizeof(fds))) {
		err = -EFAULT;
		goto out_close_wr;
	}
	/* The table holds its own references now. */
	file_put(rd);
	file_put(wr);
	return 0;

out_close_wr:
	(void)fd_close(t, fds[1]);
out_close_rd:
	(void)fd_close(t, fds[0]);
out_put:
	file_put(rd);
	file_put(wr);
	return err;
}

long sys_pipe2(const uint64_t a[6])
{
	struct pipe2_args args = { .fds = uaddr_from_syscall_arg(a[0]) };
	uint64_t flags = a[1];

	if (flags & ~(uint64_t)PIPE2_FLAGS)
		return -EINVAL;
	if (uaddr_is_null(args.fds))
		return -EFAULT;
	args.cloexec = flags & O_CLOEXEC;
	args.nonblock = flags & O_NONBLOCK;
	return do_pipe2(&args);
}

long sys_pipe(const uint64_t a[6])
{
	const uint64_t b[6] = { a[0], 0, 0, 0, 0, 0 };

	return sys_pipe2(b);
}
