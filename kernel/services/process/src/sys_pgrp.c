/* SPDX-License-Identifier: MIT */
/* Process groups and sessions: getpgid, setpgid, getpgrp, getsid, setsid. */
#include <process/syscalls.h>

#include <frame/errno.h>

#include "proc_internal.h"

/* getpgid and getsid: process @pid's group, or its session when @sid
 * (@pid 0: the caller's); -ESRCH when there is no such process. */
static long proc_get_group_id(int pid, bool sid)
{
	uint64_t flags;
	struct proc *p;
	long r;

	if (pid < 0)
		return -ESRCH;
	flags = proc_tree_lock();
	p = pid == 0 ? proc_current() : proc_find(pid);
	r = !p ? -ESRCH : sid ? p->sid : p->pgid;
	proc_tree_unlock(flags);
	return r;
}

long sys_getpgid(const uint64_t a[6])
{
	return proc_get_group_id((int)a[0], false);
}

long sys_getpgrp(const uint64_t a[6])
{
	(void)a;
	return proc_get_group_id(0, false);
}

long sys_getsid(const uint64_t a[6])
{
	return proc_get_group_id((int)a[0], true);
}

/* Whether a process of session @sid has process group @pgid. A zombie
 * counts, as in Linux, where a process leaves its group when reaped: a
 * shell joins a pipeline's later commands to the group of its first, and
 * gives that group the terminal, even when the first has already ended. */
static bool proc_pgrp_in_session(int pgid, int sid)
{
	for (struct proc *q = proc_first(); q; q = proc_next(q))
		if (q->pgid == pgid && q->sid == sid && q->state != PROC_DEAD)
			return true;
	return false;
}

/* setpgid's checks and change, under the lock (Linux's order). */
static long proc_do_setpgid(struct proc *cur, int pid, int pgid)
{
	struct proc *p;

	if (pid == 0)
		pid = cur->pid;
	if (pgid == 0)
		pgid = pid;
	p = proc_find(pid);
	if (!p || (p != cur && p->parent != cur))
		return -ESRCH;
	if (p != cur) {
		if (p->sid != cur->sid)
			return -EPERM;
		if (p->did_exec)
			return -EACCES;
	}
	if (p->pid == p->sid)
		return -EPERM;
	if (pgid != p->pid && !proc_pgrp_in_session(pgid, cur->sid))
		return -EPERM;
	p->pgid = pgid;
	return 0;
}

long sys_setpgid(const uint64_t a[6])
{
	int pid = (int)a[0], pgid = (int)a[1];
	uint64_t flags;
	long r;

	if (pid < 0 || pgid < 0)
		return -EINVAL;
	flags = proc_tree_lock();
	r = proc_do_setpgid(proc_current(), pid, pgid);
	proc_tree_unlock(flags);
	return r;
}

long sys_setsid(const uint64_t a[6])
{
	struct proc *cur = proc_current();
	uint64_t flags;
	long r;

	(void)a;
	flags = proc_tree_lock();
	r = cur->pid;
	/* A group leader, or any process whose group has our number. */
	for (struct proc *q = proc_first(); q; q = proc_next(q))
		if (q->pgid == cur->pid)
			r = -EPERM;
	if (r > 0)
		cur->sid = cur->pgid = cur->pid;
	proc_tree_unlock(flags);
	return r;
}

/* For the tty (tty_job_ops) and others. */
bool proc_pgrp_exists_in_session(int pgid, int sid)
{
	uint64_t flags = proc_tree_lock();
	bool r = proc_pgrp_in_session(pgid, sid);

	proc_tree_unlock(flags);
	return r;
}
