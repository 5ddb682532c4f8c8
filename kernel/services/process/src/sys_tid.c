/* SPDX-License-Identifier: MIT */
/* Per-thread user words: set_tid_address, robust lists, rseq. */
#include <process/syscalls.h>

#include <futex/futex.h>

#include <frame/errno.h>
#include <frame/user.h>

#include "proc_internal.h"

long sys_set_tid_address(const uint64_t a[6])
{
	struct proc_thread *t = proc_thread_current();

	t->clear_child_tid = uaddr_from_syscall_arg(a[0]);
	return t->tid;
}

long sys_set_robust_list(const uint64_t a[6])
{
	struct proc_thread *t = proc_thread_current();

	if (a[1] != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	t->robust_head = uaddr_from_syscall_arg(a[0]);
	t->robust_len = (size_t)a[1];
	return 0;
}

long sys_get_robust_list(const uint64_t a[6])
{
	int pid = (int)a[0];
	uaddr_t uhead = uaddr_from_syscall_arg(a[1]);
	uaddr_t ulen = uaddr_from_syscall_arg(a[2]);
	struct proc_thread *t;
	uint64_t head, len, flags;

	flags = proc_tree_lock();
	t = pid ? proc_thread_find(pid) : proc_thread_current();
	if (t) {
		head = uaddr_value(t->robust_head);
		/* Linux reports the head's size, set or not. */
		len = ROBUST_LIST_HEAD_SIZE;
	}
	proc_tree_unlock(flags);
	if (!t)
		return -ESRCH;
	if (frame_copy_to_user(ulen, &len, sizeof(len)) ||
	    frame_copy_to_user(uhead, &head, sizeof(head)))
		return -EFAULT;
	return 0;
}

/* Restartable sequences are not offered; glibc takes ENOSYS and goes on. */
long sys_rseq(const uint64_t a[6])
{
	(void)a;
	return -ENOSYS;
}
