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
 * of each kind).
 *
 * ITIMER_REAL counts on the monotonic clock: its signal is sent by one
 * kernel task, "itimer", which a frame timer wakes at the earliest
 * deadline. Sending from a task rather than from the timer's callback
 * lets the process package look the pid up under its own sleeping lock.
 *
 * ITIMER_VIRTUAL and ITIMER_PROF count the process's CPU time down: every
 * thread's user loop charges what its thread used since the last trap
 * (time_account_cpu(), at least once a tick while it computes), and the
 * thread that empties the budget sends the signal.
 *
 * A process's timers go when it exits (time_itimer_exit(), from the
 * process package's exit hook); one whose process has gone all the same
 * (no hook: ktests) is dropped the first time it fires.
 */
struct itimer {
	struct itimer *next;
	int pid, which;
	uint64_t deadline;    /* REAL: monotonic ns; CPU: budget left, ns */
	uint64_t interval_ns; /* 0: one shot */
};

static struct {
	struct frame_mutex lock; /* guards list and cpu_timers */
	struct itimer *list;
	unsigned int cpu_timers; /* VIRTUAL and PROF timers in the list */
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

/* What is left of @t, in ns (a timer due but not yet fired: 1 us). */
static uint64_t itimer_left(const struct itimer *t)
{
	uint64_t now;

	if (t->which != ITIMER_REAL)
		return t->deadline;
	now = frame_clock_monotonic_ns();
	return t->deadline > now ? t->deadline - now : 1000;
}

void time_itimer_get(int pid, int which, struct time_itv *out)
{
	struct itimer **pp;
	uint64_t left = 0, interval = 0;

	frame_mutex_lock(&itimers.lock);
	pp = itimer_find(pid, which);
	if (pp) {
		left = itimer_left(*pp);
		interval = (*pp)->interval_ns;
	}
	frame_mutex_unlock(&itimers.lock);
	time_ns_to_tv(left, &out->it_value);
	time_ns_to_tv(interval, &out->it_interval);
	/* a timer with less than a microsecond left still reads as armed */
	if (left && !out->it_value.tv_sec && !out->it_value.tv_usec)
		out->it_value.tv_usec = 1;
}

/* Unlink *@pp (under the lock) and return it. */
static struct itimer *itimer_unlink(struct itimer **pp)
{
	struct itimer *t = *pp;

	*pp = t->next;
	if (t->which != ITIMER_REAL)
		itimers.cpu_timers--;
	return t;
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
	if (pp)
		dead = itimer_unlink(pp);
	if (fresh) {
		fresh->pid = pid;
		fresh->which = which;
		fresh->interval_ns = time_tv_to_ns(&in->it_interval);
		if (which == ITIMER_REAL) {
			now = frame_clock_monotonic_ns();
			fresh->deadline =
				now + value < now ? UINT64_MAX : now + value;
		} else {
			fresh->deadline = value;
			itimers.cpu_timers++;
		}
		fresh->next = itimers.list;
		itimers.list = fresh;
	}
	frame_mutex_unlock(&itimers.lock);
	frame_free(dead);
	itimer_kick();
	return 0;
}

void time_itimer_exit(int pid)
{
	struct itimer **pp, *dead = NULL, *t;

	frame_mutex_lock(&itimers.lock);
	pp = &itimers.list;
	while ((t = *pp)) {
		if (t->pid != pid) {
			pp = &t->next;
			continue;
		}
		itimer_unlink(pp);
		t->next = dead;
		dead = t;
	}
	frame_mutex_unlock(&itimers.lock);
	while (dead) {
		t = dead;
		dead = t->next;
		frame_free(t);
	}
}

static int itimer_signal(int which)
{
	return which == ITIMER_REAL	 ? SIGALRM
	       : which == ITIMER_VIRTUAL ? SIGVTALRM
					 : SIGPROF;
}

/*
 * @t has run out: send its signal, then rearm it with its interval
 * (true) or say it is done (false). Under the lock.
 */
static bool itimer_fire(struct itimer *t, uint64_t now)
{
	const struct time_process_ops *ops = time_ops();

	if (!ops->kill || ops->kill(t->pid, itimer_signal(t->which)) == -ESRCH)
		return false;
	if (!t->interval_ns)
		return false;
	if (t->which != ITIMER_REAL)
		t->deadline = t->interval_ns;
	else if (t->deadline + t->interval_ns > now)
		t->deadline += t->interval_ns;
	else /* fell behind: no burst of signals */
		t->deadline = now + t->interval_ns;
	return true;
}

/*
 * Fire the ITIMER_REAL timers that are due; return the monotonic time at
 * which to look again (FRAME_WAIT_FOREVER: only when something changes).
 * Called with the lock held.
 */
static uint64_t itimer_run_due(void)
{
	uint64_t now = frame_clock_monotonic_ns(), next = FRAME_WAIT_FOREVER;
	struct itimer **pp = &itimers.list, *t;

	while ((t = *pp)) {
		if (t->which == ITIMER_REAL && now >= t->deadline &&
		    !itimer_fire(t, now)) {
			frame_free(itimer_unlink(pp));
			continue;
		}
		if (t->which == ITIMER_REAL)
			next = MIN(next, t->deadline);
		pp = &t->next;
	}
	return next;
}

void time_account_cpu(int pid, uint64_t user_ns, uint64_t sys_ns)
{
	struct itimer **pp, *t;
	uint64_t used;

	/* a plain read: a timer armed this instant is charged next time */
	if (!itimers.cpu_timers || (!user_ns && !sys_ns))
		return;
	frame_mutex_lock(&itimers.lock);
	pp = &itimers.list;
	while ((t = *pp)) {
		if (t->pid != pid || t->which == ITIMER_REAL) {
			pp = &t->next;
			continue;
		}
		used = t->which == ITIMER_VIRTUAL ? user_ns : user_ns + sys_ns;
		if (t->deadline > used) {
			t->deadline -= used;
		} else if (!itimer_fire(t, 0)) {
			frame_free(itimer_unlink(pp));
			continue;
		}
		pp = &t->next;
	}
	frame_mutex_unlock(&itimers.lock);
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
