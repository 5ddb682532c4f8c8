/* SPDX-License-Identifier: MIT */
/* rt_sigsuspend(2) and pause(2): sleep until a signal is taken. */
#include "sig_internal.h"

#include <frame/errno.h>
#include <frame/user.h>
#include <signal/syscalls.h>

/* Long enough to be forever, short enough not to overflow a deadline. */
#define SIG_SLEEP_FOREVER (1ull << 62)

/*
 * Sleep until a signal this thread acts on is pending, or task_interrupt()
 * (which the process side also uses to make a thread leave). The result
 * is always -ERESTARTNOHAND: -EINTR once a handler ran, else the call is
 * restarted (with the mask of rt_sigsuspend put back first).
 */
static long sig_wait_any(struct sig_thread *t)
{
	while (!signal_pending(t)) {
		if (task_sleep_ns_interruptible(SIG_SLEEP_FOREVER) == -EINTR)
			break;
	}
	return -ERESTARTNOHAND;
}

long sys_rt_sigsuspend(const uint64_t a[6])
{
	struct sig_thread *t = sig_thread_current();
	sigset_t mask;
	uint64_t fl;

	if (!t)
		return -EINVAL;
	if (a[1] != SIGSET_SIZE)
		return -EINVAL;
	if (frame_copy_from_user(&mask, uaddr_from_syscall_arg(a[0]),
				 sizeof(mask)))
		return -EFAULT;
	fl = frame_spin_lock_irqsave(&t->group->lock);
	t->saved_mask = t->blocked;
	t->restore_mask = true;
	sig_set_blocked_locked(t, mask);
	frame_spin_unlock_irqrestore(&t->group->lock, fl);
	return sig_wait_any(t);
}

long sys_pause(const uint64_t a[6])
{
	struct sig_thread *t = sig_thread_current();

	(void)a;
	if (!t)
		return -EINVAL;
	return sig_wait_any(t);
}
