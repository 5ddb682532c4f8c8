/* SPDX-License-Identifier: MIT */
/* Signals meet processes: default actions, job control, kill's rules. */
#include "proc_internal.h"

#include <cred/cred.h>

#include <frame/errno.h>

#include "proc_glue.h"

/* The process whose signal group is @g (under the lock), or NULL. */
static struct proc *proc_of_group(struct sig_group *g)
{
	struct proc *cur = proc_current();

	if (cur && cur->sig_group == g)
		return cur;
	for (struct proc *p = proc_first(); p; p = proc_next(p))
		if (p->sig_group == g)
			return p;
	return NULL;
}

static void proc_ops_group_exit(struct sig_group *g, int status)
{
	struct proc *p;
	uint64_t flags = proc_tree_lock();

	p = proc_of_group(g);
	/* The core bit says a dump was written: Linux writes none under
	 * RLIMIT_CORE 0, and Keel writes none at all; keep the bit only
	 * where Linux would have tried. */
	if (p && p->rlim[PROC_RLIMIT_CORE].cur == 0)
		status &= ~SIG_STATUS_CORE;
	if (p && !p->exiting) {
		p->exit_status = status;
		__atomic_store_n(&p->exiting, true, __ATOMIC_RELEASE);
	}
	if (p)
		proc_kill_threads(p, proc_thread_current());
	proc_tree_unlock(flags);
}

static void proc_ops_group_stop(struct sig_group *g, int sig)
{
	struct proc *p;
	uint64_t flags = proc_tree_lock();

	p = proc_of_group(g);
	if (p && !p->exiting) {
		p->stopped = true;
		p->stop_code = proc_status_stopped(sig);
		p->stop_report = true;
		p->cont_report = false;
		proc_notify_parent(p, PROC_CLD_STOPPED, sig);
	}
	proc_tree_unlock(flags);
}

static void proc_ops_group_continue(struct sig_group *g)
{
	struct proc *p;
	uint64_t flags = proc_tree_lock();

	p = proc_of_group(g);
	if (p && !p->exiting) {
		p->stopped = false;
		p->stop_report = false;
		p->cont_report = true;
		proc_notify_parent(p, PROC_CLD_CONTINUED, SIGCONT);
	}
	proc_tree_unlock(flags);
}

static bool proc_ops_should_exit(struct sig_thread *st)
{
	return proc_thread_should_exit(
		container_of(st, struct proc_thread, sig));
}

const struct signal_process_ops proc_signal_ops = {
	.group_exit = proc_ops_group_exit,
	.group_stop = proc_ops_group_stop,
	.group_continue = proc_ops_group_continue,
	.should_exit = proc_ops_should_exit,
};

/*
 * Linux's kill_ok_by_cred(): privileged, or the sender's real or
 * effective uid is the target's real or saved uid; SIGCONT also within
 * the sender's session. Under the lock.
 */
bool proc_may_signal(const struct cred *sender, struct proc *target, int sig)
{
	const struct cred *tc = target->cred;
	struct proc *cur = proc_current();

	if (cred_capable(sender) || !tc)
		return true;
	if (sender->euid == tc->suid || sender->euid == tc->uid ||
	    sender->uid == tc->suid || sender->uid == tc->uid)
		return true;
	return sig == SIGCONT && cur && cur->sid == target->sid;
}

int proc_send_signal(struct proc *p, int sig, int code, int sender_pid,
		     uint32_t sender_uid)
{
	if (sig == 0 || p->state != PROC_RUNNING)
		return 0;
	return proc_glue_send_group(p, sig, code, sender_pid, sender_uid);
}
