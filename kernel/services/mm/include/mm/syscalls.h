/* SPDX-License-Identifier: MIT */
/* The memory syscalls mm serves, on the calling task's mm (mm_current()). */
#ifndef MM_SYSCALLS_H
#define MM_SYSCALLS_H

#include <frame/types.h>

/*
 * Each takes the six raw argument registers and returns the result, or
 * -errno as Linux gives it. Without an attached mm they return -EFAULT
 * (brk: 0).
 */
long sys_mmap(const uint64_t a[6]);	  /* 9 */
long sys_mprotect(const uint64_t a[6]);	  /* 10 */
long sys_munmap(const uint64_t a[6]);	  /* 11 */
long sys_brk(const uint64_t a[6]);	  /* 12 */
long sys_mremap(const uint64_t a[6]);	  /* 25 */
long sys_msync(const uint64_t a[6]);	  /* 26 */
long sys_mincore(const uint64_t a[6]);	  /* 27 */
long sys_madvise(const uint64_t a[6]);	  /* 28 */
long sys_mlock(const uint64_t a[6]);	  /* 149 */
long sys_munlock(const uint64_t a[6]);	  /* 150 */
long sys_mlockall(const uint64_t a[6]);	  /* 151 */
long sys_munlockall(const uint64_t a[6]); /* 152 */
long sys_mlock2(const uint64_t a[6]);	  /* 325 */

#endif /* MM_SYSCALLS_H */
