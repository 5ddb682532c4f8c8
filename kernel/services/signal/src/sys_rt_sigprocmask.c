/* SPDX-License-Identifier: MIT */
/* rt_sigprocmask(2) and rt_sigpending(2): the blocked and pending sets. */
#include "sig_internal.h"

#include <frame/errno.h>
#include <frame/user.h>
#include <signal/syscalls.h>

/* The new mask for @how; false for an unknown @how. */
static bool sig_mask_apply(int how, sigset_t old, sigset_t set, sigset_t *out)
{
	switch (how) {
	case SIG_BLOCK:
		*out = old | set;
		return true;
	case SIG_UNBLOCK:
		*out = old & ~set;
		return true;
	case SIG_SETMASK:
		*out = set;
		return true;
	default:
		return false;
	}
}

long sys_rt_sigprocmask(const uint64_t a[6])
{
	struct sig_thread *t = sig_thread_current();
	uaddr_t uset = uaddr_from_syscall_arg(a[1]);
	uaddr_t uold = uaddr_from_syscall_arg(a[2]);
	sigset_t set = 0, old, next = 0;
	uint64_t fl;

	if (!t)
		return -EINVAL;
	if (a[3] != SIGSET_SIZE)
		return -EINVAL;
	if (!uaddr_is_null(uset)) {
		if (frame_copy_from_user(&set, uset, sizeof(set)))
			return -EFAULT;
		if ((int)a[0] < SIG_BLOCK || (int)a[0] > SIG_SETMASK)
			return -EINVAL;
	}
	fl = frame_spin_lock_irqsave(&t->group->lock);
	old = t->blocked;
	if (!uaddr_is_null(uset)) {
		sig_mask_apply((int)a[0], old, set, &next);
		sig_set_blocked_locked(t, next);
	}
	frame_spin_unlock_irqrestore(&t->group->lock, fl);
	if (!uaddr_is_null(uold) && frame_copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

long sys_rt_sigpending(const uint64_t a[6])
{
	struct sig_thread *t = sig_thread_current();
	uaddr_t uset = uaddr_from_syscall_arg(a[0]);
	sigset_t set;
	uint64_t fl;

	if (!t)
		return -EINVAL;
	if (a[1] > SIGSET_SIZE)
		return -EINVAL;
	fl = frame_spin_lock_irqsave(&t->group->lock);
	set = (t->pending.set | t->group->shared.set) & t->blocked;
	frame_spin_unlock_irqrestore(&t->group->lock, fl);
	if (frame_copy_to_user(uset, &set, a[1]))
		return -EFAULT;
	return 0;
}
