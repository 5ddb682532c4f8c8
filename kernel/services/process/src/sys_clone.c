/* SPDX-License-Identifier: MIT */
/* clone, clone3, fork, vfork: decode into proc_clone_args, then create. */
#include <process/syscalls.h>

#include <frame/errno.h>
#include <frame/string.h>
#include <frame/user.h>

#include "proc_clone.h"
#include "proc_glue.h"

/* clone(flags, newsp, parent_tid, child_tid, tls) on x86-64. */
long sys_clone(const uint64_t a[6])
{
	struct proc_clone_args args = {
		/* The legacy call has only 32 bits of flags. */
		.flags = a[0] & 0xffffffffull & ~CLONE_CSIGNAL,
		.exit_signal = (int)(a[0] & CLONE_CSIGNAL),
		.stack = a[1],
		.parent_tid = uaddr_from_syscall_arg(a[2]),
		.child_tid = uaddr_from_syscall_arg(a[3]),
		.tls = a[4],
	};
	int err;

	/* Threads have no exit signal; the legacy call ignores it. */
	if (args.flags & CLONE_THREAD)
		args.exit_signal = 0;
	/* CLONE_DETACHED is ignored, as Linux does for the old call. */
	args.flags &= ~CLONE_DETACHED;
	err = proc_clone_check(&args);
	return err ? err : proc_do_clone(&args);
}

/* struct clone_args, as clone3 reads it (sizes 64, 80, 88). */
struct proc_clone3_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack,
		stack_size, tls, set_tid, set_tid_size, cgroup;
};

#define CLONE_ARGS_SIZE_VER0 64
#define CLONE_ARGS_SIZE_MAX  ((size_t)sizeof(struct proc_clone3_args))
#define CLONE3_KNOWN                                          \
	(0xffffffffull & ~(CLONE_CSIGNAL | CLONE_DETACHED)) | \
		CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP

/* Copy the struct in by its size: -E2BIG for unknown non-zero tails. */
static int proc_clone3_copy(struct proc_clone3_args *k, uaddr_t u, size_t size)
{
	uint8_t tail[64];

	memset(k, 0, sizeof(*k));
	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	if (size > 4096)
		return -E2BIG;
	if (frame_copy_from_user(k, u, MIN(size, CLONE_ARGS_SIZE_MAX)))
		return -EFAULT;
	for (size_t off = CLONE_ARGS_SIZE_MAX; off < size;
	     off += sizeof(tail)) {
		size_t n = MIN(sizeof(tail), size - off);

		if (frame_copy_from_user(tail, uaddr_add(u, off), n))
			return -EFAULT;
		for (size_t i = 0; i < n; i++)
			if (tail[i])
				return -E2BIG;
	}
	return 0;
}

long sys_clone3(const uint64_t a[6])
{
	struct proc_clone3_args k;
	int err = proc_clone3_copy(&k, uaddr_from_syscall_arg(a[0]),
				   (size_t)a[1]);

	if (err)
		return err;
	if (k.flags & ~(uint64_t)(CLONE3_KNOWN))
		return -EINVAL;
	if (k.exit_signal & ~CLONE_CSIGNAL || k.exit_signal > SIG_NSIG)
		return -EINVAL;
	if ((k.flags & (CLONE_THREAD | CLONE_PARENT)) && k.exit_signal)
		return -EINVAL;
	if ((k.stack == 0) != (k.stack_size == 0))
		return -EINVAL;
	if (k.set_tid_size > 1 || (k.set_tid_size && !k.set_tid) ||
	    (!k.set_tid_size && k.set_tid))
		return -EINVAL;
	struct proc_clone_args args = {
		.flags = k.flags,
		.exit_signal = (int)k.exit_signal,
		.stack = k.stack ? k.stack + k.stack_size : 0,
		.tls = k.tls,
		.parent_tid = uaddr_from_syscall_arg(k.parent_tid),
		.child_tid = uaddr_from_syscall_arg(k.child_tid),
	};
	if (k.set_tid_size) {
		int32_t want;

		if (frame_copy_from_user(&want,
					 uaddr_from_syscall_arg(k.set_tid),
					 sizeof(want)))
			return -EFAULT;
		if (want <= 0 || want >= PROC_PID_MAX)
			return -EINVAL;
		args.set_tid = want;
	}
	err = proc_clone_check(&args);
	return err ? err : proc_do_clone(&args);
}

long sys_fork(const uint64_t a[6])
{
	struct proc_clone_args args = { .exit_signal = SIGCHLD };

	(void)a;
	return proc_do_clone(&args);
}

long sys_vfork(const uint64_t a[6])
{
	struct proc_clone_args args = { .flags = CLONE_VM | CLONE_VFORK,
					.exit_signal = SIGCHLD };

	(void)a;
	return proc_do_clone(&args);
}
