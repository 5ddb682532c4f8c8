/* SPDX-License-Identifier: MIT */
/* timerfd_create(2), timerfd_settime(2) and timerfd_gettime(2). */
#include <event/syscalls.h>

#include <frame/errno.h>
#include <frame/user.h>

#include <fs/fs.h>

#include "timerfd.h"

#define TFD_CREATE_FLAGS  (TFD_CLOEXEC | TFD_NONBLOCK)
#define TFD_SETTIME_FLAGS (TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)
#define NSEC_PER_SEC	  1000000000ull

/* struct itimerspec as x86-64 user space lays it out. */
struct timerfd_uspec {
	int64_t interval_sec, interval_nsec;
	int64_t value_sec, value_nsec;
};

long sys_timerfd_create(const uint64_t a[6])
{
	struct fd_table *t = fd_table_current();
	int clockid = (int)a[0];
	unsigned int flags = (unsigned int)a[1];
	struct file *f;
	int fd, err;

	if (flags & ~(unsigned int)TFD_CREATE_FLAGS)
		return -EINVAL;
	if (!timerfd_clock_ok(clockid))
		return -EINVAL;
	if (!t)
		return -EBADF;
	err = timerfd_file_create(clockid, flags, &f);
	if (err)
		return err;
	fd = fd_install(t, f, fd_rights_for_oflags(O_RDWR),
			flags & TFD_CLOEXEC);
	file_put(f);
	return fd;
}

/* One timespec to nanoseconds: -EINVAL outside [0, 1e9) or negative;
 * seconds past what 64 bits of nanoseconds hold saturate. */
static int timerfd_ns(int64_t sec, int64_t nsec, uint64_t *ns)
{
	if (sec < 0 || nsec < 0 || (uint64_t)nsec >= NSEC_PER_SEC)
		return -EINVAL;
	if ((uint64_t)sec >= (UINT64_MAX - NSEC_PER_SEC) / NSEC_PER_SEC)
		*ns = UINT64_MAX - NSEC_PER_SEC;
	else
		*ns = (uint64_t)sec * NSEC_PER_SEC + (uint64_t)nsec;
	return 0;
}

static void timerfd_to_user(const struct timerfd_spec *s,
			    struct timerfd_uspec *u)
{
	u->interval_sec = (int64_t)(s->interval_ns / NSEC_PER_SEC);
	u->interval_nsec = (int64_t)(s->interval_ns % NSEC_PER_SEC);
	u->value_sec = (int64_t)(s->value_ns / NSEC_PER_SEC);
	u->value_nsec = (int64_t)(s->value_ns % NSEC_PER_SEC);
}

/* The timerfd of @fd with a reference, or -EBADF / -EINVAL. */
static int timerfd_get_file(int fd, struct file **out)
{
	struct fd_table *t = fd_table_current();
	int err;

	if (!t)
		return -EBADF;
	err = fd_get(t, fd, 0, out);
	if (err)
		return err;
	if (!timerfd_of(*out)) {
		file_put(*out);
		return -EINVAL;
	}
	return 0;
}

struct timerfd_settime_args {
	int fd;
	unsigned int flags;
	struct timerfd_spec spec;
	uaddr_t old;
};

static long do_timerfd_settime(const struct timerfd_settime_args *args)
{
	struct timerfd_spec old;
	struct timerfd_uspec u;
	struct file *f;
	int err;

	err = timerfd_get_file(args->fd, &f);
	if (err)
		return err;
	timerfd_set(timerfd_of(f), args->flags, &args->spec, &old);
	file_put(f);
	if (uaddr_is_null(args->old))
		return 0;
	timerfd_to_user(&old, &u);
	return frame_copy_to_user(args->old, &u, sizeof(u)) ? -EFAULT : 0;
}

long sys_timerfd_settime(const uint64_t a[6])
{
	struct timerfd_settime_args args = {
		.fd = (int)a[0],
		.flags = (unsigned int)a[1],
		.old = uaddr_from_syscall_arg(a[3]),
	};
	struct timerfd_uspec u;

	if (frame_copy_from_user(&u, uaddr_from_syscall_arg(a[2]), sizeof(u)))
		return -EFAULT;
	if (args.flags & ~(unsigned int)TFD_SETTIME_FLAGS)
		return -EINVAL;
	if (timerfd_ns(u.interval_sec, u.interval_nsec,
		       &args.spec.interval_ns) ||
	    timerfd_ns(u.value_sec, u.value_nsec, &args.spec.value_ns))
		return -EINVAL;
	return do_timerfd_settime(&args);
}

long sys_timerfd_gettime(const uint64_t a[6])
{
	uaddr_t out = uaddr_from_syscall_arg(a[1]);
	struct timerfd_spec s;
	struct timerfd_uspec u;
	struct file *f;
	int err;

	err = timerfd_get_file((int)a[0], &f);
	if (err)
		return err;
	timerfd_get(timerfd_of(f), &s);
	file_put(f);
	timerfd_to_user(&s, &u);
	return frame_copy_to_user(out, &u, sizeof(u)) ? -EFAULT : 0;
}
