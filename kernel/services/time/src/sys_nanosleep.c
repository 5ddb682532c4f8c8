/* SPDX-License-Identifier: MIT */
/* nanosleep and clock_nanosleep, and their restart after a signal. */
#include <time/syscalls.h>

#include <frame/errno.h>
#include <signal/signal.h>
#include <frame/time.h>

#include "time_internal.h"

/* A checked sleep request: until @deadline on @clk, time left to @rmtp. */
struct sleep_req {
	int clk;
	bool abs;
	uint64_t deadline;
	uaddr_t rmtp;
};

/*
 * After a signal: a relative sleep writes the time left and returns
 * -ERESTART_RESTARTBLOCK, which signal delivery turns into -EINTR when a
 * handler runs and otherwise into restart_syscall(2), which sleeps on to
 * the same deadline. An absolute one just starts again (-ERESTARTNOHAND).
 */
static long sleep_interrupted(const struct sleep_req *req)
{
	uint64_t args[6] = { (uint64_t)req->clk, req->deadline,
			     uaddr_value(req->rmtp) };
	struct time_ts left;
	uint64_t now = 0;

	if (req->abs)
		return -ERESTARTNOHAND;
	if (!uaddr_is_null(req->rmtp)) {
		time_clock_read(req->clk, &now);
		time_ns_to_ts(req->deadline > now ? req->deadline - now : 0,
			      &left);
		if (time_put_ts(req->rmtp, &left))
			return -EFAULT;
	}
	signal_set_restart(time_sleep_restart, args);
	return -ERESTART_RESTARTBLOCK;
}

static long do_sleep(const struct sleep_req *req)
{
	if (time_sleep_until(req->clk, req->deadline) == -EINTR)
		return sleep_interrupted(req);
	return 0;
}

/* The request @ureq for @clk, relative unless @abs, checked. */
static int sleep_decode(int clk, bool abs, uaddr_t ureq, uaddr_t rmtp,
			struct sleep_req *req)
{
	struct time_ts ts;
	uint64_t now, ns;
	int err;

	if (time_get_ts(ureq, &ts))
		return -EFAULT;
	if (!time_ts_valid(&ts))
		return -EINVAL;
	ns = time_ts_to_ns(&ts);
	req->clk = clk;
	req->abs = abs;
	req->rmtp = rmtp;
	if (abs) {
		req->deadline = ns;
		return 0;
	}
	err = time_clock_read(clk, &now);
	if (err)
		return err;
	req->deadline = now + ns < now ? UINT64_MAX : now + ns;
	return 0;
}

long sys_nanosleep(const uint64_t a[6])
{
	struct sleep_req req;
	int err;

	err = sleep_decode(CLOCK_MONOTONIC, false, uaddr_from_syscall_arg(a[0]),
			   uaddr_from_syscall_arg(a[1]), &req);
	if (err)
		return err;
	return do_sleep(&req);
}

/* The clock a clock_nanosleep on @clk sleeps on, or -errno as Linux. */
static int nanosleep_clock(int clk)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
	case CLOCK_TAI:
	case CLOCK_PROCESS_CPUTIME_ID:
		return clk;
	case CLOCK_REALTIME_ALARM:
		return CLOCK_REALTIME;
	case CLOCK_BOOTTIME_ALARM:
		return CLOCK_BOOTTIME;
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
		return -EOPNOTSUPP;
	default: /* CLOCK_THREAD_CPUTIME_ID, unknown and per-pid clocks */
		return -EINVAL;
	}
}

long sys_clock_nanosleep(const uint64_t a[6])
{
	int clk = nanosleep_clock((int)a[0]);
	struct sleep_req req;
	int err;

	if (clk < 0)
		return clk;
	err = sleep_decode(clk, a[1] & TIMER_ABSTIME,
			   uaddr_from_syscall_arg(a[2]),
			   uaddr_from_syscall_arg(a[3]), &req);
	if (err)
		return err;
	return do_sleep(&req);
}

long time_sleep_restart(const uint64_t args[6])
{
	struct sleep_req req = {
		.clk = (int)args[0],
		.abs = false,
		.deadline = args[1],
		.rmtp = uaddr_from_syscall_arg(args[2]),
	};

	return do_sleep(&req);
}
