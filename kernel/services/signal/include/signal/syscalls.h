/* SPDX-License-Identifier: MIT */
/* The signal syscalls (x86-64 Linux ABI). */
#ifndef SIGNAL_SYSCALLS_H
#define SIGNAL_SYSCALLS_H

#include <frame/types.h>

/*
 * Each takes the six syscall argument registers and returns the result,
 * -errno, or a restart code from <frame/errno.h>. rt_sigreturn returns
 * the restored RAX (the syscall layer must store it as is). kill, tkill,
 * tgkill, rt_sigqueueinfo and rt_tgsigqueueinfo live in the process
 * package, which looks the target up and calls signal_send_*().
 */
long sys_rt_sigaction(const uint64_t a[6]);
long sys_rt_sigprocmask(const uint64_t a[6]);
long sys_rt_sigreturn(const uint64_t a[6]);
long sys_rt_sigpending(const uint64_t a[6]);
long sys_rt_sigsuspend(const uint64_t a[6]);
long sys_rt_sigtimedwait(const uint64_t a[6]);
long sys_sigaltstack(const uint64_t a[6]);
long sys_pause(const uint64_t a[6]);
long sys_restart_syscall(const uint64_t a[6]);

#endif /* SIGNAL_SYSCALLS_H */
