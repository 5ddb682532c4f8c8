/* SPDX-License-Identifier: MIT */
/* The text of /proc and /sys files, rendered from snapshots of state. */
#ifndef PROCFS_PROCFS_H
#define PROCFS_PROCFS_H

#include <frame/compiler.h>
#include <frame/types.h>

/*
 * A renderer writes one file's whole content into a procfs_buf, a capped
 * buffer the caller owns. Renderers take plain snapshots (the structs
 * below) rather than reaching into the process or mm services, so that the
 * package depends on the frame only, each format is testable on made-up
 * values, and the caller decides what lock to hold while it copies the
 * state out.
 */
struct procfs_buf {
	char *data; /* @cap bytes, owned by the caller */
	size_t cap; /* never exceeded; the text is not NUL-terminated */
	size_t len; /* bytes rendered so far */
	bool full;  /* some output did not fit */
};

/* procfs_buf_init() - an empty buffer over @data of @cap bytes */
void procfs_buf_init(struct procfs_buf *b, char *data, size_t cap);

/*
 * procfs_printf() - append formatted text (frame_snprintf's conversions)
 *
 * Returns 0, or -ENOSPC when the text did not fit: the buffer then keeps
 * what fitted and stays full, so a renderer may print everything and check
 * once at the end with procfs_buf_status().
 */
int procfs_printf(struct procfs_buf *b, const char *fmt, ...) __printf(2, 3);

/* procfs_putc() - append one byte; 0 or -ENOSPC as procfs_printf() */
int procfs_putc(struct procfs_buf *b, char c);

/* procfs_buf_status() - 0 if everything fitted, else -ENOSPC */
int procfs_buf_status(const struct procfs_buf *b);

/* Linux's USER_HZ: the unit of utime, stime and starttime in /proc. */
#define PROCFS_CLK_TCK 100u

/* procfs_ns_to_ticks() - nanoseconds to clock ticks, rounded down */
uint64_t procfs_ns_to_ticks(uint64_t ns);

/*
 * One thread group (or, for /proc/PID/task/TID, one thread) as /proc/PID
 * files show it. Memory sizes are in bytes; times in nanoseconds.
 */
struct procfs_task {
	int32_t pid; /* the thread group id (the tid for task/TID) */
	int32_t tid;
	int32_t ppid;
	int32_t pgrp;
	int32_t session;
	int32_t tpgid;	 /* the foreground group of the tty, -1 without one */
	uint32_t tty_nr; /* the controlling tty's device number, 0 if none */
	char state;	 /* one of R S D T t Z X */
	char comm[16];	 /* NUL-terminated, at most 15 characters */
	uint32_t umask;
	uint32_t uid[4]; /* real, effective, saved, file system */
	uint32_t gid[4];
	const uint32_t *groups; /* supplementary groups */
	unsigned int ngroups;
	unsigned int threads;
	unsigned int fd_size; /* slots of the descriptor table */
	int32_t nice;
	unsigned int cpu; /* the CPU it last ran on */
	uint64_t utime_ns, stime_ns;
	uint64_t cutime_ns, cstime_ns; /* of reaped children */
	uint64_t start_ns;	       /* since boot */
	uint64_t minflt, majflt;
	uint64_t vsize;	     /* bytes mapped */
	uint64_t vm_peak;    /* the largest vsize seen, or vsize */
	uint64_t rss;	     /* bytes resident */
	uint64_t rss_shared; /* resident bytes of shared file mappings */
	uint64_t text;	     /* bytes of the executable's text mapping */
	uint64_t data;	     /* bytes of private writable mappings and stack */
	uint64_t stack;	     /* bytes of the main stack mapping */
	uint64_t start_code, end_code, start_stack;
	uint64_t start_data, end_data, start_brk;
	uint64_t arg_start, arg_end, env_start, env_end;
	uint64_t sig_pending, sig_shared_pending;
	uint64_t sig_blocked, sig_ignored, sig_caught;
	int32_t exit_signal;
	int32_t exit_code; /* the wait status, for zombies */
};

/* procfs_state_name() - Linux's word for a state letter, e.g. "sleeping" */
const char *procfs_state_name(char state);

/* /proc/PID/stat: 52 space-separated fields on one line. */
int procfs_render_stat(struct procfs_buf *b, const struct procfs_task *t);

/* /proc/PID/status: "Name:\t..." lines. */
int procfs_render_status(struct procfs_buf *b, const struct procfs_task *t);

/* /proc/PID/statm: seven sizes in pages. */
int procfs_render_statm(struct procfs_buf *b, const struct procfs_task *t);

/* The page allocator's figures, in bytes, for /proc/meminfo. */
struct procfs_mem {
	uint64_t total;
	uint64_t free;
	uint64_t available; /* free plus what could be reclaimed at once */
	uint64_t cached;    /* file pages kept in memory (ramfs contents) */
	uint64_t shmem;
	uint64_t kernel_stack;
	uint64_t page_tables;
};

/* /proc/meminfo: "MemTotal:       NNNNNNNN kB" lines. */
int procfs_render_meminfo(struct procfs_buf *b, const struct procfs_mem *m);

/* /proc/uptime: seconds since boot and idle seconds summed over CPUs. */
int procfs_render_uptime(struct procfs_buf *b, uint64_t up_ns,
			 uint64_t idle_ns);

/* The run queues' figures for /proc/loadavg. */
struct procfs_load {
	uint32_t avg[3];      /* 1, 5 and 15 minutes, in hundredths */
	unsigned int running; /* runnable threads */
	unsigned int threads; /* all threads */
	int32_t last_pid;
};

/* /proc/loadavg: "0.00 0.00 0.00 1/23 45". */
int procfs_render_loadavg(struct procfs_buf *b, const struct procfs_load *l);

/* The uname strings /proc/version and /proc/sys/kernel show. */
struct procfs_uts {
	const char *sysname;
	const char *release;
	const char *version;
};

/* /proc/version: "<sysname> version <release> (...) <version>". */
int procfs_render_version(struct procfs_buf *b, const struct procfs_uts *u);

/* A one-line file such as /proc/sys/kernel/ostype: @s and a newline. */
int procfs_render_line(struct procfs_buf *b, const char *s);

/* A one-number file such as /proc/sys/kernel/pid_max. */
int procfs_render_number(struct procfs_buf *b, int64_t n);

/*
 * /sys/devices/system/cpu/{online,possible,present} and /proc/cpuinfo:
 * CPUs 0 to @ncpus - 1 (the frame numbers CPUs densely from 0).
 */
int procfs_render_cpu_list(struct procfs_buf *b, unsigned int ncpus);
int procfs_render_cpuinfo(struct procfs_buf *b, unsigned int ncpus,
			  const char *vendor, const char *model);

/* /proc/self, /proc/thread-self: the link text "PID" and "PID/task/TID". */
int procfs_render_self(struct procfs_buf *b, int32_t pid);
int procfs_render_thread_self(struct procfs_buf *b, int32_t pid, int32_t tid);

#endif /* PROCFS_PROCFS_H */
