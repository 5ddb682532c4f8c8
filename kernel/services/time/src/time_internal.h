/* SPDX-License-Identifier: MIT */
/* What the time package's files share: user layouts, clocks, state. */
#ifndef TIME_INTERNAL_H
#define TIME_INTERNAL_H

#include <time/time.h>

#include <frame/time.h>
#include <frame/user.h>

/* Linux's clock ids (include/uapi/linux/time.h). */
#define CLOCK_REALTIME		 0
#define CLOCK_MONOTONIC		 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID	 3
#define CLOCK_MONOTONIC_RAW	 4
#define CLOCK_REALTIME_COARSE	 5
#define CLOCK_MONOTONIC_COARSE	 6
#define CLOCK_BOOTTIME		 7
#define CLOCK_REALTIME_ALARM	 8
#define CLOCK_BOOTTIME_ALARM	 9
#define CLOCK_TAI		 11

#define TIMER_ABSTIME 1

/* The user layouts (x86-64: every field 64 bits). */
struct time_ts {
	int64_t tv_sec;
	int64_t tv_nsec;
};

struct time_tv {
	int64_t tv_sec;
	int64_t tv_usec;
};

struct time_itv {
	struct time_tv it_interval;
	struct time_tv it_value;
};

/* The coarse clocks and the CPU-time clocks move by ticks. */
#define TIME_TICK_NS (FRAME_NSEC_PER_SEC / FRAME_TICK_HZ)

/* The registered process hooks (never NULL: an empty table before). */
const struct time_process_ops *time_ops(void);

/* The caller's pid and tid through the hooks; 0 without them. */
int time_current_pid(void);
int time_current_tid(void);

/*
 * time_task_get() - the task of thread @tid (0 or the caller's own tid:
 * the caller), -ESRCH when there is none; give it back with
 * time_task_put().
 */
int time_task_get(int tid, struct task **out);
void time_task_put(struct task *t);

/* Whether the caller holds privilege (effective uid 0). */
bool time_capable(void);

/*
 * time_clock_read() - clock @clk now, in ns (on its own epoch): 0,
 * -EINVAL for a clock that does not exist (or a CPU clock of a process
 * or thread that does not)
 */
int time_clock_read(int clk, uint64_t *ns);

/* Conversions; the _valid() checks are Linux's timespec64_valid(). */
bool time_ts_valid(const struct time_ts *ts);
bool time_tv_valid(const struct time_tv *tv);
uint64_t time_ts_to_ns(const struct time_ts *ts); /* saturating */
uint64_t time_tv_to_ns(const struct time_tv *tv); /* saturating */
void time_ns_to_ts(uint64_t ns, struct time_ts *ts);
void time_ns_to_tv(uint64_t ns, struct time_tv *tv);

/* Copies of the user layouts: 0 or -EFAULT. */
int time_get_ts(uaddr_t u, struct time_ts *ts);
int time_put_ts(uaddr_t u, const struct time_ts *ts);
int time_get_tv(uaddr_t u, struct time_tv *tv);
int time_put_tv(uaddr_t u, const struct time_tv *tv);

/*
 * Sleeping. time_sleep_until() sleeps until clock @clk (REALTIME,
 * MONOTONIC, BOOTTIME, TAI, PROCESS_CPUTIME_ID) reaches @deadline: 0, or
 * -EINTR when task_interrupt() cut it short.
 */
int time_sleep_until(int clk, uint64_t deadline);

/*
 * time_sleep_restart() - what restart_syscall(2) runs after a relative
 * sleep a signal cut short: @args hold the clock, the absolute deadline
 * on it and the user address for the time left (as nanosleep left them
 * with signal_set_restart()).
 */
long time_sleep_restart(const uint64_t args[6]);

/* Interval timers (itimer.c). */
#define ITIMER_REAL    0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF    2
void time_itimer_get(int pid, int which, struct time_itv *out);
int time_itimer_set(int pid, int which, const struct time_itv *in,
		    struct time_itv *old);
int time_itimer_init(void);

#endif /* TIME_INTERNAL_H */
