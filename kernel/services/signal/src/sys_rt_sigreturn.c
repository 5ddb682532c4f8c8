/* SPDX-License-Identifier: MIT */
/* rt_sigreturn(2) and restart_syscall(2): leaving a handler. */
#include "sig_internal.h"

#include <frame/errno.h>
#include <frame/umode.h>
#include <signal/syscalls.h>

long sys_rt_sigreturn(const uint64_t a[6])
{
	struct sig_thread *t = sig_thread_current();
	struct ksiginfo segv;
	uint64_t rax;

	(void)a;
	if (!t)
		return -EINVAL;
	t->in_sigreturn = true;
	if (sig_frame_restore(t, &rax) == 0)
		return (long)rax;
	/* A bad frame: the thread dies of SIGSEGV, as on Linux. */
	ksiginfo_init(&segv, SIGSEGV, SI_KERNEL);
	signal_force(t, &segv);
	return (long)uctx_get_reg(t->uctx, UCTX_RAX);
}

long sys_restart_syscall(const uint64_t a[6])
{
	struct sig_thread *t = sig_thread_current();
	struct sig_restart r;

	(void)a;
	if (!t || !t->restart.fn)
		return -EINTR;
	r = t->restart;
	sig_restart_clear(t);
	return r.fn(r.args);
}
