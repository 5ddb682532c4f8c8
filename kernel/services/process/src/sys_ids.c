/* SPDX-License-Identifier: MIT */
/* getpid, getppid, gettid. */
#include <process/syscalls.h>

#include "proc_internal.h"

long sys_getpid(const uint64_t a[6])
{
	(void)a;
	return proc_current()->pid;
}

long sys_getppid(const uint64_t a[6])
{
	(void)a;
	return proc_ppid(proc_current());
}

long sys_gettid(const uint64_t a[6])
{
	(void)a;
	return proc_thread_current()->tid;
}
