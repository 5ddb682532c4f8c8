/* SPDX-License-Identifier: MIT */
/* sched_* parameters and priorities (SCHED_OTHER only), sched_yield. */
#include <time/syscalls.h>

#include <frame/errno.h>
#include <frame/task.h>

#include "time_internal.h"

#define SCHED_OTHER	    0
#define SCHED_FIFO	    1
#define SCHED_RR	    2
#define SCHED_BATCH	    3
#define SCHED_IDLE	    5
#define SCHED_DEADLINE	    6
#define SCHED_RESET_ON_FORK 0x40000000
#define SCHED_RT_PRIO_MAX   99

/*
 * The frame's scheduler has one class, which is SCHED_OTHER to user space:
 * SCHED_BATCH and SCHED_IDLE are accepted as hints and read back as
 * SCHED_OTHER; the real-time classes, which it cannot honour, are refused
 * with EINVAL.
 */

/* The task of thread @pid (0: the caller); give it back with time_task_put().
 */
int time_task_get(int pid, struct task **out)
{
	const struct time_process_ops *ops = time_ops();

	if (pid == 0 || pid == time_current_tid()) {
		*out = task_current();
		return 0;
	}
	if (pid < 0 || !ops->task_get)
		return -ESRCH;
	return ops->task_get(pid, out);
}

void time_task_put(struct task *t)
{
	if (t != task_current() && time_ops()->task_put)
		time_ops()->task_put(t);
}

/* Whether thread @pid exists: 0 or -ESRCH. */
static int sched_find(int pid)
{
	struct task *t;
	int err = time_task_get(pid, &t);

	if (!err)
		time_task_put(t);
	return err;
}

struct sched_param_user {
	int32_t sched_priority;
};

long sys_sched_yield(const uint64_t a[6])
{
	(void)a;
	task_yield();
	return 0;
}

long sys_sched_getparam(const uint64_t a[6])
{
	int pid = (int)a[0];
	uaddr_t param = uaddr_from_syscall_arg(a[1]);
	struct sched_param_user p = { 0 };
	int err;

	if (uaddr_is_null(param) || pid < 0)
		return -EINVAL;
	err = sched_find(pid);
	if (err)
		return err;
	if (frame_copy_to_user(param, &p, sizeof(p)))
		return -EFAULT;
	return 0;
}

/* @policy with @prio: 0 when this kernel can run a thread so, -EINVAL. */
static int sched_check(int policy, int prio)
{
	switch (policy & ~SCHED_RESET_ON_FORK) {
	case SCHED_OTHER:
	case SCHED_BATCH:
	case SCHED_IDLE:
		return prio == 0 ? 0 : -EINVAL;
	default:
		return -EINVAL;
	}
}

/* sched_setparam and sched_setscheduler: (pid, [policy,] param). */
static long sched_set(int pid, int policy, uaddr_t param)
{
	struct sched_param_user p;
	int err;

	if (uaddr_is_null(param) || pid < 0)
		return -EINVAL;
	if (frame_copy_from_user(&p, param, sizeof(p)))
		return -EFAULT;
	err = sched_find(pid);
	if (err)
		return err;
	return sched_check(policy, p.sched_priority);
}

long sys_sched_setparam(const uint64_t a[6])
{
	return sched_set((int)a[0], SCHED_OTHER, uaddr_from_syscall_arg(a[1]));
}

long sys_sched_setscheduler(const uint64_t a[6])
{
	return sched_set((int)a[0], (int)a[1], uaddr_from_syscall_arg(a[2]));
}

long sys_sched_getscheduler(const uint64_t a[6])
{
	int pid = (int)a[0];
	int err;

	if (pid < 0)
		return -EINVAL;
	err = sched_find(pid);
	return err ? err : SCHED_OTHER;
}

long sys_sched_get_priority_max(const uint64_t a[6])
{
	switch ((int)a[0]) {
	case SCHED_FIFO:
	case SCHED_RR:
		return SCHED_RT_PRIO_MAX;
	case SCHED_OTHER:
	case SCHED_BATCH:
	case SCHED_IDLE:
	case SCHED_DEADLINE:
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_sched_get_priority_min(const uint64_t a[6])
{
	switch ((int)a[0]) {
	case SCHED_FIFO:
	case SCHED_RR:
		return 1;
	case SCHED_OTHER:
	case SCHED_BATCH:
	case SCHED_IDLE:
	case SCHED_DEADLINE:
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_sched_rr_get_interval(const uint64_t a[6])
{
	int pid = (int)a[0];
	struct time_ts ts;
	int err;

	if (pid < 0)
		return -EINVAL;
	err = sched_find(pid);
	if (err)
		return err;
	/* the time slice of the frame's round robin: one tick */
	time_ns_to_ts(TIME_TICK_NS, &ts);
	return time_put_ts(uaddr_from_syscall_arg(a[1]), &ts);
}
