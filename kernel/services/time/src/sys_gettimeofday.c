/* SPDX-License-Identifier: MIT */
/* gettimeofday, settimeofday and time: the wall clock in seconds and us. */
#include <time/syscalls.h>

#include <frame/errno.h>
#include <frame/sync.h>
#include <frame/time.h>

#include "time_internal.h"

/* struct timezone: kept as settimeofday set it, reported as it was set. */
struct time_tz {
	int32_t tz_minuteswest;
	int32_t tz_dsttime;
};

static struct {
	struct frame_spinlock lock;
	struct time_tz tz;
} time_zone = { .lock = FRAME_SPINLOCK_INIT };

long sys_gettimeofday(const uint64_t a[6])
{
	uaddr_t utv = uaddr_from_syscall_arg(a[0]);
	uaddr_t utz = uaddr_from_syscall_arg(a[1]);
	struct time_tv tv;
	struct time_tz tz;
	uint64_t flags;

	if (!uaddr_is_null(utv)) {
		time_ns_to_tv(frame_clock_realtime_ns(), &tv);
		if (time_put_tv(utv, &tv))
			return -EFAULT;
	}
	if (!uaddr_is_null(utz)) {
		flags = frame_spin_lock_irqsave(&time_zone.lock);
		tz = time_zone.tz;
		frame_spin_unlock_irqrestore(&time_zone.lock, flags);
		if (frame_copy_to_user(utz, &tz, sizeof(tz)))
			return -EFAULT;
	}
	return 0;
}

/* What settimeofday asks for, checked. */
struct settod_req {
	bool set_time, set_tz;
	uint64_t ns;
	struct time_tz tz;
};

static int settod_decode(const uint64_t a[6], struct settod_req *req)
{
	uaddr_t utv = uaddr_from_syscall_arg(a[0]);
	uaddr_t utz = uaddr_from_syscall_arg(a[1]);
	struct time_tv tv;

	req->set_time = !uaddr_is_null(utv);
	req->set_tz = !uaddr_is_null(utz);
	if (req->set_time) {
		if (time_get_tv(utv, &tv))
			return -EFAULT;
		if (!time_tv_valid(&tv) || time_tv_to_ns(&tv) == UINT64_MAX)
			return -EINVAL;
		req->ns = time_tv_to_ns(&tv);
	}
	if (req->set_tz) {
		if (frame_copy_from_user(&req->tz, utz, sizeof(req->tz)))
			return -EFAULT;
		if (req->tz.tz_minuteswest > 15 * 60 ||
		    req->tz.tz_minuteswest < -15 * 60)
			return -EINVAL;
	}
	if (!time_capable())
		return -EPERM;
	return 0;
}

long sys_settimeofday(const uint64_t a[6])
{
	struct settod_req req;
	uint64_t flags;
	int err;

	err = settod_decode(a, &req);
	if (err)
		return err;
	if (req.set_tz) {
		flags = frame_spin_lock_irqsave(&time_zone.lock);
		time_zone.tz = req.tz;
		frame_spin_unlock_irqrestore(&time_zone.lock, flags);
	}
	if (req.set_time)
		frame_clock_realtime_set(req.ns);
	return 0;
}

long sys_time(const uint64_t a[6])
{
	uaddr_t tloc = uaddr_from_syscall_arg(a[0]);
	int64_t now = (int64_t)(frame_clock_realtime_ns() / FRAME_NSEC_PER_SEC);

	if (!uaddr_is_null(tloc) && frame_copy_to_user(tloc, &now, sizeof(now)))
		return -EFAULT;
	return now;
}
