/* SPDX-License-Identifier: MIT */
/* rt_sigtimedwait(2): take a signal of a set synchronously. */
#include "sig_internal.h"

#include <frame/errno.h>
#include <frame/time.h>
#include <frame/user.h>
#include <signal/syscalls.h>

struct timespec_user {
	int64_t tv_sec;
	int64_t tv_nsec;
};

struct sigtimedwait_args {
	sigset_t these;
	uaddr_t uinfo;
	bool has_timeout;
	uint64_t timeout_ns;
};

/* Take a signal of @these (thread's first, then the group's), or 0. */
static int sig_take_these(struct sig_thread *t, sigset_t these,
			  struct ksiginfo *info)
{
	uint64_t fl = frame_spin_lock_irqsave(&t->group->lock);
	int sig = sig_take_locked(t, these, info);

	frame_spin_unlock_irqrestore(&t->group->lock, fl);
	return sig;
}

static long do_rt_sigtimedwait(struct sig_thread *t,
			       const struct sigtimedwait_args *a,
			       struct ksiginfo *info)
{
	uint64_t deadline = 0, fl;
	sigset_t saved;
	int sig, err = 0;

	sig = sig_take_these(t, a->these, info);
	if (sig)
		return sig;
	if (a->has_timeout && a->timeout_ns == 0)
		return -EAGAIN;
	if (a->has_timeout)
		deadline = frame_clock_monotonic_ns() + a->timeout_ns;
	/* While waiting, the set is unblocked so that sending wakes us. */
	fl = frame_spin_lock_irqsave(&t->group->lock);
	saved = t->blocked;
	t->real_blocked = saved;
	t->blocked &= ~a->these;
	frame_spin_unlock_irqrestore(&t->group->lock, fl);
	for (;;) {
		uint64_t now = frame_clock_monotonic_ns();
		uint64_t left = 1ull << 62;

		sig = sig_take_these(t, a->these, info);
		if (sig || err)
			break;
		if (a->has_timeout) {
			if (now >= deadline) {
				err = -EAGAIN;
				break;
			}
			left = deadline - now;
		}
		if (task_sleep_ns_interruptible(left) == -EINTR)
			err = -EINTR; /* one more look, then give up */
	}
	fl = frame_spin_lock_irqsave(&t->group->lock);
	t->real_blocked = 0;
	sig_set_blocked_locked(t, saved);
	frame_spin_unlock_irqrestore(&t->group->lock, fl);
	return sig ? sig : err;
}

long sys_rt_sigtimedwait(const uint64_t a[6])
{
	struct sig_thread *t = sig_thread_current();
	struct sigtimedwait_args args = { 0 };
	uaddr_t uts = uaddr_from_syscall_arg(a[2]);
	struct siginfo_user su;
	struct ksiginfo info;
	long sig;

	if (!t)
		return -EINVAL;
	if (a[3] != SIGSET_SIZE)
		return -EINVAL;
	if (frame_copy_from_user(&args.these, uaddr_from_syscall_arg(a[0]),
				 sizeof(args.these)))
		return -EFAULT;
	args.these &= ~SIGSET_UNBLOCKABLE;
	args.uinfo = uaddr_from_syscall_arg(a[1]);
	if (!uaddr_is_null(uts)) {
		struct timespec_user ts;

		if (frame_copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
			return -EINVAL;
		args.has_timeout = true;
		args.timeout_ns =
			(uint64_t)ts.tv_sec > (1ull << 62) / 1000000000
				? 1ull << 62
				: (uint64_t)ts.tv_sec * 1000000000 +
					  (uint64_t)ts.tv_nsec;
	}
	sig = do_rt_sigtimedwait(t, &args, &info);
	if (sig > 0 && !uaddr_is_null(args.uinfo)) {
		ksiginfo_to_user(&info, &su);
		if (frame_copy_to_user(args.uinfo, &su, sizeof(su)))
			return -EFAULT;
	}
	return sig;
}
