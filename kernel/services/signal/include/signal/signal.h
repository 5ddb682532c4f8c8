/* SPDX-License-Identifier: MIT */
/* Signals: numbers, sets, actions, pending queues, sending and delivery. */
#ifndef SIGNAL_SIGNAL_H
#define SIGNAL_SIGNAL_H

#include <frame/sync.h>
#include <frame/task.h>
#include <frame/types.h>
#include <frame/user.h>

struct task;
struct uctx;

/*
 * The model (docs/services/signals.md has the long form):
 *
 * - struct sighand: the action table (one struct sig_action per signal),
 *   refcounted, shared by threads and by CLONE_SIGHAND.
 * - struct sig_group: one per thread group (process): the shared pending
 *   set and queue, the list of its threads, the group stop state.
 * - struct sig_thread: one per thread, embedded in the process package's
 *   thread object: blocked mask, private pending set, alternate stack,
 *   restart block, the frame task and user context.
 *
 * Sending (signal_send_thread/group) never checks permissions (the
 * caller, kill(2) and friends, does), may be called in any context
 * (interrupts off included: it only takes spinlocks and allocates with
 * the frame heap, which never sleeps), and wakes a thread that can take
 * the signal with task_interrupt(). Delivery happens in the thread itself,
 * in signal_deliver(), which the user loop calls before every return to
 * user mode.
 *
 * Locking: each group has a spinlock (irqsave) guarding the pending sets
 * and blocked masks of its threads, its thread list and stop state; each
 * sighand one guarding the actions. The group lock is taken first.
 */

/* Linux's x86-64 signal numbers. */
#define SIGHUP	  1
#define SIGINT	  2
#define SIGQUIT	  3
#define SIGILL	  4
#define SIGTRAP	  5
#define SIGABRT	  6
#define SIGIOT	  6
#define SIGBUS	  7
#define SIGFPE	  8
#define SIGKILL	  9
#define SIGUSR1	  10
#define SIGSEGV	  11
#define SIGUSR2	  12
#define SIGPIPE	  13
#define SIGALRM	  14
#define SIGTERM	  15
#define SIGSTKFLT 16
#define SIGCHLD	  17
#define SIGCONT	  18
#define SIGSTOP	  19
#define SIGTSTP	  20
#define SIGTTIN	  21
#define SIGTTOU	  22
#define SIGURG	  23
#define SIGXCPU	  24
#define SIGXFSZ	  25
#define SIGVTALRM 26
#define SIGPROF	  27
#define SIGWINCH  28
#define SIGIO	  29
#define SIGPOLL	  SIGIO
#define SIGPWR	  30
#define SIGSYS	  31
#define SIGRTMIN  32
#define SIGRTMAX  64
#define SIG_NSIG  64 /* the highest signal number (Linux's _NSIG) */

/* Handlers in sa_handler. */
#define SIG_DFL 0ul
#define SIG_IGN 1ul

/* sa_flags (x86-64). */
#define SA_NOCLDSTOP	  0x00000001u
#define SA_NOCLDWAIT	  0x00000002u
#define SA_SIGINFO	  0x00000004u
#define SA_UNSUPPORTED	  0x00000400u
#define SA_EXPOSE_TAGBITS 0x00000800u
#define SA_RESTORER	  0x04000000u
#define SA_ONSTACK	  0x08000000u
#define SA_RESTART	  0x10000000u
#define SA_NODEFER	  0x40000000u
#define SA_RESETHAND	  0x80000000u

/* rt_sigprocmask's how. */
#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* sigaltstack. */
#define SS_ONSTACK    1
#define SS_DISABLE    2
#define SS_AUTODISARM (1u << 31)
#define MINSIGSTKSZ   2048
#define SIGSTKSZ      8192

/* si_code values: who sent it (<= 0 from user space). */
#define SI_USER	   0
#define SI_KERNEL  0x80
#define SI_QUEUE   (-1)
#define SI_TIMER   (-2)
#define SI_MESGQ   (-3)
#define SI_ASYNCIO (-4)
#define SI_SIGIO   (-5)
#define SI_TKILL   (-6)

/* si_code for SIGILL, SIGFPE, SIGSEGV, SIGBUS, SIGTRAP, SIGCHLD, SIGPOLL,
 * SIGSYS. */
