/* SPDX-License-Identifier: MIT */
/* arch_prctl: the FS and GS bases. */
#include <process/syscalls.h>

#include <frame/errno.h>
#include <frame/umode.h>
#include <frame/user.h>

#include "proc_internal.h"

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

long sys_arch_prctl(const uint64_t a[6])
{
	struct uctx *ctx = proc_thread_current()->uctx;
	uint64_t v;

	switch ((int)a[0]) {
	case ARCH_SET_FS:
		/* A base the CPU cannot hold is EPERM, as Linux says for
		 * an address outside the user half. */
		return uctx_set_fs_base(ctx, a[1]) ? -EPERM : 0;
	case ARCH_SET_GS:
		return uctx_set_gs_base(ctx, a[1]) ? -EPERM : 0;
	case ARCH_GET_FS:
		v = uctx_fs_base(ctx);
		break;
	case ARCH_GET_GS:
		v = uctx_gs_base(ctx);
		break;
	default:
		return -EINVAL;
	}
	if (frame_copy_to_user(uaddr_from_syscall_arg(a[1]), &v, sizeof(v)))
		return -EFAULT;
	return 0;
}
