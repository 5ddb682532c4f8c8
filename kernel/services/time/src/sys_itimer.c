/* SPDX-License-Identifier: MIT */
/* getitimer, setitimer and alarm. */
#include <time/syscalls.h>

#include <frame/errno.h>
#include <frame/string.h>

#include "time_internal.h"

static bool itimer_which_valid(int which)
{
	return which == ITIMER_REAL || which == ITIMER_VIRTUAL ||
	       which == ITIMER_PROF;
}

long sys_getitimer(const uint64_t a[6])
{
	int which = (int)a[0];
	uaddr_t out = uaddr_from_syscall_arg(a[1]);
	struct time_itv itv;

	if (!itimer_which_valid(which))
		return -EINVAL;
	time_itimer_get(time_current_pid(), which, &itv);
	if (frame_copy_to_user(out, &itv, sizeof(itv)))
		return -EFAULT;
	return 0;
}

/* setitimer's request, checked: NULL new value means "disarm" (Linux). */
struct setitimer_req {
	int which;
	struct time_itv value;
	uaddr_t old;
};

static int setitimer_decode(const uint64_t a[6], struct setitimer_req *req)
{
	uaddr_t in = uaddr_from_syscall_arg(a[1]);

	req->which = (int)a[0];
	req->old = uaddr_from_syscall_arg(a[2]);
	memset(&req->value, 0, sizeof(req->value));
	if (!uaddr_is_null(in) &&
	    frame_copy_from_user(&req->value, in, sizeof(req->value)))
		return -EFAULT;
	if (!itimer_which_valid(req->which))
		return -EINVAL;
	if (!time_tv_valid(&req->value.it_value) ||
	    !time_tv_valid(&req->value.it_interval))
		return -EINVAL;
	return 0;
}

long sys_setitimer(const uint64_t a[6])
{
	struct setitimer_req req;
	struct time_itv old;
	int err;

	err = setitimer_decode(a, &req);
	if (err)
		return err;
	err = time_itimer_set(time_current_pid(), req.which, &req.value, &old);
	if (err)
		return err;
	/* as in Linux the old value is written after the change */
	if (!uaddr_is_null(req.old) &&
	    frame_copy_to_user(req.old, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_alarm(const uint64_t a[6])
{
	struct time_itv itv = { 0 }, old;
	unsigned int seconds = (unsigned int)a[0];
	long left;

	itv.it_value.tv_sec = seconds;
	if (time_itimer_set(time_current_pid(), ITIMER_REAL, &itv, &old))
		return 0;
	/* whole seconds left, rounded; a timer still armed reads at least 1 */
	left = old.it_value.tv_sec;
	if ((!left && old.it_value.tv_usec) || old.it_value.tv_usec >= 500000)
		left++;
	return left;
}
