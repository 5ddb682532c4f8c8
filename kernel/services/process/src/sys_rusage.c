/* SPDX-License-Identifier: MIT */
/* CPU time accounting: getrusage and times. */
#include <process/syscalls.h>

#include <frame/errno.h>
#include <frame/time.h>
#include <frame/user.h>

#include "proc_wait.h"

#define RUSAGE_SELF	0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD	1
/* USER_HZ: clock_t ticks per second. */
#define PROC_USER_HZ 100u

static inline struct proc_thread *proc_thread_of_link(struct proc_link *l)
{
	return container_of(l, struct proc_thread, link);
}

/* Declared in proc_internal.h: /proc's proc_info_get() shares it. */
void proc_self_times(struct proc *p, uint64_t *user, uint64_t *sys)
{
	struct task_times tt;

	*user = p->utime_ns;
	*sys = p->stime_ns;
	for (struct proc_link *l = p->threads.next; l != &p->threads;
	     l = l->next) {
		struct proc_thread *t = proc_thread_of_link(l);

		if (!t->task)
			continue;
		task_times(t->task, &tt);
		*user += tt.user_ns;
		*sys += tt.system_ns;
	}
}

long sys_getrusage(const uint64_t a[6])
{
	int who = (int)a[0];
	uaddr_t out = uaddr_from_syscall_arg(a[1]);
	struct proc *p = proc_current();
	int64_t ru[PROC_RUSAGE_WORDS];
	struct task_times tt;
	uint64_t user = 0, sys = 0, flags;

	switch (who) {
	case RUSAGE_SELF:
		flags = proc_tree_lock();
		proc_self_times(p, &user, &sys);
		proc_tree_unlock(flags);
		break;
	case RUSAGE_CHILDREN:
		flags = proc_tree_lock();
		user = p->cutime_ns;
		sys = p->cstime_ns;
		proc_tree_unlock(flags);
		break;
	case RUSAGE_THREAD:
		task_times(task_current(), &tt);
		user = tt.user_ns;
		sys = tt.system_ns;
		break;
	default:
		return -EINVAL;
	}
	proc_rusage_fill(ru, user, sys);
	return frame_copy_to_user(out, ru, sizeof(ru)) ? -EFAULT : 0;
}

long sys_times(const uint64_t a[6])
{
	uaddr_t out = uaddr_from_syscall_arg(a[0]);
	struct proc *p = proc_current();
	const uint64_t tick = 1000000000u / PROC_USER_HZ;
	uint64_t user, sys, flags;
	int64_t tms[4];

	flags = proc_tree_lock();
	proc_self_times(p, &user, &sys);
	tms[2] = (int64_t)(p->cutime_ns / tick);
	tms[3] = (int64_t)(p->cstime_ns / tick);
	proc_tree_unlock(flags);
	tms[0] = (int64_t)(user / tick);
	tms[1] = (int64_t)(sys / tick);
	if (!uaddr_is_null(out) && frame_copy_to_user(out, tms, sizeof(tms)))
		return -EFAULT;
	return (long)(frame_clock_monotonic_ns() / tick);
}
