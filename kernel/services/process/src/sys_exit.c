/* SPDX-License-Identifier: MIT */
/* exit and exit_group. */
#include <process/syscalls.h>

#include "proc_internal.h"

long sys_exit(const uint64_t a[6])
{
	proc_exit_thread((int)(a[0] & 0xff));
}

long sys_exit_group(const uint64_t a[6])
{
	proc_exit_group(proc_status_exited((int)a[0]));
}
