/* SPDX-License-Identifier: MIT */
/* Names for the flag sets and enumerations the tracer decodes. */
#include "strace.h"

#include <frame/compiler.h>
#include <frame/format.h>

/* Multi-bit values come before the single bits they contain. */
static const struct strace_flag open_flags[] = {
	{ 04010000, "O_SYNC" },	    { 020200000, "O_TMPFILE" },
	{ 0100, "O_CREAT" },	    { 0200, "O_EXCL" },
	{ 0400, "O_NOCTTY" },	    { 01000, "O_TRUNC" },
	{ 02000, "O_APPEND" },	    { 04000, "O_NONBLOCK" },
	{ 010000, "O_DSYNC" },	    { 020000, "O_ASYNC" },
	{ 040000, "O_DIRECT" },	    { 0100000, "O_LARGEFILE" },
	{ 0200000, "O_DIRECTORY" }, { 0400000, "O_NOFOLLOW" },
	{ 01000000, "O_NOATIME" },  { 02000000, "O_CLOEXEC" },
	{ 010000000, "O_PATH" },
};

static const struct strace_flag prot_flags[] = {
	{ 0x1, "PROT_READ" },
	{ 0x2, "PROT_WRITE" },
	{ 0x4, "PROT_EXEC" },
	{ 0x8, "PROT_SEM" },
	{ 0x01000000, "PROT_GROWSDOWN" },
	{ 0x02000000, "PROT_GROWSUP" },
};

static const struct strace_flag mmap_flags[] = {
	{ 0x10, "MAP_FIXED" },
	{ 0x20, "MAP_ANONYMOUS" },
	{ 0x40, "MAP_32BIT" },
	{ 0x100, "MAP_GROWSDOWN" },
	{ 0x800, "MAP_DENYWRITE" },
	{ 0x1000, "MAP_EXECUTABLE" },
	{ 0x2000, "MAP_LOCKED" },
	{ 0x4000, "MAP_NORESERVE" },
	{ 0x8000, "MAP_POPULATE" },
	{ 0x10000, "MAP_NONBLOCK" },
	{ 0x20000, "MAP_STACK" },
	{ 0x40000, "MAP_HUGETLB" },
	{ 0x80000, "MAP_SYNC" },
	{ 0x100000, "MAP_FIXED_NOREPLACE" },
	{ 0x4000000, "MAP_UNINITIALIZED" },
};

static const struct strace_flag clone_flags[] = {
	{ 0x100, "CLONE_VM" },
	{ 0x200, "CLONE_FS" },
	{ 0x400, "CLONE_FILES" },
	{ 0x800, "CLONE_SIGHAND" },
	{ 0x1000, "CLONE_PIDFD" },
	{ 0x2000, "CLONE_PTRACE" },
	{ 0x4000, "CLONE_VFORK" },
	{ 0x8000, "CLONE_PARENT" },
	{ 0x10000, "CLONE_THREAD" },
	{ 0x20000, "CLONE_NEWNS" },
	{ 0x40000, "CLONE_SYSVSEM" },
	{ 0x80000, "CLONE_SETTLS" },
	{ 0x100000, "CLONE_PARENT_SETTID" },
	{ 0x200000, "CLONE_CHILD_CLEARTID" },
	{ 0x400000, "CLONE_DETACHED" },
	{ 0x800000, "CLONE_UNTRACED" },
	{ 0x1000000, "CLONE_CHILD_SETTID" },
	{ 0x2000000, "CLONE_NEWCGROUP" },
	{ 0x4000000, "CLONE_NEWUTS" },
	{ 0x8000000, "CLONE_NEWIPC" },
	{ 0x10000000, "CLONE_NEWUSER" },
	{ 0x20000000, "CLONE_NEWPID" },
	{ 0x40000000, "CLONE_NEWNET" },
	{ 0x80000000, "CLONE_IO" },
};

static const struct strace_flag at_flags[] = {
	{ 0x100, "AT_SYMLINK_NOFOLLOW" }, { 0x200, "AT_REMOVEDIR" },
	{ 0x400, "AT_SYMLINK_FOLLOW" },	  { 0x800, "AT_NO_AUTOMOUNT" },
	{ 0x1000, "AT_EMPTY_PATH" },	  { 0x2000, "AT_STATX_FORCE_SYNC" },
	{ 0x4000, "AT_STATX_DONT_SYNC" }, { 0x8000, "AT_RECURSIVE" },
};

