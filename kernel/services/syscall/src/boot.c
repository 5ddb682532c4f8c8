/* SPDX-License-Identifier: MIT */
/* Boot: the user loop registered with process, process hooks for time. */
#include <syscall/syscall.h>

#include <ipc/ipc.h>
#include <process/process.h>
#include <process/syscalls.h>
#include <time/time.h>

static int syscall_time_tid(void)
{
	struct proc_thread *t = proc_thread_current();

	return t ? proc_thread_tid(t) : 0;
}

/*
 * The interval timers' signals go through kill(2) from the "itimer"
 * kernel task, which has root credentials: the process package has no
 * kernel-side send by pid yet, so the target sees si_code SI_USER from
 * pid 0 where Linux gives SI_KERNEL.
 */
static int syscall_time_kill(int pid, int sig)
{
	const uint64_t a[6] = { (uint64_t)pid, (uint64_t)sig };

	return (int)sys_kill(a);
}

static const struct time_process_ops syscall_time_ops = {
	.current_pid = proc_current_pid,
	.current_tid = syscall_time_tid,
	.process_count = proc_count,
	.kill = syscall_time_kill,
};

int syscall_init(void)
{
	int err = ipc_init();

	if (err)
		return err;
	time_set_process_ops(&syscall_time_ops);
	proc_set_user_entry(syscall_user_loop);
	proc_set_exit_hook(time_itimer_exit);
	return time_service_init();
}
