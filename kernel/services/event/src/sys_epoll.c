/* SPDX-License-Identifier: MIT */
/* epoll_create(2), epoll_create1(2), epoll_ctl(2), epoll_wait(2),
 * epoll_pwait(2) and epoll_pwait2(2). */
#include <event/syscalls.h>

#include <frame/errno.h>
#include <frame/time.h>
#include <frame/user.h>
#include <frame/vm.h>

#include <fs/fs.h>
#include <signal/signal.h>

#include "epoll.h"

/* Linux's cap: the event array's size in bytes must fit an int. */
#define EPOLL_MAX_EVENTS (INT32_MAX / (int)sizeof(struct epoll_event))

struct epoll_linux_timespec {
	int64_t sec, nsec;
};

static long do_epoll_create(bool cloexec)
{
	struct fd_table *t = fd_table_current();
	struct file *f;
	int fd, err;

	if (!t)
		return -EBADF;
	err = epoll_file_create(&f);
	if (err)
		return err;
	fd = fd_install(t, f, fd_rights_for_oflags(O_RDWR), cloexec);
	/* The table holds its own reference (or none on failure). */
	file_put(f);
	return fd;
}

long sys_epoll_create1(const uint64_t a[6])
{
	unsigned int flags = (uint32_t)a[0];

	if (flags & ~(unsigned int)O_CLOEXEC)
		return -EINVAL;
	return do_epoll_create(flags & O_CLOEXEC);
}

long sys_epoll_create(const uint64_t a[6])
{
	/* the size is only a hint, but it must be positive */
	if ((int)a[0] <= 0)
		return -EINVAL;
	return do_epoll_create(false);
}

struct epoll_ctl_args {
	int epfd, op, fd;
	struct epoll_event ev;
};

static long do_epoll_ctl(const struct epoll_ctl_args *args)
{
	struct fd_table *t = fd_table_current();
	struct file *ef, *tf;
	struct epoll *ep;
	long err;

	if (!t)
		return -EBADF;
	/* without the right to poll (O_PATH): EBADF, as Linux's fdget() */
	err = fd_get(t, args->epfd, RIGHT_POLL, &ef);
	if (err)
		return err;
	err = fd_get(t, args->fd, RIGHT_POLL, &tf);
	if (err)
		goto out_put_ef;
	ep = epoll_of(ef);
	if (!fs_file_pollable(tf))
		err = -EPERM;
	else if (tf == ef || !ep)
		err = -EINVAL;
	else
		err = epoll_ctl_file(ep, args->op, args->fd, tf, &args->ev);
	file_put(tf);
out_put_ef:
	file_put(ef);
	return err;
}

long sys_epoll_ctl(const uint64_t a[6])
{
	struct epoll_ctl_args args = { .epfd = (int)a[0],
				       .op = (int)a[1],
				       .fd = (int)a[2] };

	/* Linux reads the event for every op but DEL, unknown ones too */
	if (args.op != EPOLL_CTL_DEL &&
	    frame_copy_from_user(&args.ev, uaddr_from_syscall_arg(a[3]),
				 sizeof(args.ev)))
		return -EFAULT;
	return do_epoll_ctl(&args);
}

/* The caller's event array. */
struct epoll_user_sink {
	struct epoll_sink sink;
	uaddr_t base;
};

static int epoll_user_put(struct epoll_sink *s, int i,
			  const struct epoll_event *ev)
{
	struct epoll_user_sink *u =
		container_of(s, struct epoll_user_sink, sink);

	return frame_copy_to_user(uaddr_add(u->base, (size_t)i * sizeof(*ev)),
				  ev, sizeof(*ev));
}

struct epoll_wait_args {
	int epfd, max;
	uaddr_t events;
	uint64_t deadline;
};

static long do_epoll_wait(const struct epoll_wait_args *args)
{
	struct epoll_user_sink out = { .sink = { epoll_user_put },
				       .base = args->events };
	uint64_t end = uaddr_value(args->events) +
		       (uint64_t)args->max * sizeof(struct epoll_event);
	struct fd_table *t = fd_table_current();
	struct file *ef;
	struct epoll *ep;
	long ret;

	if (args->max <= 0 || args->max > EPOLL_MAX_EVENTS)
		return -EINVAL;
	/* as access_ok(): the whole array in the user half, else EFAULT
	 * before anything else; a bad user page faults at the copy */
	if (end > VM_USER_MAX || end < uaddr_value(args->events))
		return -EFAULT;
	if (!t)
		return -EBADF;
	ret = fd_get(t, args->epfd, RIGHT_POLL, &ef);
	if (ret)
		return ret;
	ep = epoll_of(ef);
	ret = ep ? epoll_wait_events(ep, &out.sink, args->max, args->deadline)
		 : -EINVAL;
	file_put(ef);
	return ret;
}

/* now + @ns on the monotonic clock, saturating below FRAME_WAIT_FOREVER */
static uint64_t epoll_deadline(uint64_t ns)
{
	uint64_t now = frame_clock_monotonic_ns();

	if (ns > FRAME_WAIT_FOREVER - 1 - now)
		return FRAME_WAIT_FOREVER - 1;
	return now + ns;
}

static uint64_t epoll_ms_deadline(int ms)
{
	if (ms < 0)
		return FRAME_WAIT_FOREVER;
	return epoll_deadline((uint64_t)ms * 1000000u);
}

/* epoll_pwait and epoll_pwait2: the wait under the caller's mask, as
 * ppoll does; the mask is checked and read first, as on Linux */
static long epoll_pwait_common(struct epoll_wait_args *args, uint64_t umask,
			       uint64_t size)
{
	sigset_t mask;
	long ret;

	if (!umask)
		return do_epoll_wait(args);
	if (size != sizeof(sigset_t))
		return -EINVAL;
	if (frame_copy_from_user(&mask, uaddr_from_syscall_arg(umask),
				 sizeof(mask)))
		return -EFAULT;
	signal_mask_wait_begin(mask);
	ret = do_epoll_wait(args);
	signal_mask_wait_end(ret == -EINTR);
	return ret;
}

long sys_epoll_wait(const uint64_t a[6])
{
	struct epoll_wait_args args = {
		.epfd = (int)a[0],
		.events = uaddr_from_syscall_arg(a[1]),
		.max = (int)a[2],
		.deadline = epoll_ms_deadline((int)a[3]),
	};

	return do_epoll_wait(&args);
}

long sys_epoll_pwait(const uint64_t a[6])
{
	struct epoll_wait_args args = {
		.epfd = (int)a[0],
		.events = uaddr_from_syscall_arg(a[1]),
		.max = (int)a[2],
		.deadline = epoll_ms_deadline((int)a[3]),
	};

	return epoll_pwait_common(&args, a[4], a[5]);
}

long sys_epoll_pwait2(const uint64_t a[6])
{
	struct epoll_wait_args args = {
		.epfd = (int)a[0],
		.events = uaddr_from_syscall_arg(a[1]),
		.max = (int)a[2],
		.deadline = FRAME_WAIT_FOREVER,
	};

	if (a[3]) {
		struct epoll_linux_timespec ts;

		if (frame_copy_from_user(&ts, uaddr_from_syscall_arg(a[3]),
					 sizeof(ts)))
			return -EFAULT;
		if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000)
			return -EINVAL;
		args.deadline = ts.sec > (int64_t)(UINT64_MAX / 1000000000u) - 1
					? FRAME_WAIT_FOREVER - 1
					: epoll_deadline((uint64_t)ts.sec *
								 1000000000u +
							 (uint64_t)ts.nsec);
	}
	return epoll_pwait_common(&args, a[4], a[5]);
}