#define ILL_ILLOPC    1
#define ILL_ILLOPN    2
#define ILL_ILLADR    3
#define ILL_ILLTRP    4
#define ILL_PRVOPC    5
#define ILL_PRVREG    6
#define ILL_COPROC    7
#define ILL_BADSTK    8
#define FPE_INTDIV    1
#define FPE_INTOVF    2
#define FPE_FLTDIV    3
#define FPE_FLTOVF    4
#define FPE_FLTUND    5
#define FPE_FLTRES    6
#define FPE_FLTINV    7
#define FPE_FLTSUB    8
#define SEGV_MAPERR   1
#define SEGV_ACCERR   2
#define SEGV_BNDERR   3
#define SEGV_PKUERR   4
#define BUS_ADRALN    1
#define BUS_ADRERR    2
#define BUS_OBJERR    3
#define TRAP_BRKPT    1
#define TRAP_TRACE    2
#define CLD_EXITED    1
#define CLD_KILLED    2
#define CLD_DUMPED    3
#define CLD_TRAPPED   4
#define CLD_STOPPED   5
#define CLD_CONTINUED 6
#define POLL_IN	      1
#define POLL_OUT      2
#define POLL_MSG      3
#define POLL_ERR      4
#define POLL_PRI      5
#define POLL_HUP      6
#define SYS_SECCOMP   1

/* The core-dump bit of a wait status killed by a signal. */
#define SIG_STATUS_CORE 0x80

/*
 * Signal sets: bit (sig - 1) stands for signal @sig, as Linux's 64-bit
 * sigset_t (sigsetsize 8 in the syscalls).
 */
typedef uint64_t sigset_t;

#define SIGSET_SIZE 8

static inline bool sig_valid(int sig)
{
	return sig >= 1 && sig <= SIG_NSIG;
}

static inline sigset_t sigset_bit(int sig)
{
	return sig_valid(sig) ? 1ull << (sig - 1) : 0;
}

static inline bool sigset_has(sigset_t s, int sig)
{
	return (s & sigset_bit(sig)) != 0;
}

static inline void sigset_add(sigset_t *s, int sig)
{
	*s |= sigset_bit(sig);
}

static inline void sigset_del(sigset_t *s, int sig)
{
	*s &= ~sigset_bit(sig);
}

/* The lowest signal in @s, or 0 when empty. */
static inline int sigset_first(sigset_t s)
{
	return s ? __builtin_ctzll(s) + 1 : 0;
}

/* What no mask may hold. */
#define SIGSET_UNBLOCKABLE (sigset_bit(SIGKILL) | sigset_bit(SIGSTOP))

static inline bool sig_is_rt(int sig)
{
	return sig >= SIGRTMIN && sig <= SIGRTMAX;
}

/* Default actions. */
enum sig_default {
	SIG_DEF_TERM,
	SIG_DEF_CORE,
	SIG_DEF_IGN,
	SIG_DEF_STOP,
	SIG_DEF_CONT,
};

/* sig_default_action() - Linux's default action for @sig (valid signal) */
enum sig_default sig_default_action(int sig);

/* The stop signals: SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU. */
bool sig_is_stop(int sig);

/*
 * A signal's information, as the kernel keeps it. The fields are those of
 * Linux's siginfo_t union, flat; which of them reach user space depends on
 * the signal and si_code, as in Linux (see ksiginfo_to_user()):
 *   kill, tkill, sigqueue: pid, uid (and value for SI_QUEUE and rt)
 *   SIGCHLD: pid, uid, status, utime, stime (clock ticks)
 *   faults (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP): addr
 *   SIGPOLL: band, fd; POSIX timers: timerid, overrun, value
 */
struct ksiginfo {
	int signo;
	int errno_;
	int code;
	int pid;
	uint32_t uid;
	int status;
	uint64_t value; /* union sigval: an int or a pointer, as a number */
	uint64_t addr;	/* the faulting address */
	int timerid, overrun;
	int64_t utime, stime;
	int64_t band;
	int fd;
	int syscall;
	uint32_t arch;
	/* Not in siginfo_t: the CPU's trap number and error code, which the
	 * handler frame's sigcontext reports (trapno, err). */
	int trapno;
	uint64_t err;
};

/* Linux's siginfo_t as user space sees it: 128 bytes. */
#define SIGINFO_USER_SIZE 128
struct siginfo_user {
	uint8_t bytes[SIGINFO_USER_SIZE];
};

