/* SPDX-License-Identifier: MIT */
/* Processes and threads: pids, parents, sessions, exit and wait, exec. */
#ifndef PROCESS_PROCESS_H
#define PROCESS_PROCESS_H

#include <frame/types.h>

struct proc;	    /* a thread group: pid = tgid */
struct proc_thread; /* one thread: a frame task running the user loop */
struct uctx;
struct sig_thread;
struct mm;

/*
 * The model (docs/services/process.md has the long form):
 *
 * - A struct proc is a thread group. It owns the pid (= tgid), the
 *   parent and children links, process group and session, the exit
 *   state, the resource limits, comm, the signal group and handler table,
 *   and references to the mm, fd table and fs context shared by its
 *   threads (CLONE_VM / CLONE_FILES / CLONE_FS may share them across
 *   processes too).
 * - A struct proc_thread is one thread: tid, the frame task, its user
 *   context (uctx), the embedded sig_thread, set/clear_child_tid, the
 *   robust list head, and the vfork completion of a child it waits for.
 * - Pids and tids share one number space, 1..PROC_PID_MAX, allocated
 *   upwards and wrapping to 300 (as Linux), skipping numbers in use as a
 *   pid, tid, process group or session id.
 * - A process that exits becomes a zombie until its parent reaps it
 *   (wait4/waitid) or auto-reaps it (SIGCHLD ignored or SA_NOCLDWAIT).
 *   Its children go to the nearest PR_SET_CHILD_SUBREAPER ancestor, or
 *   to init.
 *
 * Locking: one process-tree lock (a mutex) guards the pid table, the
 * parent/children links, pgid/sid and every exit state; per-process
 * spinlocks guard the thread list. Callers of this API need none of it.
 */

#define PROC_PID_MAX	    4194304 /* /proc/sys/kernel/pid_max's ceiling */
#define PROC_COMM_LEN	    16	    /* TASK_COMM_LEN, with the NUL */
#define PROC_RLIMIT_NLIMITS 16

/* The user loop the threads run (the syscall package's), set at boot
 * before any process starts. It returns when the thread must end
 * (proc_thread_should_exit()); the caller then ends the thread. */
void proc_set_user_entry(void (*run)(struct proc_thread *t));

/*
 * proc_set_exit_hook() - @fn is called with the pid of each process
 * whose last thread has gone, in that thread's task (it may sleep),
 * before the process becomes a zombie: its pid is not handed out again
 * before @fn returns. For state other services keep by pid (interval
 * timers). One hook, set at boot; NULL removes it.
 */
void proc_set_exit_hook(void (*fn)(int pid));

/*
 * proc_init() - set up the pid table, register the signal_process_ops
 * and tty_job_ops. 0 or -errno. Called once at boot before
 * proc_spawn_init().
 */
int proc_init(void);

/*
 * proc_spawn_init() - start PID 1: a fresh mm, root credentials, an fd
 * table with /dev/console as 0, 1 and 2, and exec of @path with @argv and
 * @envp (kernel strings, NULL-terminated). Returns 0 once PID 1 runs, or
 * the exec's -errno (ENOENT, EACCES, ENOEXEC...), with nothing left
 * behind so that the caller may try the next candidate path.
 */
int proc_spawn_init(const char *path, char *const argv[], char *const envp[]);

/*
 * proc_wait_init() - sleep until the first PID 1 proc_spawn_init()
 * started has exited; its wait status (exit code << 8, or the signal).
 */
int proc_wait_init(void);

/* The calling thread and its process; NULL in a kernel task. */
struct proc_thread *proc_thread_current(void);
struct proc *proc_current(void);

