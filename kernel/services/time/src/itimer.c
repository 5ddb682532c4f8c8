/* SPDX-License-Identifier: MIT */
/* Interval timers of processes: SIGALRM, SIGVTALRM and SIGPROF. */
#include "time_internal.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/log.h>
#include <frame/sync.h>
#include <frame/task.h>
#include <frame/time.h>

#define SIGALRM	  14
#define SIGVTALRM 26
#define SIGPROF	  27

/*
 * One armed timer of one process, found by pid (a process has at most one
 * of each kind). ITIMER_REAL counts on the monotonic clock, the other two
 * on the process's CPU time (user for VIRTUAL, user and system for PROF).
 *
 * The signals are sent by one kernel task, "itimer", which sleeps until
 * the earliest ITIMER_REAL deadline (a frame timer wakes it at that
 * moment) and, while any CPU-time timer is armed, also looks at the CPU
 * times once a tick (they only move by ticks anyway). Sending from a task
 * rather than from the timer's callback lets the process package look the
 * pid up under its own sleeping lock. A timer whose process has gone is
 * dropped the first time it fires; a process that exits with its timer
 * armed, and whose pid is handed out again before it fires, would pass it
 * on, which the pid allocator's wide cycle makes unlikely.
 */
struct itimer {
	struct itimer *next;
	int pid, which;
	uint64_t deadline;    /* monotonic ns, or CPU ns of the process */
	uint64_t interval_ns; /* 0: one shot */
};

static struct {
	struct frame_mutex lock; /* guards list */
	struct itimer *list;
	struct frame_waitq wq;	 /* the itimer task sleeps here */
	struct frame_timer wake; /* at the earliest ITIMER_REAL deadline */
	bool kick;		 /* set (then wq woken) when it must look */
	struct task *task;
} itimers;

static struct itimer **itimer_find(int pid, int which)
{
	struct itimer **pp;

	for (pp = &itimers.list; *pp; pp = &(*pp)->next)
		if ((*pp)->pid == pid && (*pp)->which == which)
			return pp;
	return NULL;
}

/* The clock @which counts on for process @pid; -ESRCH when it is gone. */
static int itimer_clock(int pid, int which, uint64_t *now)
{
	const struct time_process_ops *ops = time_ops();
	struct task_times t;
	int err;

	if (which == ITIMER_REAL) {
		*now = frame_clock_monotonic_ns();
		return 0;
	}
	if (!ops->process_times)
		return -ESRCH;
	err = ops->process_times(pid, &t);
	if (err)
		return err;
	*now = which == ITIMER_VIRTUAL ? t.user_ns : t.user_ns + t.system_ns;
	return 0;
}

static void itimer_kick(void)
{
	itimers.kick = true;
	frame_waitq_wake_all(&itimers.wq);
}

static void itimer_wake_fn(struct frame_timer *timer)
{
	(void)timer;
	itimer_kick();
}

void time_itimer_get(int pid, int which, struct time_itv *out)
{
	struct itimer **pp;
	uint64_t now = 0, left = 0, interval = 0;

	frame_mutex_lock(&itimers.lock);
	pp = itimer_find(pid, which);
	if (pp && !itimer_clock(pid, which, &now)) {
		left = (*pp)->deadline > now ? (*pp)->deadline - now : 1000;
		interval = (*pp)->interval_ns;
	}
	frame_mutex_unlock(&itimers.lock);
	time_ns_to_tv(left, &out->it_value);
	time_ns_to_tv(interval, &out->it_interval);
	/* a timer with less than a microsecond left still reads as armed */
	if (left && !out->it_value.tv_sec && !out->it_value.tv_usec)
		out->it_value.tv_usec = 1;
}

/*
 * time_itimer_set() - arm (or, with a zero value, disarm) @pid's @which
 * timer as @in says, the previous setting into @old when not NULL. The
 * values must be valid (time_tv_valid()). 0, or -ENOMEM.
 */
