/* SPDX-License-Identifier: MIT */
/* The x86-64 Linux syscall table, the dispatcher and the strace tracer. */
#ifndef SYSCALL_SYSCALL_H
#define SYSCALL_SYSCALL_H

#include <frame/types.h>

/*
 * Every x86-64 Linux syscall number from 0 to 334 and from 424 to 462 has
 * an entry with its Linux name; the numbers in between (the x32 range and
 * the gap Linux left for the 32-bit time64 calls) have none. An entry's
 * handler is the owning package's `long sys_<name>(const uint64_t a[6])`,
 * declared in that package's <pkg>/syscalls.h; an entry whose package does
 * not provide the handler (yet) has none, and calling it returns -ENOSYS,
 * logged once per number as "syscall NR (name) not implemented".
 *
 * A handler returns a result >= 0, a negative errno, or one of the restart
 * codes of <frame/errno.h>; the dispatcher hands all of them back
 * unchanged (signal delivery turns the restart codes into -EINTR or a
 * restart).
 */

/* One past the highest number in the table. */
#define SYSCALL_NR_COUNT 463

/*
 * How the tracer prints an argument. Flags sets are decoded by name
 * (O_RDONLY|O_CLOEXEC); unknown bits are printed in hex after them.
 */
enum syscall_arg_kind {
	SCA_NONE = 0, /* no such argument */
	SCA_INT,      /* signed 32-bit decimal */
	SCA_UINT,     /* unsigned 32-bit decimal */
	SCA_LONG,     /* signed 64-bit decimal (offsets) */
	SCA_ULONG,    /* unsigned 64-bit decimal (sizes) */
	SCA_HEX,      /* 0x... */
	SCA_OCT,      /* 0644 (modes) */
	SCA_PTR,      /* NULL or 0x... (buffers, struct pointers) */
	SCA_FD,	      /* a file descriptor (decimal) */
	SCA_DIRFD,    /* a descriptor or AT_FDCWD */
	SCA_STR,      /* a NUL-terminated user string, quoted */
	SCA_BUF,      /* user bytes, quoted, length in the next argument */
	SCA_OFLAGS,   /* O_* flags of open */
	SCA_PROT,     /* PROT_* */
	SCA_MMAP,     /* MAP_* */
	SCA_CLONE,    /* CLONE_* with the exit signal in the low byte */
	SCA_SIG,      /* a signal number: SIGINT */
	SCA_SIGHOW,   /* SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK */
	SCA_ATFLAGS,  /* AT_* flags of the *at calls */
	SCA_CLOCK,    /* CLOCK_* */
	SCA_WHENCE,   /* SEEK_* */
	SCA_ACCESS,   /* F_OK or R_OK|W_OK|X_OK */
	SCA_FUTEXOP,  /* FUTEX_* with _PRIVATE and _CLOCK_REALTIME */
	SCA_STRV,     /* a NULL-terminated array of strings: ["sh", "-c"] */
	SCA_ENVP,     /* an environment: 0x... followed by N vars */
	SCA_FCNTL,    /* F_GETFL, F_DUPFD_CLOEXEC... */
	SCA_IOCTL,    /* TCGETS, TIOCGWINSZ, FIONREAD... */
	SCA_PRCTL,    /* PR_SET_NAME... */
	SCA_RLIMIT,   /* RLIMIT_NOFILE... */
	SCA_ITIMER,   /* ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF */
	SCA_WAITOPT,  /* WNOHANG|WUNTRACED... */
	SCA_OBUF,     /* user bytes the call fills, as many as it returns */
};

/* How the tracer prints the result (errors always as -1 ENAME (text)). */
enum syscall_ret_kind {
	SCR_INT = 0, /* decimal */
	SCR_HEX,     /* an address (mmap, brk) */
	SCR_OCT,     /* a mode (umask) */
	SCR_NORETURN /* exit, exit_group: printed as "= ?" before the call */
};

typedef long (*syscall_handler_fn)(const uint64_t a[6]);

struct syscall_desc {
	const char *name;      /* the Linux name, "openat"; NULL: no entry */
	syscall_handler_fn fn; /* NULL: not implemented (-ENOSYS) */
};

/*
 * syscall_desc() - the table's entry for @nr, or NULL when the number has
 * no Linux syscall (or is out of range). The entry is constant.
 */
