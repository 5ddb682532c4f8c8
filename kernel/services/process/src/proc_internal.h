/* SPDX-License-Identifier: MIT */
/* The process package's own view of processes, threads and the pid table. */
#ifndef PROCESS_PROC_INTERNAL_H
#define PROCESS_PROC_INTERNAL_H

#include <process/process.h>

#include <frame/sync.h>
#include <frame/task.h>
#include <frame/user.h>

#include <signal/signal.h>

struct cred;
struct fd_table;
struct fs_ctx;

/* A link in a doubly linked ring (children, threads, all processes). */
struct proc_link {
	struct proc_link *prev, *next;
};

static inline void proc_link_init(struct proc_link *l)
{
	l->prev = l->next = l;
}

static inline bool proc_link_empty(struct proc_link *l)
{
	return l->next == l;
}

static inline void proc_link_add_tail(struct proc_link *head,
				      struct proc_link *l)
{
	l->prev = head->prev;
	l->next = head;
	head->prev->next = l;
	head->prev = l;
}

static inline void proc_link_del(struct proc_link *l)
{
	l->prev->next = l->next;
	l->next->prev = l->prev;
	l->prev = l->next = l;
}

/* A hash chain link of the pid table. */
struct proc_hlink {
	struct proc_hlink *next;
};

struct proc_rlimit {
	uint64_t cur, max;
};

/* The exit / stop state a parent's wait sees. */
enum proc_state {
	PROC_RUNNING,
	PROC_ZOMBIE, /* exited, waiting to be reaped */
	PROC_DEAD,   /* reaped or auto-reaped: out of the tree */
};

/* Linux's CLD_* codes of SIGCHLD and waitid. */
#define PROC_CLD_EXITED	   1
#define PROC_CLD_KILLED	   2
#define PROC_CLD_DUMPED	   3
#define PROC_CLD_TRAPPED   4
#define PROC_CLD_STOPPED   5
#define PROC_CLD_CONTINUED 6

struct proc {
	/* Fixed at creation. */
	int pid;
	unsigned int refs; /* proc_get/proc_put */

	/* Guarded by proc_tree_lock. */
	struct proc *parent;
	struct proc_link children;
	struct proc_link sibling;
	struct proc_link all;	  /* proc_all ring */
	struct proc_hlink hash;	  /* pid hash chain */
	struct proc_link threads; /* struct proc_thread.link */
	unsigned int nr_threads;  /* threads not yet gone */
	int pgid, sid;
	enum proc_state state;
	bool exiting;	   /* group exit under way: threads must leave */
	bool execing;	   /* one thread runs exec: others must leave */
	int exit_status;   /* wait status once exiting */
	int exit_signal;   /* sent to the parent at exit (SIGCHLD, 0...) */
	int pdeath_signal; /* PR_SET_PDEATHSIG */
	bool subreaper;	   /* PR_SET_CHILD_SUBREAPER */
	bool did_exec;	   /* for setpgid's EACCES */
	bool dumpable;	   /* PR_SET_DUMPABLE */
	bool no_new_privs; /* PR_SET_NO_NEW_PRIVS: sticky, inherited */
	int nice;	   /* -20..19, inherited */
	int stop_code;	   /* pending wait report: (sig << 8) | 0x7f */
	bool stop_report;  /* a stop the parent has not waited for */
	bool cont_report;  /* a continue the parent has not waited for */
	bool stopped;	   /* the group is stopped */
	char comm[PROC_COMM_LEN];
	struct proc_rlimit rlim[PROC_RLIMIT_NLIMITS];
	uint64_t utime_ns, stime_ns;   /* of threads that ended */
	uint64_t cutime_ns, cstime_ns; /* of reaped children */
	uint64_t start_ns;
	uint32_t exit_uid; /* the real uid, for SIGCHLD's si_uid */
	struct proc_thread *vfork_waiter; /* parent thread of a vfork */
	struct frame_completion *vfork_done;

	/* Shared with the threads; changed only by exec, under the lock. */
	struct mm *mm;
	struct fd_table *files;
	struct fs_ctx *fs;
	struct sig_group *sig_group;
	struct sighand *sighand;
	struct cred *cred; /* the process's view: the last committed */
	struct file *exe;  /* the program exec loaded, or NULL */
	/* Where exec put the argument and environment strings. */
	uint64_t arg_start, arg_end, env_start, env_end;

	/* Children's state changes: wait4 sleeps here. */
	struct frame_waitq child_wq;
	unsigned int child_events; /* bumped at every change */
};