/* Accessors for the user loop and other packages. */
struct uctx *proc_thread_uctx(struct proc_thread *t);
struct sig_thread *proc_thread_sig(struct proc_thread *t);
struct proc *proc_thread_proc(struct proc_thread *t);
int proc_thread_tid(const struct proc_thread *t);
int proc_pid(const struct proc *p);
int proc_ppid(const struct proc *p);
/* The comm (executable's base name, or PR_SET_NAME) into @buf. */
void proc_comm(const struct proc *p, char buf[PROC_COMM_LEN]);
/* The current process's pid, or 0 in a kernel task (strace, logs). */
int proc_current_pid(void);
/* How many processes exist (zombies included), for sysinfo. */
unsigned int proc_count(void);

/*
 * A copy of one process's state, as /proc shows it. The state letter is
 * Linux's: 'Z' for a zombie, 'T' for a stopped group, 'R' for the calling
 * process and 'S' for any other live one (the frame tells no service
 * whether a task waits on a run queue or sleeps, so a process running on
 * another CPU shows as 'S'). Times are in nanoseconds, start_ns since boot.
 */
struct proc_info {
	int pid, ppid, pgid, sid;
	char state;
	char comm[PROC_COMM_LEN];
	int nice;
	unsigned int threads;
	int exit_signal;
	int exit_status; /* the wait status, meaningful for 'Z' */
	int cpu;	 /* where its first live thread last ran, else 0 */
	uint32_t uid[4]; /* real, effective, saved, file system */
	uint32_t gid[4];
	uint64_t utime_ns, stime_ns;   /* all its threads', ended or not */
	uint64_t cutime_ns, cstime_ns; /* of reaped children */
	uint64_t start_ns;
	uint64_t rss_pages; /* resident pages of its address space */
	uint32_t umask;	    /* of its fs context (022 without one) */
	uint64_t cap_inh, cap_prm, cap_eff; /* capability sets */
	bool no_new_privs;
	uint64_t sigq_limit; /* RLIMIT_SIGPENDING's soft limit */
	/* its first live thread's signals (0 for a zombie) */
	uint64_t sig_pending, sig_shared_pending, sig_blocked;
	uint64_t sig_ignored, sig_caught;
	int max_fd;	    /* the highest open descriptor, -1 if none */
};

/* proc_info_get() - fill @out for process @pid; 0, or -ESRCH if none. */
int proc_info_get(int pid, struct proc_info *out);

/* Where exec put a process's argument and environment strings. */
struct proc_strings {
	uint64_t arg_start, arg_end, env_start, env_end;
};

/*
 * proc_mm_get() - process @pid's address space, referenced (mm_put()
 * it), and where its strings are in it. 0; -ESRCH (no such process);
 * -ENOENT (a zombie or a kernel process: no memory).
 */
int proc_mm_get(int pid, struct mm **out, struct proc_strings *s);

/*
 * For the links and directories of /proc/PID, which fs calls with its
 * tree lock held (see <fs/path.h>, whose path rules they follow): they
 * may only be called from a synthetic node's link() or populate().
 *
 * proc_fd_list() - @pid's open descriptors as fd_table_list() gives
 * them: how many are open, or -ESRCH; -ENOENT for a zombie.
 * proc_fd_path() - the path of @pid's descriptor @fd into @buf: its
 * length; -ESRCH, -ENOENT (a zombie), -EBADF, -ENAMETOOLONG.
 * proc_dir_path() - the path of @pid's root (@root) or working
 * directory; proc_exe_path() - of the program it runs. Their length;
 * -ESRCH, -ENOENT (a zombie, or no program), -ENAMETOOLONG.
 */
int proc_fd_list(int pid, int *fds, unsigned int max);
/* proc_fd_rights() - the rights of @pid's descriptor @fd (<fs/fd.h>'s
 * RIGHT_*), 0 when it is not open or @pid does not exist */
unsigned int proc_fd_rights(int pid, int fd);
/*
 * proc_may_inspect() - whether the caller may look into @pid's memory,
 * descriptors and directories (maps, environ, fd/, cwd, root, exe), by
 * Linux's ptrace read check on file-system credentials: itself, or
 * privileged, or the caller's fs uid and gid are the target's real,
 * effective and saved ones and the target is dumpable. 0, -EACCES,
 * -ESRCH. Spinlock only.
 */
