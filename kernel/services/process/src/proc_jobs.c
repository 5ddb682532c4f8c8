/* SPDX-License-Identifier: MIT */
/* Job control for the tty: process groups, sessions, orphaned groups. */
#include "proc_internal.h"

#include <tty/tty.h>

#include <frame/errno.h>

#include "proc_glue.h"

/* Signal every process of @pgrp from the kernel (^C, ^Z, SIGHUP). */
static int proc_job_signal_pgrp(int pgrp, int sig)
{
	uint64_t flags;
	int found = 0;

	if (pgrp <= 0)
		return -ESRCH;
	flags = proc_tree_lock();
	for (struct proc *p = proc_first(); p; p = proc_next(p))
		if (p->pgid == pgrp && p->state == PROC_RUNNING) {
			proc_glue_send_group(p, sig, SI_KERNEL, 0, 0);
			found++;
		}
	proc_tree_unlock(flags);
	return found ? 0 : -ESRCH;
}

/* Signal the one process @pid from the kernel (a hangup's SIGHUP to the
 * session leader). */
static int proc_job_signal_proc(int pid, int sig)
{
	uint64_t flags;
	struct proc *p;
	int err = -ESRCH;

	if (pid <= 0)
		return -ESRCH;
	flags = proc_tree_lock();
	p = proc_find(pid);
	if (p && p->state == PROC_RUNNING) {
		proc_glue_send_group(p, sig, SI_KERNEL, 0, 0);
		err = 0;
	}
	proc_tree_unlock(flags);
	return err;
}

static int proc_job_current_pgrp(void)
{
	struct proc *p = proc_current();

	return p ? __atomic_load_n(&p->pgid, __ATOMIC_RELAXED) : 0;
}

static int proc_job_current_sid(void)
{
	struct proc *p = proc_current();

	return p ? __atomic_load_n(&p->sid, __ATOMIC_RELAXED) : 0;
}

static bool proc_job_pgrp_in_session(int pgrp, int sid)
{
	return proc_pgrp_exists_in_session(pgrp, sid);
}

static bool proc_job_is_session_leader(void)
{
	struct proc *p = proc_current();

	return p && p->pid == __atomic_load_n(&p->sid, __ATOMIC_RELAXED);
}

static bool proc_job_sig_ignored(int sig)
{
	struct proc_thread *t = proc_thread_current();

	if (!t)
		return true;
	/* The blocked mask is signal's; reading it is a snapshot. */
	return proc_glue_sig_ignored(t->proc, sig) ||
	       sigset_has(__atomic_load_n(&t->sig.blocked, __ATOMIC_RELAXED),
			  sig);
}

/*
 * POSIX: a group is orphaned when no member has a parent in another
 * group of the same session.
 */
static bool proc_job_pgrp_orphaned(int pgrp)
{
	uint64_t flags = proc_tree_lock();
	bool orphaned = true;

	for (struct proc *p = proc_first(); p; p = proc_next(p)) {
		struct proc *pp = p->parent;

		if (p->pgid != pgrp || p->state != PROC_RUNNING || !pp)
			continue;
		if (pp->pgid != pgrp && pp->sid == p->sid) {
			orphaned = false;
			break;
		}
	}
	proc_tree_unlock(flags);
	return orphaned;
}

const struct tty_job_ops proc_tty_job_ops = {
	.signal_pgrp = proc_job_signal_pgrp,
	.current_pgrp = proc_job_current_pgrp,
	.current_sid = proc_job_current_sid,
	.pgrp_in_session = proc_job_pgrp_in_session,
	.current_is_session_leader = proc_job_is_session_leader,
	.current_sig_ignored = proc_job_sig_ignored,
	.pgrp_orphaned = proc_job_pgrp_orphaned,
	.signal_proc = proc_job_signal_proc,
};