struct proc_thread {
	int tid;
	struct proc *proc; /* a reference */
	struct task *task; /* borrowed: valid until the thread ends */
	struct uctx *uctx;
	struct sig_thread sig;
	struct task_data data; /* our task slot */
	struct task_entry entry;

	/* Guarded by proc_tree_lock. */
	struct proc_link link; /* in proc->threads */
	struct proc_hlink hash;
	bool exit_self;	     /* exit(2) called: leave the user loop */
	bool gone;	     /* out of the table and the thread list */
	bool aborted;	     /* the start failed: the task just ends */
	bool clear_altstack; /* clone with CLONE_VM, without CLONE_VFORK */

	/* The thread's own; read by itself. */
	uaddr_t set_child_tid;
	uaddr_t clear_child_tid;
	uaddr_t robust_head;
	size_t robust_len;
	int exit_code;
	struct cred *start_cred; /* attached when the thread starts */
	struct frame_completion started;
};

/* The tree lock (with interrupts off: the tty signals groups from its
 * input path). proc_tree_lock() returns what proc_tree_unlock() needs. */
uint64_t proc_tree_lock(void);
void proc_tree_unlock(uint64_t flags);

/* The pid table; all under the tree lock. */
int proc_pid_alloc(void); /* -EAGAIN when every number is taken */
void proc_hash_add(struct proc *p);
void proc_hash_del(struct proc *p);
void proc_thread_hash_add(struct proc_thread *t);
void proc_thread_hash_del(struct proc_thread *t);
struct proc *proc_find(int pid);	       /* live or zombie, no ref */
struct proc_thread *proc_thread_find(int tid); /* running threads */
/* The times of @p: ended threads plus the live ones. Under the lock. */
void proc_self_times(struct proc *p, uint64_t *user, uint64_t *sys);
struct proc *proc_first(void);		       /* iteration over all */
struct proc *proc_next(struct proc *p);	       /* NULL at the end */
extern struct proc *proc_init_proc;	       /* PID 1 once it exists */
extern unsigned int proc_nr_procs;
/* For tests: start allocating at @next, wrap above @max. */
void proc_pid_set_cursor(int next, int max);

/* Process and thread objects (proc_core.c). */
struct proc *proc_alloc(void);
void proc_get(struct proc *p);
void proc_put(struct proc *p);
struct proc_thread *proc_thread_alloc(struct proc *p);
void proc_thread_free(struct proc_thread *t);
/* Start @t running the user loop (its uctx, mm, files, creds set). */
int proc_thread_start(struct proc_thread *t, struct proc_thread *from,
		      struct cred *cred);
void proc_inherit_rlimits(struct proc *child, const struct proc *parent);
void proc_default_rlimits(struct proc *p);

/* Wait reports (proc_exit.c). */
void proc_notify_parent(struct proc *child, int code, int status);
void proc_wake_waiters(struct proc *parent);
/* Whether @parent auto-reaps its children (SIGCHLD ignored,
 * SA_NOCLDWAIT). */
bool proc_autoreap(struct proc *parent);
/* Free a zombie the parent reaped: out of the table; puts it. */
void proc_release_zombie(struct proc *p, uint64_t *flags);
/* Mark every thread of @p to leave and interrupt it, under the lock. */
void proc_kill_threads(struct proc *p, struct proc_thread *except);
/* Group exit with @status, from any thread or from a signal. */
void proc_group_exit(struct proc *p, int status);

/* Signals to processes (proc_sigops.c). */
int proc_send_signal(struct proc *p, int sig, int code, int sender_pid,
		     uint32_t sender_uid);
bool proc_may_signal(const struct cred *sender, struct proc *target, int sig);
/* The wait status encodings of Linux. */
static inline int proc_status_exited(int code)
{
	return (code & 0xff) << 8;
}

static inline int proc_status_signaled(int sig, bool core)
{
	return (sig & 0x7f) | (core ? 0x80 : 0);
}

static inline int proc_status_stopped(int sig)
{
	return ((sig & 0xff) << 8) | 0x7f;
}

#define PROC_STATUS_CONTINUED 0xffff

/* Whether a running process of session @sid is in group @pgid. */
bool proc_pgrp_exists_in_session(int pgid, int sid);

/* Set the credentials of the calling thread and its process view. */
void proc_commit_cred(struct cred *new);

/* The OOM killer's choice, referenced (NULL: none). */
struct proc *proc_oom_pick(void);

/* PID 1 has gone with @status: proc_wait_init() returns it. */
void proc_init_note_exit(int status);

extern void (*proc_user_entry)(struct proc_thread *t);
extern void (*proc_exit_hook)(int pid); /* proc_set_exit_hook()'s */

#endif /* PROCESS_PROC_INTERNAL_H */
