/* SPDX-License-Identifier: MIT */
/* Delivery on the way back to user mode: restarts, actions, stops. */
#include "sig_internal.h"

#include <frame/errno.h>
#include <frame/umode.h>

/* restart_syscall(2)'s number on x86-64. */
#define SIG_NR_RESTART_SYSCALL 219

static bool sig_should_exit(struct sig_thread *t)
{
	const struct signal_process_ops *ops = sig_ops();

	return ops && ops->should_exit && ops->should_exit(t);
}

static void sig_group_exit(struct sig_thread *t, int status)
{
	struct sig_group *g = t->group;
	const struct signal_process_ops *ops = sig_ops();
	uint64_t fl = frame_spin_lock_irqsave(&g->lock);
	bool first = !g->exit_reported;

	g->exit_reported = true;
	frame_spin_unlock_irqrestore(&g->lock, fl);
	if (first && ops && ops->group_exit)
		ops->group_exit(g, status);
}

/*
 * The syscall's result, given that a handler with @flags is about to run
 * (@handler) or none ran: -EINTR, or a rewind (true returned).
 */
static bool sig_restart_decide(long sysret, bool handler, uint64_t flags,
			       long *ret)
{
	*ret = sysret;
	switch (sysret) {
	case -ERESTARTNOHAND:
	case -ERESTART_RESTARTBLOCK:
		if (!handler)
			return true;
		*ret = -EINTR;
		return false;
	case -ERESTARTSYS:
		if (!handler || (flags & SA_RESTART))
			return true;
		*ret = -EINTR;
		return false;
	case -ERESTARTNOINTR:
		return true;
	default:
		return false;
	}
}

/* Store the result, or point the thread back at the SYSCALL insn. */
static void sig_syscall_finish(struct sig_thread *t, uint64_t nr, long sysret,
			       bool handler, uint64_t flags)
{
	struct uctx *u = t->uctx;
	long ret;

	/* A user loop that stored the result before calling us has lost
	 * the number: a restart is impossible, so the call fails with EINTR
	 * rather than re-entering the kernel with a bogus number. */
	if (nr == (uint64_t)sysret && sysret < 0) {
		if (sig_restart_decide(sysret, true, 0, &ret))
			ret = -EINTR;
		uctx_set_syscall_ret(u, (uint64_t)ret);
		return;
	}
	if (sig_restart_decide(sysret, handler, flags, &ret)) {
		if (sysret == -ERESTART_RESTARTBLOCK)
			nr = SIG_NR_RESTART_SYSCALL;
		uctx_set_reg(u, UCTX_RAX, nr);
		uctx_set_rip(u, uctx_rip(u) - 2);
		return;
	}
	uctx_set_syscall_ret(u, (uint64_t)ret);
}

/* Wait while the group is stopped; false when the thread must leave. */
static bool sig_stopped_wait(struct sig_thread *t)
{
	struct sig_group *g = t->group;

	for (;;) {
		uint64_t fl = frame_spin_lock_irqsave(&g->lock);
		bool stop = g->stopped && !g->killed;

		frame_spin_unlock_irqrestore(&g->lock, fl);
		if (!stop)
			return true;
		if (sig_should_exit(t))
			return false;
		FRAME_WAIT_EVENT_INTERRUPTIBLE(
			&g->stop_wq, !sig_group_stopped(g) || g->killed,
			FRAME_WAIT_FOREVER);
		task_interrupt_clear();
	}
}

enum sig_step { SIG_NONE, SIG_AGAIN, SIG_HANDLED, SIG_LEAVE };