/* ksiginfo_to_user() - lay @info out as Linux's siginfo_t in @out */
void ksiginfo_to_user(const struct ksiginfo *info, struct siginfo_user *out);

/*
 * ksiginfo_from_user() - read a user siginfo_t (rt_sigqueueinfo): the
 * header, and pid, uid, value from the union as the rt layout has them
 */
void ksiginfo_from_user(const struct siginfo_user *in, struct ksiginfo *out);

/* ksiginfo_init() - a zeroed info for @sig with @code */
void ksiginfo_init(struct ksiginfo *info, int sig, int code);

/* Actions (one per signal in a sighand), as rt_sigaction sees them. */
struct sig_action {
	uint64_t handler; /* SIG_DFL, SIG_IGN or a user address */
	uint64_t flags;	  /* SA_* */
	uint64_t restorer;
	sigset_t mask;
};

/* Linux's struct sigaction for rt_sigaction(2) on x86-64 (32 bytes). */
struct sigaction_user {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	uint64_t mask;
};

/*
 * The action table. Refcounted: sighand_create() and sighand_copy()
 * return one reference. sighand_copy() (fork without CLONE_SIGHAND)
 * copies the actions. sighand_exec_reset() (execve) resets every handled
 * signal to SIG_DFL, keeping SIG_IGN and the flags of ignored ones as
 * Linux does; a shared table must be unshared (copied) by the caller
 * first.
 */
struct sighand;
struct sighand *sighand_create(void);
struct sighand *sighand_copy(struct sighand *from);
void sighand_get(struct sighand *h);
void sighand_put(struct sighand *h);
bool sighand_shared(struct sighand *h);
void sighand_exec_reset(struct sighand *h);
/* sighand_get_action() - a copy of @sig's action (valid @sig) */
void sighand_get_action(struct sighand *h, int sig, struct sig_action *out);
/*
 * sighand_set_action() - set @sig's action; 0, or -EINVAL for an invalid
 * signal or a handler for SIGKILL/SIGSTOP. @g (may be NULL): the group
 * whose pending signals a newly ignored signal is discarded from.
 */
struct sig_group;
int sighand_set_action(struct sighand *h, struct sig_group *g, int sig,
		       const struct sig_action *act);

/*
 * SIGCHLD policy for the process package: whether the parent's SIGCHLD
 * is ignored (explicit SIG_IGN) or has SA_NOCLDWAIT (then children are
 * reaped at once), and whether SA_NOCLDSTOP asks not to be told of stops.
 */
bool sighand_nocldwait(struct sighand *h);
bool sighand_nocldstop(struct sighand *h);
/* Whether @sig is ignored (explicitly, or by default action). */
bool sighand_ignores(struct sighand *h, int sig);

/* A queued signal with its information. Private to signal. */
struct sig_queued {
	struct sig_queued *next;
	struct ksiginfo info;
};

/* A pending set and queue (per thread and per group). Private. */
struct sig_pending {
	sigset_t set;
	struct sig_queued *head;
	struct sig_queued **tail;
};

/* How many rt signals (with information) may be queued in one group. */
#define SIG_QUEUE_MAX 1024

/*
 * The thread group's state. Refcounted (the process and each thread's
 * sig_thread hold references). Created by the process package.
 */
struct sig_group;
struct sig_group *sig_group_create(void);
void sig_group_get(struct sig_group *g);
void sig_group_put(struct sig_group *g);
/* Whether the group is stopped (job control) now. */
bool sig_group_stopped(struct sig_group *g);

/*
 * The restart block for -ERESTART_RESTARTBLOCK: a syscall that returns it
 * first stores, with signal_set_restart(), the function restart_syscall(2)
 * calls and its arguments (for instance nanosleep's remaining time).
 */
struct sig_restart {
	long (*fn)(const uint64_t args[6]);
	uint64_t args[6];
};

/*
 * One thread. The process package embeds it in its thread object, and
 * sets it up with sig_thread_init() before the thread runs; the members
 * are signal's (the process reads none of them but task and uctx).
 */