static const struct strace_flag access_flags[] = {
	{ 4, "R_OK" },
	{ 2, "W_OK" },
	{ 1, "X_OK" },
};

static const char *const signal_names[] = {
	[1] = "SIGHUP",	    [2] = "SIGINT",	[3] = "SIGQUIT",
	[4] = "SIGILL",	    [5] = "SIGTRAP",	[6] = "SIGABRT",
	[7] = "SIGBUS",	    [8] = "SIGFPE",	[9] = "SIGKILL",
	[10] = "SIGUSR1",   [11] = "SIGSEGV",	[12] = "SIGUSR2",
	[13] = "SIGPIPE",   [14] = "SIGALRM",	[15] = "SIGTERM",
	[16] = "SIGSTKFLT", [17] = "SIGCHLD",	[18] = "SIGCONT",
	[19] = "SIGSTOP",   [20] = "SIGTSTP",	[21] = "SIGTTIN",
	[22] = "SIGTTOU",   [23] = "SIGURG",	[24] = "SIGXCPU",
	[25] = "SIGXFSZ",   [26] = "SIGVTALRM", [27] = "SIGPROF",
	[28] = "SIGWINCH",  [29] = "SIGIO",	[30] = "SIGPWR",
	[31] = "SIGSYS",
};

static const char *const clock_names[] = {
	[0] = "CLOCK_REALTIME",
	[1] = "CLOCK_MONOTONIC",
	[2] = "CLOCK_PROCESS_CPUTIME_ID",
	[3] = "CLOCK_THREAD_CPUTIME_ID",
	[4] = "CLOCK_MONOTONIC_RAW",
	[5] = "CLOCK_REALTIME_COARSE",
	[6] = "CLOCK_MONOTONIC_COARSE",
	[7] = "CLOCK_BOOTTIME",
	[8] = "CLOCK_REALTIME_ALARM",
	[9] = "CLOCK_BOOTTIME_ALARM",
	[11] = "CLOCK_TAI",
};

static const char *const whence_names[] = {
	"SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE",
};

static const char *const sighow_names[] = {
	"SIG_BLOCK",
	"SIG_UNBLOCK",
	"SIG_SETMASK",
};

static const char *const futex_cmds[] = {
	"FUTEX_WAIT",		"FUTEX_WAKE",	     "FUTEX_FD",
	"FUTEX_REQUEUE",	"FUTEX_CMP_REQUEUE", "FUTEX_WAKE_OP",
	"FUTEX_LOCK_PI",	"FUTEX_UNLOCK_PI",   "FUTEX_TRYLOCK_PI",
	"FUTEX_WAIT_BITSET",	"FUTEX_WAKE_BITSET", "FUTEX_WAIT_REQUEUE_PI",
	"FUTEX_CMP_REQUEUE_PI", "FUTEX_LOCK_PI2",
};

/* Names of the bits of @v that @flags knows, then the rest in hex. */
static void put_flags(struct strace_buf *sb, uint64_t v,
		      const struct strace_flag *flags, size_t n)
{
	bool first = true;

	for (size_t i = 0; i < n; i++) {
		if ((v & flags[i].value) != flags[i].value)
			continue;
		strace_puts(sb, first ? "" : "|");
		strace_puts(sb, flags[i].name);
		v &= ~flags[i].value;
		first = false;
	}
	if (v || first)
		strace_printf(sb, first ? "%#llx" : "|%#llx",
			      (unsigned long long)v);
}

/* @names[@v], or @v in decimal when it has no name. */
static void put_enum(struct strace_buf *sb, int64_t v, const char *const *names,
		     size_t n)
{
	if (v >= 0 && (uint64_t)v < n && names[v])
		strace_puts(sb, names[v]);
	else
		strace_printf(sb, "%lld", (long long)v);
}

void strace_put_signal(struct strace_buf *sb, int sig)
{
	if (sig >= 32 && sig <= 64)
		strace_printf(sb, "SIGRT_%d", sig - 32);
	else
		put_enum(sb, sig, signal_names, ARRAY_SIZE(signal_names));
}

void strace_put_open_flags(struct strace_buf *sb, uint64_t v)
{
	static const char *const acc[] = { "O_RDONLY", "O_WRONLY", "O_RDWR" };
	uint64_t mode = v & 3;

	v = (uint32_t)v;
	if (mode == 3) {
		put_flags(sb, v, open_flags, ARRAY_SIZE(open_flags));
		return;
	}
	strace_puts(sb, acc[mode]);
	v &= ~3ull;
	if (v) {
		strace_puts(sb, "|");
		put_flags(sb, v, open_flags, ARRAY_SIZE(open_flags));
	}
}

