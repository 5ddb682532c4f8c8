/* SPDX-License-Identifier: MIT */
/* sigaltstack(2): set and query the alternate signal stack. */
#include "sig_frame.h"
#include "sig_internal.h"

#include <frame/errno.h>
#include <frame/umode.h>
#include <frame/user.h>
#include <signal/syscalls.h>

long sys_sigaltstack(const uint64_t a[6])
{
	struct sig_thread *t = sig_thread_current();
	uaddr_t uss = uaddr_from_syscall_arg(a[0]);
	uaddr_t uoss = uaddr_from_syscall_arg(a[1]);
	struct sig_stack_user ss, oss = { 0 };
	uint64_t sp;
	int err;

	if (!t)
		return -EINVAL;
	sp = uctx_rsp(t->uctx);
	if (!uaddr_is_null(uss) && frame_copy_from_user(&ss, uss, sizeof(ss)))
		return -EFAULT;
	oss.ss_sp = t->ss_sp;
	oss.ss_size = t->ss_size;
	oss.ss_flags = (int32_t)(sig_altstack_flags(t, sp) |
				 (t->ss_flags & SS_AUTODISARM));
	if (!uaddr_is_null(uss)) {
		err = sig_altstack_set(t, sp, ss.ss_sp, (uint32_t)ss.ss_flags,
				       ss.ss_size);
		if (err)
			return err;
	}
	if (!uaddr_is_null(uoss) && frame_copy_to_user(uoss, &oss, sizeof(oss)))
		return -EFAULT;
	return 0;
}