const struct syscall_desc *syscall_desc(uint64_t nr);

/* How strace prints a call. */
struct syscall_kinds {
	unsigned char ret;     /* enum syscall_ret_kind */
	unsigned char nargs;   /* how many of args[] the call takes */
	unsigned char args[6]; /* enum syscall_arg_kind */
};

/* syscall_kinds() - @nr's kinds, or NULL exactly when syscall_desc() is */
const struct syscall_kinds *syscall_kinds(uint64_t nr);

/* syscall_name() - the Linux name of @nr, or NULL as syscall_desc() */
const char *syscall_name(uint64_t nr);

/*
 * syscall_dispatch() - run syscall @nr with arguments @a for the calling
 * thread, whose thread id is @tid (the tracer's "[pid N]", as strace -f
 * shows threads)
 *
 * Returns the handler's result; -ENOSYS for a number without a handler
 * (logged once per number). With tracing on, prints one line per call as
 * strace does.
 */
long syscall_dispatch(int tid, uint64_t nr, const uint64_t a[6]);

/*
 * Tracing (`keel.strace=1` on the command line). The lines go straight to
 * the console, not through the log: they are the output the option asks
 * for, and `quiet` does not hide them.
 */
void syscall_set_strace(bool on);
bool syscall_strace_enabled(void);

/*
 * syscall_format_call() - "openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY)"
 * for @nr with @a into @buf (always NUL-terminated). User strings and
 * buffers are read from the calling task's space, cut at 32 characters
 * with "..." after the closing quote; an unreadable one prints as its
 * address. Returns the length written.
 */
size_t syscall_format_call(char *buf, size_t size, uint64_t nr,
			   const uint64_t a[6]);

/*
 * syscall_format_done() - syscall_format_call() after the call returned
 * @ret: a buffer the call filled (SCA_OBUF: read's) shows its first @ret
 * bytes as a string, as strace prints it. Before the call, and after a
 * failure, such a buffer prints as its address.
 */
size_t syscall_format_done(char *buf, size_t size, uint64_t nr,
			   const uint64_t a[6], long ret);

/* syscall_fills_buffer() - whether @nr has an SCA_OBUF argument */
bool syscall_fills_buffer(uint64_t nr);

/*
 * syscall_format_result() - " = 3", " = 0x7f0000000000",
 * " = -1 ENOENT (No such file or directory)", " = ?" into @buf as @nr's
 * result kind says. Returns the length written.
 */
size_t syscall_format_result(char *buf, size_t size, uint64_t nr, long ret);

/*
 * syscall_errno_text() - the C library's message for errno @err (positive
 * or negative): "No such file or directory". For the kernel-internal
 * restart codes, strace's explanations. NULL for an unknown number.
 */
const char *syscall_errno_text(int err);

struct proc_thread;

/*
 * syscall_user_loop() - what every user thread runs (registered with
 * proc_set_user_entry()) until proc_thread_should_exit() says it must
 * stop: umode_run() in the thread's mm, then by the trap's reason
 *
 * - UMODE_SYSCALL: syscall_dispatch() (RAX keeps the number: the result
 *   goes to signal_deliver(), which stores it or restarts the call);
 * - UMODE_PAGE_FAULT: mm_fault(); SIGSEGV with mm's si_code and the
 *   address, SIGBUS/BUS_ADRERR, or the OOM killer and a retry;
 * - UMODE_EXCEPTION: the signal Linux sends (#DE SIGFPE/FPE_INTDIV, #UD
 *   SIGILL/ILL_ILLOPN, #GP SIGSEGV/SI_KERNEL with address 0, #BP and #DB
 *   SIGTRAP, #MF and #XM SIGFPE with the FPU's si_code, #AC, #NP and #SS
 *   SIGBUS), forced as a fault is (never blocked or ignored);
 * - UMODE_INTERRUPT, UMODE_KICK: nothing (the frame preempts; a signal is
 *   delivered next);
 *
 * then signal_deliver() before the next return to user mode.
 */
void syscall_user_loop(struct proc_thread *t);

/*
 * syscall_init() - register the user loop with the process package and
 * the process hooks of the time package, and start time's timer task.
 * 0 or -errno. Once, at boot, before PID 1 starts.
 */
int syscall_init(void);

#endif /* SYSCALL_SYSCALL_H */
