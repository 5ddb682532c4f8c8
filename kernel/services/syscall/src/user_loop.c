/* SPDX-License-Identifier: MIT */
/* The user loop: run a thread's user code, serve its traps, deliver signals. */
#include <syscall/syscall.h>

#include <frame/log.h>
#include <frame/umode.h>
#include <mm/mm.h>
#include <process/process.h>
#include <signal/signal.h>
#include <time/time.h>

#include "traps.h"

/* One syscall: the number in RAX, six arguments; RAX is left as it is. */
static long user_syscall(struct proc_thread *t, struct uctx *ctx)
{
	uint64_t args[6];

	uctx_syscall_args(ctx, args);
	return syscall_dispatch(proc_thread_tid(t), uctx_syscall_nr(ctx), args);
}

/*
 * Every thread of every process runs this, from the process package's
 * thread entry, until it must exit. Each round runs the user context in
 * the thread's current address space (execve replaces it) until it traps,
 * serves the trap, and delivers signals before the next return to user
 * mode. The syscall result goes to signal_deliver(), which puts it in RAX:
 * a restart code needs the syscall number still there.
 */
void syscall_user_loop(struct proc_thread *t)
{
	struct uctx *ctx = proc_thread_uctx(t);
	struct sig_thread *st = proc_thread_sig(t);
	struct user_fault_state faults = { 0 };
	struct task_times last, now;
	struct umode_trap trap;

	task_times(task_current(), &last);
	while (!proc_thread_should_exit(t)) {
		struct mm *mm = mm_current();
		bool from_syscall = false;
		long ret = 0;
		int err;

		if (!mm) {
			log_error("thread %d has no address space",
				  proc_thread_tid(t));
			break;
		}
		err = umode_run(ctx, mm_space(mm), &trap);
		if (err) {
			log_error("thread %d cannot enter user mode: error %d",
				  proc_thread_tid(t), err);
			break;
		}
		switch (trap.reason) {
		case UMODE_SYSCALL:
			ret = user_syscall(t, ctx);
			from_syscall = true;
			break;
		case UMODE_PAGE_FAULT:
			user_page_fault(st, mm, &trap, &faults);
			break;
		case UMODE_EXCEPTION:
			user_exception(st, ctx, &trap);
			break;
		case UMODE_INTERRUPT: /* the frame preempted us already */
		case UMODE_KICK:      /* a signal: signal_deliver() takes it */
			break;
		}
		/* CPU time for ITIMER_VIRTUAL and ITIMER_PROF: ticks' worth */
		task_times(task_current(), &now);
		if (now.user_ns != last.user_ns ||
		    now.system_ns != last.system_ns) {
			time_account_cpu(proc_current_pid(),
					 now.user_ns - last.user_ns,
					 now.system_ns - last.system_ns);
			last = now;
		}
		if (proc_thread_should_exit(t))
			break;
		signal_deliver(st, from_syscall, ret);
	}
}
