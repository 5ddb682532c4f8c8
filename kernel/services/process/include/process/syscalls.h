/* SPDX-License-Identifier: MIT */
/* The process package's syscall handlers (the syscall table calls them). */
#ifndef PROCESS_SYSCALLS_H
#define PROCESS_SYSCALLS_H

#include <frame/types.h>

/* Each: decode a[], validate, act; >= 0, -errno or a restart code. */
long sys_clone(const uint64_t a[6]);
long sys_clone3(const uint64_t a[6]);
long sys_fork(const uint64_t a[6]);
long sys_vfork(const uint64_t a[6]);
long sys_execve(const uint64_t a[6]);
long sys_execveat(const uint64_t a[6]);
long sys_exit(const uint64_t a[6]);
long sys_exit_group(const uint64_t a[6]);
long sys_wait4(const uint64_t a[6]);
long sys_waitid(const uint64_t a[6]);
long sys_getpid(const uint64_t a[6]);
long sys_getppid(const uint64_t a[6]);
long sys_gettid(const uint64_t a[6]);
long sys_getpgid(const uint64_t a[6]);
long sys_setpgid(const uint64_t a[6]);
long sys_getpgrp(const uint64_t a[6]);
long sys_getsid(const uint64_t a[6]);
long sys_setsid(const uint64_t a[6]);
long sys_getuid(const uint64_t a[6]);
long sys_getgid(const uint64_t a[6]);
long sys_geteuid(const uint64_t a[6]);
long sys_getegid(const uint64_t a[6]);
long sys_setuid(const uint64_t a[6]);
long sys_setgid(const uint64_t a[6]);
long sys_setreuid(const uint64_t a[6]);
long sys_setregid(const uint64_t a[6]);
long sys_setresuid(const uint64_t a[6]);
long sys_setresgid(const uint64_t a[6]);
long sys_getresuid(const uint64_t a[6]);
long sys_getresgid(const uint64_t a[6]);
long sys_setfsuid(const uint64_t a[6]);
long sys_setfsgid(const uint64_t a[6]);
long sys_getgroups(const uint64_t a[6]);
long sys_setgroups(const uint64_t a[6]);
long sys_capget(const uint64_t a[6]);
long sys_capset(const uint64_t a[6]);
long sys_prctl(const uint64_t a[6]);
long sys_arch_prctl(const uint64_t a[6]);
long sys_set_tid_address(const uint64_t a[6]);
long sys_set_robust_list(const uint64_t a[6]);
long sys_get_robust_list(const uint64_t a[6]);
long sys_rseq(const uint64_t a[6]);
long sys_kill(const uint64_t a[6]);
long sys_tkill(const uint64_t a[6]);
long sys_tgkill(const uint64_t a[6]);
long sys_rt_sigqueueinfo(const uint64_t a[6]);
long sys_rt_tgsigqueueinfo(const uint64_t a[6]);
long sys_prlimit64(const uint64_t a[6]);
long sys_getrlimit(const uint64_t a[6]);
long sys_setrlimit(const uint64_t a[6]);
long sys_getrusage(const uint64_t a[6]);
long sys_times(const uint64_t a[6]);
long sys_getpriority(const uint64_t a[6]);
long sys_setpriority(const uint64_t a[6]);
long sys_personality(const uint64_t a[6]);

#endif /* PROCESS_SYSCALLS_H */