void strace_put_prot(struct strace_buf *sb, uint64_t v)
{
	if (!v)
		strace_puts(sb, "PROT_NONE");
	else
		put_flags(sb, v, prot_flags, ARRAY_SIZE(prot_flags));
}

void strace_put_mmap_flags(struct strace_buf *sb, uint64_t v)
{
	static const char *const type[] = { NULL, "MAP_SHARED", "MAP_PRIVATE",
					    "MAP_SHARED_VALIDATE" };
	uint64_t t = v & 3;

	if (!t) {
		put_flags(sb, v, mmap_flags, ARRAY_SIZE(mmap_flags));
		return;
	}
	strace_puts(sb, type[t]);
	v &= ~3ull;
	if (v) {
		strace_puts(sb, "|");
		put_flags(sb, v, mmap_flags, ARRAY_SIZE(mmap_flags));
	}
}

void strace_put_clone_flags(struct strace_buf *sb, uint64_t v)
{
	uint64_t sig = v & 0xff;

	v &= ~0xffull;
	if (v)
		put_flags(sb, v, clone_flags, ARRAY_SIZE(clone_flags));
	if (sig) {
		strace_puts(sb, v ? "|" : "");
		strace_put_signal(sb, (int)sig);
	} else if (!v) {
		strace_puts(sb, "0");
	}
}

void strace_put_at_flags(struct strace_buf *sb, uint64_t v)
{
	v = (uint32_t)v;
	if (!v)
		strace_puts(sb, "0");
	else
		put_flags(sb, v, at_flags, ARRAY_SIZE(at_flags));
}

void strace_put_access(struct strace_buf *sb, uint64_t v)
{
	v = (uint32_t)v;
	if (!v)
		strace_puts(sb, "F_OK");
	else
		put_flags(sb, v, access_flags, ARRAY_SIZE(access_flags));
}

void strace_put_clock(struct strace_buf *sb, int64_t v)
{
	put_enum(sb, v, clock_names, ARRAY_SIZE(clock_names));
}

void strace_put_whence(struct strace_buf *sb, int64_t v)
{
	put_enum(sb, v, whence_names, ARRAY_SIZE(whence_names));
}

void strace_put_sighow(struct strace_buf *sb, int64_t v)
{
	put_enum(sb, v, sighow_names, ARRAY_SIZE(sighow_names));
}

void strace_put_futex_op(struct strace_buf *sb, uint64_t v)
{
	uint64_t cmd = v & 127;

	v = (uint32_t)v;
	if (cmd >= ARRAY_SIZE(futex_cmds)) {
		strace_printf(sb, "%#llx", (unsigned long long)v);
		return;
	}
	strace_puts(sb, futex_cmds[cmd]);
	if (v & 128)
		strace_puts(sb, "_PRIVATE");
	if (v & 256)
		strace_puts(sb, "|FUTEX_CLOCK_REALTIME");
	v &= ~(uint64_t)(127 | 128 | 256);
	if (v)
		strace_printf(sb, "|%#llx", (unsigned long long)v);
}

static const struct strace_flag fcntl_cmds[] = {
	{ 0, "F_DUPFD" },	  { 1, "F_GETFD" },
	{ 2, "F_SETFD" },	  { 3, "F_GETFL" },
	{ 4, "F_SETFL" },	  { 5, "F_GETLK" },
	{ 6, "F_SETLK" },	  { 7, "F_SETLKW" },
	{ 8, "F_SETOWN" },	  { 9, "F_GETOWN" },
	{ 10, "F_SETSIG" },	  { 11, "F_GETSIG" },
	{ 1024, "F_SETLEASE" },	  { 1025, "F_GETLEASE" },
	{ 1026, "F_NOTIFY" },	  { 1030, "F_DUPFD_CLOEXEC" },
	{ 1031, "F_SETPIPE_SZ" }, { 1032, "F_GETPIPE_SZ" },
	{ 1033, "F_ADD_SEALS" },  { 1034, "F_GET_SEALS" },
	{ 36, "F_OFD_GETLK" },	  { 37, "F_OFD_SETLK" },
	{ 38, "F_OFD_SETLKW" },
};

