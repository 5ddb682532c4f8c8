/* SPDX-License-Identifier: MIT */
/* eventfd(2) and eventfd2(2). */
#include <event/syscalls.h>

#include <frame/errno.h>

#include <fs/fs.h>

#include "eventfd.h"

#define EFD_FLAGS (EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE)

struct eventfd_args {
	uint64_t initval;
	unsigned int flags;
};

static long do_eventfd2(const struct eventfd_args *args)
{
	struct fd_table *t = fd_table_current();
	struct file *f;
	int fd, err;

	if (!t)
		return -EBADF;
	err = eventfd_file_create(args->initval, args->flags & ~EFD_CLOEXEC,
				  &f);
	if (err)
		return err;
	fd = fd_install(t, f, fd_rights_for_oflags(O_RDWR),
			args->flags & EFD_CLOEXEC);
	/* The table holds its own reference (or none on failure). */
	file_put(f);
	return fd;
}

long sys_eventfd2(const uint64_t a[6])
{
	/* Both arguments are C ints: the upper halves are not the caller's. */
	struct eventfd_args args = { .initval = (uint32_t)a[0],
				     .flags = (uint32_t)a[1] };

	if (args.flags & ~(unsigned int)EFD_FLAGS)
		return -EINVAL;
	return do_eventfd2(&args);
}

long sys_eventfd(const uint64_t a[6])
{
	const uint64_t b[6] = { a[0], 0, 0, 0, 0, 0 };

	return sys_eventfd2(b);
}