struct sig_thread {
	struct task *task;
	struct uctx *uctx;
	struct sig_group *group;	/* a reference */
	struct sighand *hand;		/* a reference */
	struct sig_thread *prev, *next; /* in group's thread list */
	/* Under the group's lock: */
	sigset_t blocked;
	sigset_t saved_mask;   /* rt_sigsuspend's and a temporary wait
				  mask's, restored after delivery */
	sigset_t real_blocked; /* rt_sigtimedwait's set, unblocked to wake
				  it but still kept from being ignored */
	bool restore_mask;
	bool exiting; /* left the group: takes no group signals */
	struct sig_pending pending;
	/* The thread's own: */
	uint64_t ss_sp;
	uint64_t ss_size;
	uint32_t ss_flags; /* SS_DISABLE, SS_AUTODISARM */
	struct sig_restart restart;
	bool in_sigreturn;    /* the syscall was rt_sigreturn: no restart */
	struct task_data td_; /* the task_data slot (signal's) */
};

/*
 * sig_thread_init() - set @t up for @task with user context @uctx, in
 * group @g with actions @h (references taken on both), empty mask,
 * nothing pending, no alternate stack, and add it to @g's threads.
 */
void sig_thread_init(struct sig_thread *t, struct task *task, struct uctx *uctx,
		     struct sig_group *g, struct sighand *h);

/*
 * sig_thread_inherit() - fork and clone: @child (initialised) gets
 * @parent's blocked mask, and its alternate stack unless @clear_altstack
 * (clone with CLONE_VM and without CLONE_VFORK, as Linux).
 */
void sig_thread_inherit(struct sig_thread *child,
			const struct sig_thread *parent, bool clear_altstack);

/*
 * sig_thread_exit() - @t leaves its group (its private pending signals
 * are dropped; group signals go to the remaining threads) and drops its
 * references. After it @t is unused and may be freed. Call it while
 * @t's task still exists (it is the thread's last act, or done before
 * the task is joined): the other threads' tasks are interrupted.
 */
void sig_thread_exit(struct sig_thread *t);

/* sig_thread_exec() - execve in @t: alternate stack disabled. */
void sig_thread_exec(struct sig_thread *t);

/*
 * sig_thread_replace_hand() - make @h (reference taken) @t's action table,
 * dropping the old one (execve unsharing a CLONE_SIGHAND table).
 */
void sig_thread_replace_hand(struct sig_thread *t, struct sighand *h);

/*
 * Per task: signal_attach() stores @t as @task's signal state (the
 * process does it when it creates the thread, before the thread runs; NULL
 * detaches); sig_thread_current() is the calling task's, or NULL.
 */
void signal_attach(struct task *task, struct sig_thread *t);
struct sig_thread *sig_thread_current(void);

/*
 * Sending. No permission checks. 0, or -EINVAL (bad signal number),
 * -EAGAIN (an rt signal with information beyond SIG_QUEUE_MAX). A signal
 * the target ignores (and does not block) is discarded, returning 0.
 * signal_send_thread(): to one thread (tkill, faults, SIGPIPE).
 * signal_send_group(): to a thread group (kill); a thread that does not
 * block it is woken to take it.
 */
int signal_send_thread(struct sig_thread *t, const struct ksiginfo *info);
int signal_send_group(struct sig_group *g, const struct ksiginfo *info);

/*
 * signal_force() - a synchronous fault signal for @t (the current
 * thread): if it is blocked or ignored, its action is reset to SIG_DFL
 * and it is unblocked first, so that the fault is never lost (Linux's
 * force_sig_info).
 */
int signal_force(struct sig_thread *t, const struct ksiginfo *info);

/*
 * For signalfd, which reads signals as rt_sigtimedwait takes them:
 * signal_pending_in() - the signals of @these pending for @t (its own and
 * its group's); signal_take() - dequeue the next of @these (@t's own
 * first, synchronous ones first) into @info, returning its number, or 0
 * when none is pending; signal_queue_wq() - a queue woken whenever a
 * signal is queued to @t's group or one of its threads (blocked or not),
 * valid while @t is in its group (NULL once it has left it).
 */
sigset_t signal_pending_in(struct sig_thread *t, sigset_t these);
int signal_take(struct sig_thread *t, sigset_t these, struct ksiginfo *info);
struct frame_waitq *signal_queue_wq(struct sig_thread *t);

/*
 * signal_queue_pin() - a reference on the thread group whose queue
 * signal_queue_wq(@t) returns (NULL when @t has none), so that the queue
 * outlives the group's last thread: a registration that stays on it after
 * the call (an epoll item) must hold one until it is taken off the queue.
 * signal_queue_unpin() drops it; signal_queue_pinned() says whether @g is
 * @t's group.
 */
