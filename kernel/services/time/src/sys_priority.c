/* SPDX-License-Identifier: MIT */
/* getpriority and setpriority: nice values on the frame's priorities. */
#include <time/syscalls.h>

#include <frame/errno.h>
#include <frame/task.h>

#include "time_internal.h"

#define PRIO_PROCESS 0
#define PRIO_PGRP    1
#define PRIO_USER    2

#define NICE_MIN (-20)
#define NICE_MAX 19

/*
 * A nice value is kept as the thread's frame priority: nice 0 is
 * TASK_PRIO_NORMAL, and each step of nice is one step of priority the
 * other way. The frame has 32 priorities for Linux's 40 nice values: nice
 * -20..-15 all become TASK_PRIO_MAX and read back as -15, nice 16..19
 * become TASK_PRIO_MIN and read back as 16.
 */
static int nice_to_prio(int nice)
{
	int prio = TASK_PRIO_NORMAL - nice;

	if (prio < TASK_PRIO_MIN)
		prio = TASK_PRIO_MIN;
	if (prio > TASK_PRIO_MAX)
		prio = TASK_PRIO_MAX;
	return prio;
}

static int prio_to_nice(int prio)
{
	return TASK_PRIO_NORMAL - prio;
}

/*
 * The thread @which/@who names: only the caller's own process, group or
 * user (who 0, or its own id) are found; others are -ESRCH.
 */
static int priority_target(int which, int who, struct task **out)
{
	switch (which) {
	case PRIO_PROCESS:
		return time_task_get(who, out);
	case PRIO_PGRP:
	case PRIO_USER:
		if (who != 0)
			return -ESRCH;
		return time_task_get(0, out);
	default:
		return -EINVAL;
	}
}

long sys_getpriority(const uint64_t a[6])
{
	struct task *t;
	int nice, err;

	err = priority_target((int)a[0], (int)a[1], &t);
	if (err)
		return err;
	nice = prio_to_nice(task_prio(t));
	time_task_put(t);
	/* the kernel's answer is 20 - nice (1..40), never negative */
	return 20 - nice;
}

long sys_setpriority(const uint64_t a[6])
{
	int nice = (int)a[2];
	struct task *t;
	int err;

	if (nice < NICE_MIN)
		nice = NICE_MIN;
	if (nice > NICE_MAX)
		nice = NICE_MAX;
	err = priority_target((int)a[0], (int)a[1], &t);
	if (err)
		return err;
	/* raising the priority (less nice than now) is root's */
	if (nice < prio_to_nice(task_prio(t)) && !time_capable())
		err = -EACCES;
	else
		err = task_set_prio(t, nice_to_prio(nice));
	time_task_put(t);
	return err;
}