int time_itimer_set(int pid, int which, const struct time_itv *in,
		    struct time_itv *old)
{
	uint64_t value = time_tv_to_ns(&in->it_value);
	struct itimer *fresh = NULL, *dead = NULL, **pp;
	uint64_t now;

	if (value) {
		fresh = frame_zalloc(sizeof(*fresh));
		if (!fresh)
			return -ENOMEM;
	}
	if (old)
		time_itimer_get(pid, which, old);
	frame_mutex_lock(&itimers.lock);
	pp = itimer_find(pid, which);
	if (pp) {
		dead = *pp;
		*pp = dead->next;
	}
	/*
	 * Without a way to read the process's CPU time a VIRTUAL or PROF
	 * timer is accepted but never fires.
	 */
	if (fresh && !itimer_clock(pid, which, &now)) {
		fresh->pid = pid;
		fresh->which = which;
		fresh->deadline = now + value < now ? UINT64_MAX : now + value;
		fresh->interval_ns = time_tv_to_ns(&in->it_interval);
		fresh->next = itimers.list;
		itimers.list = fresh;
		fresh = NULL;
	}
	frame_mutex_unlock(&itimers.lock);
	frame_free(dead);
	frame_free(fresh);
	itimer_kick();
	return 0;
}

static int itimer_signal(int which)
{
	return which == ITIMER_REAL	 ? SIGALRM
	       : which == ITIMER_VIRTUAL ? SIGVTALRM
					 : SIGPROF;
}

/*
 * Fire what is due; return the monotonic time at which to look again
 * (FRAME_WAIT_FOREVER: only when something changes). Called with the
 * lock held.
 */
static uint64_t itimer_run_due(void)
{
	const struct time_process_ops *ops = time_ops();
	uint64_t mono = frame_clock_monotonic_ns(), next = FRAME_WAIT_FOREVER;
	struct itimer **pp = &itimers.list, *t;
	uint64_t now;
	bool drop;

	while ((t = *pp)) {
		drop = false;
		if (itimer_clock(t->pid, t->which, &now)) {
			drop = true;
		} else if (now >= t->deadline) {
			if (!ops->kill ||
			    ops->kill(t->pid, itimer_signal(t->which)) ==
				    -ESRCH)
				drop = true;
			else if (!t->interval_ns)
				drop = true;
			else if (t->deadline + t->interval_ns > now)
				t->deadline += t->interval_ns;
			else /* fell behind: no burst of signals */
				t->deadline = now + t->interval_ns;
		}
		if (drop) {
			*pp = t->next;
			frame_free(t);
			continue;
		}
		if (t->which == ITIMER_REAL)
			next = MIN(next, t->deadline);
		else
			next = MIN(next, mono + TIME_TICK_NS);
		pp = &t->next;
	}
	return next;
}

static int itimer_task_fn(struct task_entry *entry)
{
	uint64_t next;

	(void)entry;
	for (;;) {
		frame_mutex_lock(&itimers.lock);
		itimers.kick = false;
		next = itimer_run_due();
		frame_mutex_unlock(&itimers.lock);
		if (next != FRAME_WAIT_FOREVER)
			frame_timer_arm(&itimers.wake, next);
		FRAME_WAIT_EVENT_TIMEOUT(&itimers.wq, itimers.kick,
					 FRAME_WAIT_FOREVER);
	}
	return 0;
}

static struct task_entry itimer_entry = TASK_ENTRY_INIT(itimer_task_fn);

int time_itimer_init(void)
{
	frame_mutex_init(&itimers.lock);
	frame_waitq_init(&itimers.wq);
	frame_timer_init(&itimers.wake, itimer_wake_fn);
	itimers.task = task_spawn("itimer", &itimer_entry, TASK_PRIO_NORMAL);
	if (!itimers.task)
		return -ENOMEM;
	task_detach(itimers.task);
	return 0;
}
