/* SPDX-License-Identifier: MIT */
/* The time package's API: boot setup, the process hooks, the host name. */
#ifndef TIME_TIME_H
#define TIME_TIME_H

#include <frame/task.h>
#include <frame/types.h>

/*
 * What the time package needs to know about processes, which sit above
 * it: registered once at boot by the package that ties them together.
 * Any member may be NULL; the calls then answer for the calling thread
 * alone (CPU time of the process = the thread's, one process, no other
 * pids).
 *
 * @current_pid, @current_tid: the caller's thread-group id and thread id.
 * @process_times: CPU time of process @pid (0: the caller's), all its
 *   threads, live and ended; -ESRCH when there is no such process.
 * @process_count: how many processes exist (sysinfo's procs).
 * @task_get: the task of thread @tid (0: the caller), for the sched_*
 *   calls and CPU clocks of another thread, with a reference that
 *   @task_put gives back; -ESRCH when there is none.
 * @kill: send @sig from the kernel (si_code SI_KERNEL) to process @pid,
 *   as the interval timers do (SIGALRM, SIGVTALRM, SIGPROF). Called in
 *   task context (the itimer task, or a thread of the process), which may
 *   sleep. -ESRCH when the process is gone.
 */
struct time_process_ops {
	int (*current_pid)(void);
	int (*current_tid)(void);
	int (*process_times)(int pid, struct task_times *out);
	unsigned int (*process_count)(void);
	int (*task_get)(int tid, struct task **out);
	void (*task_put)(struct task *t);
	int (*kill)(int pid, int sig);
};

void time_set_process_ops(const struct time_process_ops *ops);

/*
 * time_service_init() - register the per-thread state and start the "itimer"
 * kernel task that sends the interval timers' signals. 0, -ENOSPC or
 * -ENOMEM. Calls after the first successful one do nothing.
 */
int time_service_init(void);

/*
 * time_account_cpu() - charge @user_ns and @sys_ns of CPU time, used by a
 * thread of process @pid since its last call, to the process's
 * ITIMER_VIRTUAL (user time) and ITIMER_PROF (both); the one that runs
 * out sends SIGVTALRM or SIGPROF (through the @kill hook). The user loop
 * calls it in each thread after every trap, so at least once a tick while
 * the thread computes. Returns at once when no process has such a timer.
 */
void time_account_cpu(int pid, uint64_t user_ns, uint64_t sys_ns);

/*
 * time_itimer_exit() - process @pid has exited: its interval timers go
 * now, before its pid can be handed out again (a timer left for its
 * first firing would signal a new process of that pid, and a CPU-time
 * timer of a process that no longer runs would never fire nor be freed).
 */
void time_itimer_exit(int pid);

/*
 * The UTS names (uname): the host name set by sethostname (initially
 * "keel") and the domain name (initially "(none)"), copied into @buf of
 * @size bytes (at most 65 are needed).
 */
void time_hostname(char *buf, size_t size);
void time_domainname(char *buf, size_t size);

/* The strings uname reports besides those. */
#define TIME_UTS_SYSNAME "Linux"
#define TIME_UTS_RELEASE "6.1.0-keel"
#define TIME_UTS_VERSION "#1 SMP Keel"
#define TIME_UTS_MACHINE "x86_64"

#endif /* TIME_TIME_H */
