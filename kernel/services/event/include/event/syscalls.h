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

/*
 * epoll_create(int size) and epoll_create1(int flags): an empty epoll
 * instance; @size must be positive (-EINVAL), @flags EPOLL_CLOEXEC or 0
 * (-EINVAL). -EMFILE, -ENOMEM.
 *
 * epoll_ctl(int epfd, int op, int fd, struct epoll_event *event):
 * EPOLL_CTL_ADD, _MOD, _DEL of (@fd's file, @fd). @event is read for
 * every op but DEL (-EFAULT); -EBADF for a closed @epfd or @fd (or an
 * O_PATH one); -EPERM when @fd's file cannot be polled (regular files,
 * directories);
 * -EINVAL when @epfd is no epoll file or is @fd's file, for an unknown
 * op, and for EPOLLEXCLUSIVE with MOD, on an epoll file or with bits
 * other than EPOLLIN, EPOLLOUT, EPOLLERR, EPOLLHUP, EPOLLWAKEUP, EPOLLET;
 * -ELOOP when an epoll file added would close a cycle or nest more than
 * 4 deep; -EEXIST, -ENOENT; -ENOMEM.
 *
 * epoll_wait(int epfd, struct epoll_event *events, int maxevents, int
 * timeout_ms), epoll_pwait(..., const sigset_t *mask, size_t size) and
 * epoll_pwait2(..., const struct timespec *timeout, const sigset_t
 * *mask, size_t size): up to @maxevents ready events (0 at the timeout;
 * a negative timeout or a NULL timespec waits for ever). -EINVAL for
 * @maxevents <= 0 or too large, a bad timespec, a mask size other than
 * 8, a @epfd that is no epoll file; -EFAULT for an array outside user
 * memory, or one that faults before the first event is written, and for
 * unreadable masks and timespecs; -EBADF; -EINTR when a signal ends the
 * wait (never restarted, as on Linux).
 */
long sys_epoll_create(const uint64_t a[6]);
long sys_epoll_create1(const uint64_t a[6]);
long sys_epoll_ctl(const uint64_t a[6]);
long sys_epoll_wait(const uint64_t a[6]);
long sys_epoll_pwait(const uint64_t a[6]);
long sys_epoll_pwait2(const uint64_t a[6]);

#endif /* EVENT_SYSCALLS_H */
