/* SPDX-License-Identifier: MIT */
/* rt_sigaction(2): examine and change a signal's action. */
#include "sig_internal.h"

#include <frame/errno.h>
#include <frame/user.h>
#include <signal/syscalls.h>

struct rt_sigaction_args {
	int sig;
	bool has_act;
	struct sig_action act;
	uaddr_t oact;
};

static void do_rt_sigaction(struct sig_thread *t,
			    const struct rt_sigaction_args *a,
			    struct sig_action *old)
{
	sighand_get_action(t->hand, a->sig, old);
	if (a->has_act)
		sighand_set_action(t->hand, t->group, a->sig, &a->act);
}

long sys_rt_sigaction(const uint64_t a[6])
{
	struct sig_thread *t = sig_thread_current();
	struct rt_sigaction_args args = { .sig = (int)a[0] };
	uaddr_t uact = uaddr_from_syscall_arg(a[1]);
	struct sigaction_user ua, uo;
	struct sig_action old;

	args.oact = uaddr_from_syscall_arg(a[2]);
	if (!t)
		return -EINVAL;
	if (a[3] != SIGSET_SIZE || !sig_valid(args.sig))
		return -EINVAL;
	if (!uaddr_is_null(uact)) {
		if (args.sig == SIGKILL || args.sig == SIGSTOP)
			return -EINVAL;
		if (frame_copy_from_user(&ua, uact, sizeof(ua)))
			return -EFAULT;
		args.has_act = true;
		args.act.handler = ua.handler;
		args.act.flags = ua.flags & ~(uint64_t)SA_UNSUPPORTED;
		args.act.restorer = ua.restorer;
		args.act.mask = ua.mask & ~SIGSET_UNBLOCKABLE;
	}
	do_rt_sigaction(t, &args, &old);
	if (!uaddr_is_null(args.oact)) {
		uo.handler = old.handler;
		uo.flags = old.flags;
		uo.restorer = old.restorer;
		uo.mask = old.mask;
		if (frame_copy_to_user(args.oact, &uo, sizeof(uo)))
			return -EFAULT;
	}
	return 0;
}
