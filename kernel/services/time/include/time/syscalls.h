/* SPDX-License-Identifier: MIT */
/* The syscalls the time package serves (x86-64 Linux semantics). */
#ifndef TIME_SYSCALLS_H
#define TIME_SYSCALLS_H

#include <frame/types.h>

long sys_clock_gettime(const uint64_t a[6]);
long sys_clock_getres(const uint64_t a[6]);
long sys_clock_settime(const uint64_t a[6]);
long sys_gettimeofday(const uint64_t a[6]);
long sys_settimeofday(const uint64_t a[6]);
long sys_time(const uint64_t a[6]);
long sys_nanosleep(const uint64_t a[6]);
long sys_clock_nanosleep(const uint64_t a[6]);
long sys_getitimer(const uint64_t a[6]);
long sys_setitimer(const uint64_t a[6]);
long sys_alarm(const uint64_t a[6]);
long sys_uname(const uint64_t a[6]);
long sys_sethostname(const uint64_t a[6]);
long sys_setdomainname(const uint64_t a[6]);
long sys_getrandom(const uint64_t a[6]);
long sys_sysinfo(const uint64_t a[6]);
long sys_sched_yield(const uint64_t a[6]);
long sys_sched_getaffinity(const uint64_t a[6]);
long sys_sched_setaffinity(const uint64_t a[6]);
long sys_sched_getparam(const uint64_t a[6]);
long sys_sched_setparam(const uint64_t a[6]);
long sys_sched_getscheduler(const uint64_t a[6]);
long sys_sched_setscheduler(const uint64_t a[6]);
long sys_sched_get_priority_max(const uint64_t a[6]);
long sys_sched_get_priority_min(const uint64_t a[6]);
long sys_sched_rr_get_interval(const uint64_t a[6]);
long sys_getcpu(const uint64_t a[6]);
long sys_reboot(const uint64_t a[6]);

#endif /* TIME_SYSCALLS_H */