struct sig_group *signal_queue_pin(struct sig_thread *t);
void signal_queue_unpin(struct sig_group *g);
bool signal_queue_pinned(struct sig_thread *t, struct sig_group *g);

/* signal_pending() - whether @t has a signal it would act on now
 * (pending and not blocked). */
bool signal_pending(struct sig_thread *t);

/*
 * The process package's part in default actions, registered at init:
 * @group_exit: the group dies with wait status @status (the signal, with
 *   SIG_STATUS_CORE for a core action); every thread must leave. Called
 *   in a thread of @g, in task context.
 * @group_stop: @g stopped by @sig (tell the parent: SIGCHLD/CLD_STOPPED
 *   unless SA_NOCLDSTOP, wake waitpid(WUNTRACED)).
 * @group_continue: @g continued (SIGCHLD/CLD_CONTINUED, WCONTINUED).
 * @should_exit: whether thread @t must leave the user loop (optional:
 *   signal stops waiting in a stop or sigsuspend when it says so).
 * @pgrp_orphaned: whether @g's process group is orphaned (optional): then
 *   SIGTSTP, SIGTTIN and SIGTTOU with their default action are discarded
 *   instead of stopping, as POSIX asks.
 * @thread_id, @proc_id: the thread's tid and its process's pid (for
 *   information the kernel fills in); optional.
 */
struct signal_process_ops {
	void (*group_exit)(struct sig_group *g, int status);
	void (*group_stop)(struct sig_group *g, int sig);
	void (*group_continue)(struct sig_group *g);
	bool (*should_exit)(struct sig_thread *t);
	bool (*pgrp_orphaned)(struct sig_group *g);
};
void signal_set_process_ops(const struct signal_process_ops *ops);

/*
 * signal_init() - register signal's task_data key; 0 or -ENOSPC. Called
 * once at boot (signal_attach() also does it on first use).
 */
int signal_init(void);

/*
 * signal_deliver() - called by the user loop in @t's own task, before
 * every return to user mode (after every trap, whatever its reason).
 *
 * @from_syscall: the trap was a syscall and @sysret its result, which
 * signal_deliver() stores in RAX itself: RAX must still hold the syscall
 * number then, as it is needed to restart the call (a loop that stored
 * the result already gets EINTR instead of a restart). For
 * rt_sigreturn pass its result as for any syscall: it is recognised and
 * RAX is left as the frame had it.
 *
 * Clears the task's interrupt mark, then handles a restart code in
 * @sysret (EINTR, or rewinding RIP by 2 with the syscall number back in
 * RAX, or restart_syscall), takes the pending signals in order, and for
 * each either applies the default action (through the process ops; a
 * stop waits here until continued, killed, or @should_exit) or builds a
 * handler frame on the user stack and points the context at the handler.
 * A frame that cannot be written kills with SIGSEGV. After a fatal action
 * it returns at once: the loop must check whether the thread has to exit
 * (proc_thread_should_exit) after this call, not only before it.
 */
void signal_deliver(struct sig_thread *t, bool from_syscall, long sysret);

/*
 * A wait under a temporary mask (ppoll, pselect6, epoll_pwait): the
 * caller has validated the user mask and calls
 * signal_mask_wait_begin(@mask) just before the wait: @mask (SIGKILL and
 * SIGSTOP dropped) becomes the current thread's blocked mask, the old
 * one is saved, and a signal already pending that @mask lets through
 * ends the coming interruptible wait at once. After the wait,
 * signal_mask_wait_end(@interrupted): when the call returns because of a
 * signal (-ERESTARTNOHAND, -EINTR), the old mask stays saved until
 * signal_deliver() has built the handler frame (the handler runs under
 * the temporary mask and rt_sigreturn puts the old one back, as Linux
 * does), or is put back then if no handler runs; otherwise it is put
 * back at once. Both are no-ops for a task without signal state.
 */
void signal_mask_wait_begin(sigset_t mask);
void signal_mask_wait_end(bool interrupted);

/*
 * signal_set_restart() - store the current thread's restart block before
 * returning -ERESTART_RESTARTBLOCK (restart_syscall(2) calls @fn(@args)).
 */
void signal_set_restart(long (*fn)(const uint64_t args[6]),
			const uint64_t args[6]);

#endif /* SIGNAL_SIGNAL_H */
