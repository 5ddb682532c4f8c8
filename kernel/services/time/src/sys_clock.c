/* SPDX-License-Identifier: MIT */
/* clock_gettime, clock_getres, clock_settime. */
#include <time/syscalls.h>

#include <frame/errno.h>
#include <frame/time.h>

#include "time_internal.h"

/* Decoded arguments of the three calls: (clockid_t, struct timespec *). */
struct clock_args {
	int clk;
	uaddr_t tp;
};

static void clock_args_decode(const uint64_t a[6], struct clock_args *args)
{
	args->clk = (int)a[0];
	args->tp = uaddr_from_syscall_arg(a[1]);
}

long sys_clock_gettime(const uint64_t a[6])
{
	struct clock_args args;
	struct time_ts ts;
	uint64_t ns;
	int err;

	clock_args_decode(a, &args);
	err = time_clock_read(args.clk, &ns);
	if (err)
		return err;
	time_ns_to_ts(ns, &ts);
	return time_put_ts(args.tp, &ts);
}

/* The resolution: nanoseconds where a timer fires on time, else a tick. */
static uint64_t clock_res_ns(int clk)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_BOOTTIME:
	case CLOCK_TAI:
	case CLOCK_REALTIME_ALARM:
	case CLOCK_BOOTTIME_ALARM:
		return 1;
	default: /* the coarse clocks and CPU time: sampled per tick */
		return TIME_TICK_NS;
	}
}

long sys_clock_getres(const uint64_t a[6])
{
	struct clock_args args;
	struct time_ts ts;
	uint64_t ns;
	int err;

	clock_args_decode(a, &args);
	err = time_clock_read(args.clk, &ns);
	if (err)
		return err;
	if (uaddr_is_null(args.tp))
		return 0;
	time_ns_to_ts(clock_res_ns(args.clk), &ts);
	return time_put_ts(args.tp, &ts);
}

long sys_clock_settime(const uint64_t a[6])
{
	struct clock_args args;
	struct time_ts ts;
	uint64_t ns;
	int err;

	clock_args_decode(a, &args);
	err = time_clock_read(args.clk, &ns);
	if (err)
		return err;
	if (args.clk != CLOCK_REALTIME)
		return -EINVAL; /* only the wall clock can be set */
	if (time_get_ts(args.tp, &ts))
		return -EFAULT;
	if (!time_ts_valid(&ts) || time_ts_to_ns(&ts) == UINT64_MAX)
		return -EINVAL;
	if (!time_capable())
		return -EPERM;
	return frame_clock_realtime_set(time_ts_to_ns(&ts));
}
