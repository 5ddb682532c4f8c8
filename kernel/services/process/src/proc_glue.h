/* SPDX-License-Identifier: MIT */
/* What the process package asks of signal and futex, in one place. */
#ifndef PROCESS_PROC_GLUE_H
#define PROCESS_PROC_GLUE_H

#include "proc_internal.h"

#include <signal/signal.h>

/* The names the process package uses for signal's values. */
#define PROC_SIGCHLD SIGCHLD
#define PROC_SIGCONT SIGCONT
#define PROC_NSIG    SIG_NSIG
#define PROC_SI_USER SI_USER

/*
 * The signal state of a new process: a new signal group, and the parent
 * thread's handler table shared (@share_hand) or copied. 0 or -ENOMEM.
 */
int proc_glue_new_signal(struct proc *child, struct proc *parent,
			 bool share_hand);
/* A fresh process's signal state (init): default handlers. */
int proc_glue_init_signal(struct proc *p);
void proc_glue_put_signal(struct proc *p);

/* Set up @t's sig_thread in its process's group, inheriting the blocked
 * mask of @from (NULL: empty), and attach it to @t's task. */
void proc_glue_thread_init(struct proc_thread *t, struct proc_thread *from);
/* Take @t out of its group (the thread is ending). */
void proc_glue_thread_exit(struct proc_thread *t);

/* Send @sig with the sender fields of kill(2) to a process / thread. */
int proc_glue_send_group(struct proc *p, int sig, int code, int pid,
			 uint32_t uid);
int proc_glue_send_thread(struct proc_thread *t, int sig, int code, int pid,
			  uint32_t uid);
/* A SIGCHLD-style notification to @parent about @child. */
void proc_glue_send_chld(struct proc *parent, int sig, int code, int pid,
			 uint32_t uid, int status, uint64_t utime_ns,
			 uint64_t stime_ns);
/* Queue a caller-made siginfo (rt_sigqueueinfo) to @t, or to @p's group
 * when @t is NULL. */
int proc_glue_send_info(struct proc *p, struct proc_thread *t,
			const struct ksiginfo *info);

/* Whether @parent's SIGCHLD disposition auto-reaps (SIG_IGN or
 * SA_NOCLDWAIT), or suppresses stop reports (SA_NOCLDSTOP). */
bool proc_glue_chld_autoreap(struct proc *parent);
bool proc_glue_chld_nostop(struct proc *parent);
/* Whether @sig is ignored by @p (for SIGCHLD on exit). */
bool proc_glue_sig_ignored(struct proc *p, int sig);

/* exec: an own handler table with handlers reset (ignored stay), the
 * alternate stack off. -ENOMEM before anything changed. */
int proc_glue_exec_signals(struct proc_thread *t);

/* clear_child_tid: the word is 0 now; wake one futex waiter. */
void proc_glue_futex_wake(struct mm *mm, uaddr_t addr);
/* The robust list at thread exit. */
void proc_glue_robust_exit(struct proc_thread *t);

/* Called for every thread start (proc_core.c). */
int proc_key_setup(void);

#endif /* PROCESS_PROC_GLUE_H */