int proc_may_inspect(int pid);

/* proc_tid_list() - the tids of @pid's live threads, as proc_fd_list()
 * gives descriptors: how many there are, or -ESRCH. Spinlock only. */
int proc_tid_list(int pid, int *tids, unsigned int max);
/* proc_owner() - /proc/PID's owner, as on Linux: @pid's effective uid
 * and gid, or root's when it is not dumpable (it changed its identity);
 * 0 or -ESRCH. Takes only the tree's spinlock. */
int proc_owner(int pid, uint32_t *uid, uint32_t *gid);
int proc_fd_path(int pid, int fd, char *buf, size_t size);
int proc_dir_path(int pid, bool root, char *buf, size_t size);
int proc_exe_path(int pid, char *buf, size_t size);
/* proc_fs_get() - @pid's fs context, referenced (fs_ctx_put() it), or
 * NULL for a process that is gone or a zombie */
struct fs_ctx;
struct fs_ctx *proc_fs_get(int pid);

/*
 * proc_pid_list() - the pids of the processes (zombies included) in
 * creation order, up to @max of them into @pids; returns how many exist,
 * which may exceed @max.
 */
unsigned int proc_pid_list(int *pids, unsigned int max);

/*
 * proc_thread_should_exit() - whether @t must leave the user loop: its
 * process is exiting (exit_group, a fatal signal, exec by another
 * thread) or the thread itself called exit. The user loop checks it
 * after every trap; the process side also task_interrupt()s the thread so
 * that a sleep or user code is cut short.
 */
bool proc_thread_should_exit(struct proc_thread *t);

/*
 * proc_exit_thread() - end the calling thread with @code: clear_child_tid
 * (write 0, futex wake), the robust list, and, for the last thread, the
 * process's exit with status (@code & 0xff) << 8. Does not return.
 * proc_exit_group() - end every thread of the calling process with the
 * wait status @status (already encoded: (code << 8) or a signal number
 * with 0x80 for a core). Does not return.
 */
__attribute__((noreturn)) void proc_exit_thread(int code);
__attribute__((noreturn)) void proc_exit_group(int status);

/*
 * proc_thread_finish() - what the thread entry does when the user loop
 * returns: leaves the thread as proc_exit_thread() would, with the exit
 * state the process already has. Does not return.
 */
__attribute__((noreturn)) void proc_thread_finish(struct proc_thread *t);

/*
 * proc_oom_kill() - the OOM killer: picks the process with the largest
 * resident set (never init unless it is the only one), logs
 * "Out of memory: Killed process PID (comm)" and sends it SIGKILL.
 */
void proc_oom_kill(void);

/* Resource limits, for the other packages' checks (RLIMIT_* of Linux). */
#define PROC_RLIMIT_CPU	       0
#define PROC_RLIMIT_FSIZE      1
#define PROC_RLIMIT_DATA       2
#define PROC_RLIMIT_STACK      3
#define PROC_RLIMIT_CORE       4
#define PROC_RLIMIT_RSS	       5
#define PROC_RLIMIT_NPROC      6
#define PROC_RLIMIT_NOFILE     7
#define PROC_RLIMIT_MEMLOCK    8
#define PROC_RLIMIT_AS	       9
#define PROC_RLIMIT_LOCKS      10
#define PROC_RLIMIT_SIGPENDING 11
#define PROC_RLIMIT_MSGQUEUE   12
#define PROC_RLIMIT_NICE       13
#define PROC_RLIMIT_RTPRIO     14
#define PROC_RLIMIT_RTTIME     15
#define PROC_RLIM_INFINITY     (~0ull)

/* The calling process's soft limit @res (RLIM_INFINITY when no process). */
uint64_t proc_rlimit_cur(unsigned int res);

#endif /* PROCESS_PROCESS_H */