static const struct strace_flag ioctl_reqs[] = {
	{ 0x5401, "TCGETS" },	      { 0x5402, "TCSETS" },
	{ 0x5403, "TCSETSW" },	      { 0x5404, "TCSETSF" },
	{ 0x540b, "TCFLSH" },	      { 0x540e, "TIOCSCTTY" },
	{ 0x540f, "TIOCGPGRP" },      { 0x5410, "TIOCSPGRP" },
	{ 0x5413, "TIOCGWINSZ" },     { 0x5414, "TIOCSWINSZ" },
	{ 0x541b, "FIONREAD" },	      { 0x5421, "FIONBIO" },
	{ 0x5422, "TIOCNOTTY" },      { 0x5429, "TIOCGSID" },
	{ 0x5450, "FIONCLEX" },	      { 0x5451, "FIOCLEX" },
	{ 0x5452, "FIOASYNC" },	      { 0x80045430, "TIOCGPTN" },
	{ 0x40045431, "TIOCSPTLCK" },
};

static const struct strace_flag prctl_ops[] = {
	{ 1, "PR_SET_PDEATHSIG" },
	{ 2, "PR_GET_PDEATHSIG" },
	{ 3, "PR_GET_DUMPABLE" },
	{ 4, "PR_SET_DUMPABLE" },
	{ 15, "PR_SET_NAME" },
	{ 16, "PR_GET_NAME" },
	{ 22, "PR_SET_SECCOMP" },
	{ 36, "PR_SET_CHILD_SUBREAPER" },
	{ 37, "PR_GET_CHILD_SUBREAPER" },
	{ 38, "PR_SET_NO_NEW_PRIVS" },
	{ 39, "PR_GET_NO_NEW_PRIVS" },
	{ 0x53564d41, "PR_SET_VMA" },
};

static const char *const rlimit_names[] = {
	"RLIMIT_CPU",	   "RLIMIT_FSIZE", "RLIMIT_DATA",   "RLIMIT_STACK",
	"RLIMIT_CORE",	   "RLIMIT_RSS",   "RLIMIT_NPROC",  "RLIMIT_NOFILE",
	"RLIMIT_MEMLOCK",  "RLIMIT_AS",	   "RLIMIT_LOCKS",  "RLIMIT_SIGPENDING",
	"RLIMIT_MSGQUEUE", "RLIMIT_NICE",  "RLIMIT_RTPRIO", "RLIMIT_RTTIME",
};

static const char *const itimer_names[] = {
	"ITIMER_REAL",
	"ITIMER_VIRTUAL",
	"ITIMER_PROF",
};

static const struct strace_flag wait_flags[] = {
	{ 1, "WNOHANG" },	   { 2, "WUNTRACED" },
	{ 4, "WEXITED" },	   { 8, "WCONTINUED" },
	{ 0x01000000, "WNOWAIT" }, { 0x20000000, "__WNOTHREAD" },
	{ 0x40000000, "__WALL" },  { 0x80000000, "__WCLONE" },
};

/* The name of value @v in @table, or @v in hex. */
static void put_value(struct strace_buf *sb, uint64_t v,
		      const struct strace_flag *table, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (table[i].value == v) {
			strace_puts(sb, table[i].name);
			return;
		}
	}
	strace_printf(sb, "%#llx", (unsigned long long)v);
}

void strace_put_fcntl(struct strace_buf *sb, uint64_t v)
{
	put_value(sb, (uint32_t)v, fcntl_cmds, ARRAY_SIZE(fcntl_cmds));
}

void strace_put_ioctl(struct strace_buf *sb, uint64_t v)
{
	put_value(sb, (uint32_t)v, ioctl_reqs, ARRAY_SIZE(ioctl_reqs));
}

void strace_put_prctl(struct strace_buf *sb, uint64_t v)
{
	put_value(sb, (uint32_t)v, prctl_ops, ARRAY_SIZE(prctl_ops));
}

void strace_put_rlimit(struct strace_buf *sb, int64_t v)
{
	put_enum(sb, v, rlimit_names, ARRAY_SIZE(rlimit_names));
}

void strace_put_itimer(struct strace_buf *sb, int64_t v)
{
	put_enum(sb, v, itimer_names, ARRAY_SIZE(itimer_names));
}

void strace_put_wait_options(struct strace_buf *sb, uint64_t v)
{
	v = (uint32_t)v;
	if (!v)
		strace_puts(sb, "0");
	else
		put_flags(sb, v, wait_flags, ARRAY_SIZE(wait_flags));
}
