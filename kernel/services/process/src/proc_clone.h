/* SPDX-License-Identifier: MIT */
/* The decoded request behind clone, clone3, fork and vfork. */
#ifndef PROCESS_PROC_CLONE_H
#define PROCESS_PROC_CLONE_H

#include "proc_internal.h"

#define CLONE_CSIGNAL	     0x000000ffull
#define CLONE_VM	     0x00000100ull
#define CLONE_FS	     0x00000200ull
#define CLONE_FILES	     0x00000400ull
#define CLONE_SIGHAND	     0x00000800ull
#define CLONE_PIDFD	     0x00001000ull
#define CLONE_PTRACE	     0x00002000ull
#define CLONE_VFORK	     0x00004000ull
#define CLONE_PARENT	     0x00008000ull
#define CLONE_THREAD	     0x00010000ull
#define CLONE_NEWNS	     0x00020000ull
#define CLONE_SYSVSEM	     0x00040000ull
#define CLONE_SETTLS	     0x00080000ull
#define CLONE_PARENT_SETTID  0x00100000ull
#define CLONE_CHILD_CLEARTID 0x00200000ull
#define CLONE_DETACHED	     0x00400000ull
#define CLONE_UNTRACED	     0x00800000ull
#define CLONE_CHILD_SETTID   0x01000000ull
#define CLONE_NEWCGROUP	     0x02000000ull
#define CLONE_NEWUTS	     0x04000000ull
#define CLONE_NEWIPC	     0x08000000ull
#define CLONE_NEWUSER	     0x10000000ull
#define CLONE_NEWPID	     0x20000000ull
#define CLONE_NEWNET	     0x40000000ull
#define CLONE_IO	     0x80000000ull
#define CLONE_CLEAR_SIGHAND  0x100000000ull
#define CLONE_INTO_CGROUP    0x200000000ull

#define CLONE_NEW_ANY                                                  \
	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | \
	 CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)

struct proc_clone_args {
	uint64_t flags; /* without the exit signal */
	int exit_signal;
	uint64_t stack; /* the new stack pointer, 0: the caller's */
	uint64_t tls;
	uaddr_t parent_tid, child_tid;
	int set_tid; /* clone3's set_tid[0], 0: any */
};

/* The flag rules of Linux's copy_process(): 0 or -EINVAL / -EPERM. */
int proc_clone_check(const struct proc_clone_args *args);

/* Create the thread or process: the child's tid (pid), or -errno. */
long proc_do_clone(const struct proc_clone_args *args);

#endif /* PROCESS_PROC_CLONE_H */
