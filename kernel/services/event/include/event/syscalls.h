/* SPDX-License-Identifier: MIT */
/* The event system calls: long sys_<name>(const uint64_t a[6]). */
#ifndef EVENT_SYSCALLS_H
#define EVENT_SYSCALLS_H

#include <frame/types.h>

/*
 * eventfd(unsigned int initval) and eventfd2(unsigned int initval, int
 * flags): a descriptor over a 64-bit counter starting at @initval.
 * eventfd2 takes EFD_CLOEXEC, EFD_NONBLOCK and EFD_SEMAPHORE; other flags
 * are -EINVAL (eventfd takes none). -EMFILE, -ENOMEM.
 *
 * A read of at least 8 bytes blocks while the counter is 0, then returns
 * the counter and zeroes it (EFD_SEMAPHORE: returns 1 and decrements it).
 * A write of at least 8 bytes adds its value, blocking while the sum would
 * exceed 0xfffffffffffffffe; the value 0xffffffffffffffff is -EINVAL.
 * Shorter buffers are -EINVAL. Readable while the counter is not 0,
 * writable while it is below 0xfffffffffffffffe.
 */
long sys_eventfd(const uint64_t a[6]);
long sys_eventfd2(const uint64_t a[6]);

/*
 * timerfd_create(int clockid, int flags): a disarmed timer on
 * CLOCK_REALTIME, CLOCK_MONOTONIC or CLOCK_BOOTTIME (others -EINVAL);
 * flags TFD_CLOEXEC, TFD_NONBLOCK (others -EINVAL). -EMFILE, -ENOMEM.
 *
 * timerfd_settime(int fd, int flags, const struct itimerspec *new,
 * struct itimerspec *old): -EFAULT when @new cannot be read; -EINVAL for
 * flags other than TFD_TIMER_ABSTIME and TFD_TIMER_CANCEL_ON_SET or a
 * negative or non-normalised time; -EBADF, -EINVAL when @fd is no
 * timerfd; the setting replaced goes to @old unless NULL (-EFAULT).
 * timerfd_gettime(int fd, struct itimerspec *cur): the time left and the
 * interval. A read of 8 bytes or more returns the expirations since the
 * last read (blocking while none), -ECANCELED after the wall clock was
 * set under TFD_TIMER_CANCEL_ON_SET.
 */
long sys_timerfd_create(const uint64_t a[6]);
long sys_timerfd_settime(const uint64_t a[6]);
long sys_timerfd_gettime(const uint64_t a[6]);

/*
 * signalfd(int fd, const sigset_t *mask, size_t sizemask) and
 * signalfd4(..., int flags): @fd -1 makes a descriptor that reads the
 * caller's pending signals of @mask (SIGKILL and SIGSTOP left out), as
 * rt_sigtimedwait takes them, 128-byte signalfd_siginfo records each;
 * another @fd must be a signalfd, whose set is replaced (-EBADF, -EINVAL
 * otherwise). Flags SFD_CLOEXEC, SFD_NONBLOCK (signalfd: none); others
 * and a @sizemask other than 8 are -EINVAL; -EFAULT when @mask cannot be
 * read; -EMFILE, -ENOMEM.
 */
long sys_signalfd(const uint64_t a[6]);
long sys_signalfd4(const uint64_t a[6]);

#endif /* EVENT_SYSCALLS_H */
