/* SPDX-License-Identifier: MIT */
/* kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo. */
#include <process/syscalls.h>

#include <cred/cred.h>

#include <frame/errno.h>
#include <frame/user.h>

#include "proc_glue.h"

#define PROC_INT_MIN (-2147483647 - 1)

/* What the sender is, fixed before the lookups. */
struct proc_sender {
	const struct cred *cred;
	int pid;
	struct proc *proc;
};

static void proc_sender_init(struct proc_sender *s)
{
	s->cred = cred_current();
	s->proc = proc_current();
	s->pid = s->proc ? s->proc->pid : 0;
}

/* Send to one process, checking permission: 0, -EPERM. Under the lock. */
static int proc_kill_one(const struct proc_sender *s, struct proc *p, int sig)
{
	if (!proc_may_signal(s->cred, p, sig))
		return -EPERM;
	return proc_send_signal(p, sig, SI_USER, s->pid, s->cred->uid);
}

/*
 * Send to every process for which @match holds (a group, or all but init
 * and the sender): 0 when one got it, -EPERM when every one refused,
 * -ESRCH when none matched. Under the lock.
 */
static int proc_kill_many(const struct proc_sender *s, int pgrp, int sig)
{
	int found = 0, sent = 0, err = -ESRCH;

	for (struct proc *p = proc_first(); p; p = proc_next(p)) {
		if (p->state != PROC_RUNNING)
			continue;
		if (pgrp > 0 && p->pgid != pgrp)
			continue;
		if (pgrp < 0 && (p->pid == 1 || p == s->proc))
			continue;
		found++;
		err = proc_kill_one(s, p, sig);
		if (!err)
			sent++;
	}
	if (sent)
		return 0;
	return found ? err : -ESRCH;
}

long sys_kill(const uint64_t a[6])
{
	int pid = (int)a[0], sig = (int)a[1];
	struct proc_sender s;
	struct proc *p;
	uint64_t flags;
	int err;

	if (sig < 0 || sig > SIG_NSIG)
		return -EINVAL;
	if (pid == PROC_INT_MIN)
		return -ESRCH;
	proc_sender_init(&s);
	flags = proc_tree_lock();
	if (pid > 0) {
		p = proc_find(pid);
		err = p ? proc_kill_one(&s, p, sig) : -ESRCH;
	} else if (pid == 0) {
		err = s.proc ? proc_kill_many(&s, s.proc->pgid, sig) : -ESRCH;
	} else if (pid == -1) {
		err = proc_kill_many(&s, -1, sig);
	} else {
		err = proc_kill_many(&s, -pid, sig);
	}
	proc_tree_unlock(flags);
	return err;
}

/* tkill/tgkill: @tgid 0 means any process. */
static long proc_do_tgkill(int tgid, int tid, int sig)
{
	struct proc_sender s;
	struct proc_thread *t;
	uint64_t flags;
	int err;

	if (tid <= 0 || tgid < 0 || sig < 0 || sig > SIG_NSIG)
		return -EINVAL;
	proc_sender_init(&s);
	flags = proc_tree_lock();
	t = proc_thread_find(tid);
	if (!t || (tgid && t->proc->pid != tgid)) {
		err = -ESRCH;
	} else if (!proc_may_signal(s.cred, t->proc, sig)) {
		err = -EPERM;
	} else if (sig == 0) {
		err = 0;
	} else {
		err = proc_glue_send_thread(t, sig, SI_TKILL, s.pid,
					    s.cred->uid);
	}
	proc_tree_unlock(flags);
	return err;
}

long sys_tkill(const uint64_t a[6])
{
	return proc_do_tgkill(0, (int)a[0], (int)a[1]);
}

long sys_tgkill(const uint64_t a[6])
{
	if ((int)a[0] <= 0)
		return -EINVAL;
	return proc_do_tgkill((int)a[0], (int)a[1], (int)a[2]);
}

/* Read and check a caller-made siginfo for @sig sent to @target_pid. */
static int proc_read_info(uaddr_t uinfo, int sig, int target_pid,
			  struct ksiginfo *info)
{
	struct siginfo_user raw;

	if (frame_copy_from_user(&raw, uinfo, sizeof(raw)))
		return -EFAULT;
	ksiginfo_from_user(&raw, info);
	/* Only the kernel may claim kill()'s or the kernel's codes, except
	 * to itself. */
	if ((info->code >= 0 || info->code == SI_TKILL) &&
	    target_pid != proc_current_pid())
		return -EPERM;
	info->signo = sig;
	return 0;
}

static long proc_do_sigqueue(int tgid, int tid, int sig, uaddr_t uinfo)
{
	struct proc_sender s;
	struct ksiginfo info;
	struct proc_thread *t = NULL;
	struct proc *p;
	uint64_t flags;
	int err;

	if (sig < 0 || sig > SIG_NSIG)
		return -EINVAL;
	if (tgid <= 0 || (tid != -1 && tid <= 0))
		return tid == -1 ? -ESRCH : -EINVAL;
	err = proc_read_info(uinfo, sig, tgid, &info);
	if (err)
		return err;
	proc_sender_init(&s);
	flags = proc_tree_lock();
	if (tid == -1) {
		p = proc_find(tgid);
	} else {
		t = proc_thread_find(tid);
		p = t && t->proc->pid == tgid ? t->proc : NULL;
	}
	if (!p || p->state != PROC_RUNNING)
		err = -ESRCH;
	else if (!proc_may_signal(s.cred, p, sig))
		err = -EPERM;
	else if (sig)
		err = proc_glue_send_info(p, t, &info);
	proc_tree_unlock(flags);
	return err;
}

long sys_rt_sigqueueinfo(const uint64_t a[6])
{
	return proc_do_sigqueue((int)a[0], -1, (int)a[1],
				uaddr_from_syscall_arg(a[2]));
}

long sys_rt_tgsigqueueinfo(const uint64_t a[6])
{
	if ((int)a[1] <= 0)
		return -EINVAL;
	return proc_do_sigqueue((int)a[0], (int)a[1], (int)a[2],
				uaddr_from_syscall_arg(a[3]));
}