/* Take one signal and act on it. */
static enum sig_step sig_one(struct sig_thread *t, bool *from_syscall,
			     uint64_t nr, long sysret)
{
	struct sig_group *g = t->group;
	const struct signal_process_ops *ops = sig_ops();
	struct ksiginfo info;
	struct sig_action ka;
	sigset_t oldmask;
	uint64_t fl;
	bool cont;
	int sig;

	fl = frame_spin_lock_irqsave(&g->lock);
	if (g->killed) {
		frame_spin_unlock_irqrestore(&g->lock, fl);
		sig_group_exit(t, SIGKILL);
		return SIG_LEAVE;
	}
	cont = g->notify_continue;
	g->notify_continue = false;
	if (cont) {
		frame_spin_unlock_irqrestore(&g->lock, fl);
		if (ops && ops->group_continue)
			ops->group_continue(g);
		return SIG_AGAIN;
	}
	if (g->stopped) {
		frame_spin_unlock_irqrestore(&g->lock, fl);
		return sig_stopped_wait(t) ? SIG_AGAIN : SIG_LEAVE;
	}
	sig = sig_take_locked(t, ~t->blocked, &info);
	if (!sig) {
		frame_spin_unlock_irqrestore(&g->lock, fl);
		return SIG_NONE;
	}
	sighand_get_action(t->hand, sig, &ka);
	if (ka.handler == SIG_IGN ||
	    (ka.handler == SIG_DFL &&
	     (sig_default_action(sig) == SIG_DEF_IGN ||
	      sig_default_action(sig) == SIG_DEF_CONT))) {
		frame_spin_unlock_irqrestore(&g->lock, fl);
		return SIG_AGAIN;
	}
	if (ka.handler == SIG_DFL && sig_default_action(sig) == SIG_DEF_STOP) {
		unsigned int seq = g->cont_seq;

		frame_spin_unlock_irqrestore(&g->lock, fl);
		/* An orphaned group ignores the terminal stop signals. */
		if (sig != SIGSTOP && ops && ops->pgrp_orphaned &&
		    ops->pgrp_orphaned(g))
			return SIG_AGAIN;
		fl = frame_spin_lock_irqsave(&g->lock);
		if (g->killed || g->cont_seq != seq) {
			frame_spin_unlock_irqrestore(&g->lock, fl);
			return SIG_AGAIN;
		}
		g->stopped = true;
		g->stop_sig = sig;
		for (struct sig_thread *o = g->threads; o; o = o->next)
			if (o != t)
				task_interrupt(o->task);
		frame_spin_unlock_irqrestore(&g->lock, fl);
		if (ops && ops->group_stop)
			ops->group_stop(g, sig);
		return SIG_AGAIN;
	}
	if (ka.handler == SIG_DFL) {
		int status = sig;

		frame_spin_unlock_irqrestore(&g->lock, fl);
		if (sig_default_action(sig) == SIG_DEF_CORE)
			status |= SIG_STATUS_CORE;
		sig_group_exit(t, status);
		return SIG_LEAVE;
	}
	frame_spin_unlock_irqrestore(&g->lock, fl);

	/* A handler. */
	if (*from_syscall) {
		sig_syscall_finish(t, nr, sysret, true, ka.flags);
		*from_syscall = false;
	}
	oldmask = t->restore_mask ? t->saved_mask : t->blocked;
	if (sig_frame_setup(t, &info, &ka, oldmask)) {
		struct ksiginfo segv;

		if (sig == SIGSEGV) {
			struct sig_action dfl = { .handler = SIG_DFL };

			sighand_set_action(t->hand, NULL, SIGSEGV, &dfl);
		}
		ksiginfo_init(&segv, SIGSEGV, SI_KERNEL);
		signal_force(t, &segv);
		return SIG_AGAIN;
	}
	if (ka.flags & SA_RESETHAND) {
		struct sig_action dfl = { .handler = SIG_DFL };

		sighand_set_action(t->hand, NULL, sig, &dfl);
	}
	fl = frame_spin_lock_irqsave(&g->lock);
	t->restore_mask = false;
	{
		sigset_t m = t->blocked | ka.mask;

		if (!(ka.flags & SA_NODEFER))
			sigset_add(&m, sig);
		sig_set_blocked_locked(t, m);
	}
	frame_spin_unlock_irqrestore(&g->lock, fl);
	return SIG_HANDLED;
}

void signal_deliver(struct sig_thread *t, bool from_syscall, long sysret)
{
	uint64_t nr = 0;
	bool handled = false;

	if (from_syscall)
		nr = uctx_syscall_nr(t->uctx);
	if (t->in_sigreturn) {
		/* rt_sigreturn restored RAX itself: nothing to restart. */
		t->in_sigreturn = false;
		from_syscall = false;
	}
	task_interrupt_clear();
	if (!t->group)
		goto out;
	for (int guard = 0; guard < 4 * SIG_NSIG; guard++) {
		enum sig_step s = sig_one(t, &from_syscall, nr, sysret);

		if (s == SIG_LEAVE)
			return;
		if (s == SIG_NONE)
			break;
		if (s == SIG_HANDLED)
			handled = true;
	}
out:
	if (from_syscall)
		sig_syscall_finish(t, nr, sysret, false, 0);
	if (!handled && t->restore_mask && t->group) {
		uint64_t fl = frame_spin_lock_irqsave(&t->group->lock);

		t->restore_mask = false;
		sig_set_blocked_locked(t, t->saved_mask);
		frame_spin_unlock_irqrestore(&t->group->lock, fl);
	}
}
