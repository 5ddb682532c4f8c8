/* SPDX-License-Identifier: MIT */
/* The process package's calls into signal and futex. */
#include "proc_glue.h"

#include <futex/futex.h>
#include <mm/mm.h>

#include <frame/errno.h>
#include <frame/string.h>

int proc_glue_init_signal(struct proc *p)
{
	p->sig_group = sig_group_create();
	p->sighand = sighand_create();
	if (!p->sig_group || !p->sighand) {
		proc_glue_put_signal(p);
		return -ENOMEM;
	}
	return 0;
}

int proc_glue_new_signal(struct proc *child, struct proc *parent,
			 bool share_hand)
{
	child->sig_group = sig_group_create();
	if (share_hand) {
		sighand_get(parent->sighand);
		child->sighand = parent->sighand;
	} else {
		child->sighand = sighand_copy(parent->sighand);
	}
	if (!child->sig_group || !child->sighand) {
		proc_glue_put_signal(child);
		return -ENOMEM;
	}
	return 0;
}

void proc_glue_put_signal(struct proc *p)
{
	if (p->sig_group)
		sig_group_put(p->sig_group);
	if (p->sighand)
		sighand_put(p->sighand);
	p->sig_group = NULL;
	p->sighand = NULL;
}

void proc_glue_thread_init(struct proc_thread *t, struct proc_thread *from)
{
	struct proc *p = t->proc;

	sig_thread_init(&t->sig, t->task, t->uctx, p->sig_group, p->sighand);
	if (from)
		sig_thread_inherit(&t->sig, &from->sig, t->clear_altstack);
	signal_attach(t->task, &t->sig);
}

void proc_glue_thread_exit(struct proc_thread *t)
{
	signal_attach(task_current(), NULL);
	sig_thread_exit(&t->sig);
}

static int proc_glue_info(struct ksiginfo *info, int sig, int code, int pid,
			  uint32_t uid)
{
	if (!sig_valid(sig))
		return -EINVAL;
	ksiginfo_init(info, sig, code);
	info->pid = pid;
	info->uid = uid;
	return 0;
}

int proc_glue_send_group(struct proc *p, int sig, int code, int pid,
			 uint32_t uid)
{
	struct ksiginfo info;
	int err = proc_glue_info(&info, sig, code, pid, uid);

	if (err || !p->sig_group)
		return err;
	return signal_send_group(p->sig_group, &info);
}

int proc_glue_send_thread(struct proc_thread *t, int sig, int code, int pid,
			  uint32_t uid)
{
	struct ksiginfo info;
	int err = proc_glue_info(&info, sig, code, pid, uid);

	if (err)
		return err;
	return signal_send_thread(&t->sig, &info);
}

void proc_glue_send_chld(struct proc *parent, int sig, int code, int pid,
			 uint32_t uid, int status, uint64_t utime_ns,
			 uint64_t stime_ns)
{
	struct ksiginfo info;

	if (proc_glue_info(&info, sig, code, pid, uid) || !parent->sig_group)
		return;
	info.status = status;
	/* clock_t in USER_HZ (100) ticks */
	info.utime = (int64_t)(utime_ns / 10000000u);
	info.stime = (int64_t)(stime_ns / 10000000u);
	signal_send_group(parent->sig_group, &info);
}

int proc_glue_send_info(struct proc *p, struct proc_thread *t,
			const struct ksiginfo *info)
{
	if (t)
		return signal_send_thread(&t->sig, info);
	if (!p->sig_group)
		return 0;
	return signal_send_group(p->sig_group, info);
}

bool proc_glue_chld_autoreap(struct proc *parent)
{
	struct sig_action act;

	if (!parent->sighand)
		return false;
	if (sighand_nocldwait(parent->sighand))
		return true;
	sighand_get_action(parent->sighand, SIGCHLD, &act);
	return act.handler == SIG_IGN;
}

bool proc_glue_chld_nostop(struct proc *parent)
{
	return parent->sighand && sighand_nocldstop(parent->sighand);
}

bool proc_glue_sig_ignored(struct proc *p, int sig)
{
	return p->sighand && sighand_ignores(p->sighand, sig);
}

int proc_glue_exec_signals(struct proc_thread *t)
{
	struct proc *p = t->proc;

	if (sighand_shared(p->sighand)) {
		struct sighand *h = sighand_copy(p->sighand);

		if (!h)
			return -ENOMEM;
		sig_thread_replace_hand(&t->sig, h);
		sighand_put(p->sighand);
		p->sighand = h;
	}
	sighand_exec_reset(p->sighand);
	sig_thread_exec(&t->sig);
	return 0;
}

void proc_glue_futex_wake(struct mm *mm, uaddr_t addr)
{
	futex_wake(mm_space(mm), addr, 1);
}

void proc_glue_robust_exit(struct proc_thread *t)
{
	if (!uaddr_is_null(t->robust_head))
		futex_exit_robust(t->robust_head, t->robust_len, t->tid);
}
