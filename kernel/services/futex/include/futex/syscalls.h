/* SPDX-License-Identifier: MIT */
/* The futex syscall (x86-64 Linux ABI). */
#ifndef FUTEX_SYSCALLS_H
#define FUTEX_SYSCALLS_H

#include <frame/types.h>

/*
 * futex(uaddr, op, val, timeout or val2, uaddr2, val3). set_robust_list
 * and get_robust_list live in the process package (the head is per
 * thread there); it calls futex_exit_robust() at thread exit.
 */
long sys_futex(const uint64_t a[6]);

#endif /* FUTEX_SYSCALLS_H */
