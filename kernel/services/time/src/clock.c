/* SPDX-License-Identifier: MIT */
/* The clocks by Linux id, and the timespec/timeval conversions and copies. */
#include "time_internal.h"

#include <frame/errno.h>
#include <frame/task.h>
#include <frame/time.h>

/*
 * CPU-time clocks of a given process or thread (clock_getcpuclockid,
 * pthread_getcpuclockid) are negative: (~pid << 3) | type, with bit 2
 * set for a thread; type 0 counts user and system time, 1 user time, 2
 * the scheduler's (user and system here).
 */
#define CPUCLOCK_PERTHREAD 4
#define CPUCLOCK_VIRT	   1
#define CPUCLOCK_TYPES	   3

static uint64_t cpu_ns(const struct task_times *t, int type)
{
	return type == CPUCLOCK_VIRT ? t->user_ns : t->user_ns + t->system_ns;
}

static int process_cpu_ns(int pid, int type, uint64_t *ns)
{
	struct task_times t;

	if (time_ops()->process_times) {
		int err = time_ops()->process_times(pid, &t);

		if (err)
			return err;
	} else if (pid == 0 || pid == time_current_pid()) {
		task_times(task_current(), &t);
	} else {
		return -EINVAL;
	}
	*ns = cpu_ns(&t, type);
	return 0;
}

static int thread_cpu_ns(int tid, int type, uint64_t *ns)
{
	struct task_times t;
	struct task *task;

	if (tid == 0 || tid == time_current_tid()) {
		task_times(task_current(), &t);
	} else if (time_ops()->task_get && !time_ops()->task_get(tid, &task)) {
		task_times(task, &t);
		time_ops()->task_put(task);
	} else {
		return -EINVAL;
	}
	*ns = cpu_ns(&t, type);
	return 0;
}

static int dynamic_clock_read(int clk, uint64_t *ns)
{
	int type = clk & CPUCLOCK_TYPES;
	int id = ~(clk >> 3);

	if (type == CPUCLOCK_TYPES || id < 0)
		return -EINVAL;
	if (clk & CPUCLOCK_PERTHREAD)
		return thread_cpu_ns(id, type, ns);
	/* pid 0 would name the caller; Linux refuses it in a clock id */
	if (id == 0)
		return -EINVAL;
	return process_cpu_ns(id, type, ns);
}

int time_clock_read(int clk, uint64_t *ns)
{
	uint64_t tick;

	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_ALARM:
	case CLOCK_TAI: /* the TAI offset is 0 until adjtimex sets it */
		*ns = frame_clock_realtime_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_BOOTTIME: /* nothing suspends, so it is the monotonic */
	case CLOCK_BOOTTIME_ALARM:
		*ns = frame_clock_monotonic_ns();
		return 0;
	case CLOCK_REALTIME_COARSE:
		tick = frame_clock_realtime_ns();
		*ns = tick - tick % TIME_TICK_NS;
		return 0;
	case CLOCK_MONOTONIC_COARSE:
		tick = frame_clock_monotonic_ns();
		*ns = tick - tick % TIME_TICK_NS;
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
		return process_cpu_ns(0, 0, ns);
	case CLOCK_THREAD_CPUTIME_ID:
		return thread_cpu_ns(0, 0, ns);
	default:
		if (clk < 0)
			return dynamic_clock_read(clk, ns);
		return -EINVAL;
	}
}

bool time_ts_valid(const struct time_ts *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 &&
	       (uint64_t)ts->tv_nsec < FRAME_NSEC_PER_SEC;
}

bool time_tv_valid(const struct time_tv *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000;
}

static uint64_t sec_plus(int64_t sec, uint64_t frac_ns)
{
	if ((uint64_t)sec >= UINT64_MAX / FRAME_NSEC_PER_SEC)
		return UINT64_MAX;
	return (uint64_t)sec * FRAME_NSEC_PER_SEC + frac_ns;
}

uint64_t time_ts_to_ns(const struct time_ts *ts)
{
	return sec_plus(ts->tv_sec, (uint64_t)ts->tv_nsec);
}

uint64_t time_tv_to_ns(const struct time_tv *tv)
{
	return sec_plus(tv->tv_sec, (uint64_t)tv->tv_usec * 1000);
}

void time_ns_to_ts(uint64_t ns, struct time_ts *ts)
{
	ts->tv_sec = (int64_t)(ns / FRAME_NSEC_PER_SEC);
	ts->tv_nsec = (int64_t)(ns % FRAME_NSEC_PER_SEC);
}

void time_ns_to_tv(uint64_t ns, struct time_tv *tv)
{
	tv->tv_sec = (int64_t)(ns / FRAME_NSEC_PER_SEC);
	tv->tv_usec = (int64_t)(ns % FRAME_NSEC_PER_SEC / 1000);
}

int time_get_ts(uaddr_t u, struct time_ts *ts)
{
	return frame_copy_from_user(ts, u, sizeof(*ts));
}

int time_put_ts(uaddr_t u, const struct time_ts *ts)
{
	return frame_copy_to_user(u, ts, sizeof(*ts));
}

int time_get_tv(uaddr_t u, struct time_tv *tv)
{
	return frame_copy_from_user(tv, u, sizeof(*tv));
}

int time_put_tv(uaddr_t u, const struct time_tv *tv)
{
	return frame_copy_to_user(u, tv, sizeof(*tv));
}
