/* SPDX-License-Identifier: MIT */
/* Sleeping until a clock reaches a deadline, interruptible by signals. */
#include "time_internal.h"

#include <frame/errno.h>
#include <frame/task.h>
#include <frame/time.h>

/*
 * The wall clock can be set while a thread sleeps on it. Rather than a
 * timer on that clock (whose callback could outlive this stack frame),
 * the sleep goes in slices of at most a second of the monotonic clock and
 * reads the wall clock again after each: setting it back lengthens the
 * sleep at once, setting it past the deadline ends it within a second.
 */
#define REALTIME_SLICE_NS FRAME_NSEC_PER_SEC

static int sleep_monotonic(uint64_t deadline)
{
	uint64_t now;

	while ((now = frame_clock_monotonic_ns()) < deadline)
		if (task_sleep_ns_interruptible(deadline - now))
			return -EINTR;
	return 0;
}

static int sleep_realtime(uint64_t deadline)
{
	uint64_t now, left;

	while ((now = frame_clock_realtime_ns()) < deadline) {
		left = deadline - now;
		if (left > REALTIME_SLICE_NS)
			left = REALTIME_SLICE_NS;
		if (task_sleep_ns_interruptible(left))
			return -EINTR;
	}
	return 0;
}

/* CPU time only moves at ticks: look once a tick. */
static int sleep_cputime(int clk, uint64_t deadline)
{
	uint64_t now;
	int err;

	for (;;) {
		err = time_clock_read(clk, &now);
		if (err || now >= deadline)
			return err;
		if (task_sleep_ns_interruptible(TIME_TICK_NS))
			return -EINTR;
	}
}

int time_sleep_until(int clk, uint64_t deadline)
{
	switch (clk) {
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
		return sleep_monotonic(deadline);
	case CLOCK_REALTIME:
	case CLOCK_TAI:
		return sleep_realtime(deadline);
	case CLOCK_PROCESS_CPUTIME_ID:
		return sleep_cputime(clk, deadline);
	default:
		return -EINVAL;
	}
}
