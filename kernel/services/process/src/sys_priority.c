/* SPDX-License-Identifier: MIT */
/* Nice values: getpriority and setpriority; personality. */
#include <process/syscalls.h>

#include <cred/cred.h>

#include <frame/errno.h>

#include "proc_internal.h"

#define PRIO_PROCESS 0
#define PRIO_PGRP    1
#define PRIO_USER    2

/* Whether @p is one @which/@who names (@who already resolved). */
static bool proc_prio_match(struct proc *p, int which, int who)
{
	if (p->state != PROC_RUNNING)
		return false;
	switch (which) {
	case PRIO_PROCESS:
		return p->pid == who;
	case PRIO_PGRP:
		return p->pgid == who;
	default:
		return p->cred && p->cred->uid == (uint32_t)who;
	}
}

/* @who 0 is the caller's process, group or uid. */
static int proc_prio_who(int which, int who)
{
	struct proc *cur = proc_current();

	if (who)
		return who;
	if (which == PRIO_PROCESS)
		return cur->pid;
	if (which == PRIO_PGRP)
		return cur->pgid;
	return (int)cred_current()->uid;
}

long sys_getpriority(const uint64_t a[6])
{
	int which = (int)a[0], who = (int)a[1];
	int best = 100; /* a nice value above any real one */
	uint64_t flags;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	who = proc_prio_who(which, who);
	flags = proc_tree_lock();
	for (struct proc *p = proc_first(); p; p = proc_next(p))
		if (proc_prio_match(p, which, who) && p->nice < best)
			best = p->nice;
	proc_tree_unlock(flags);
	/* The syscall's value is 20 - nice: 1..40, never negative. */
	return best == 100 ? -ESRCH : 20 - best;
}

long sys_setpriority(const uint64_t a[6])
{
	int which = (int)a[0], who = (int)a[1], nice = (int)a[2];
	const struct cred *c = cred_current();
	int found = 0, err = 0;
	uint64_t flags;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	if (nice < -20)
		nice = -20;
	if (nice > 19)
		nice = 19;
	who = proc_prio_who(which, who);
	flags = proc_tree_lock();
	for (struct proc *p = proc_first(); p; p = proc_next(p)) {
		if (!proc_prio_match(p, which, who))
			continue;
		found++;
		if (!cred_capable(c) && p->cred && p->cred->uid != c->euid &&
		    p->cred->euid != c->euid) {
			err = -EPERM;
			continue;
		}
		/* Lowering nice (more priority) is privileged. */
		if (nice < p->nice && !cred_capable(c)) {
			err = -EACCES;
			continue;
		}
		p->nice = nice;
	}
	proc_tree_unlock(flags);
	return found ? err : -ESRCH;
}

/* Only PER_LINUX exists; 0xffffffff queries. */
long sys_personality(const uint64_t a[6])
{
	uint32_t persona = (uint32_t)a[0];

	if (persona != 0xffffffffu && (persona & 0xff) != 0)
		return -EINVAL;
	return 0;
}
