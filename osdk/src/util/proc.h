/* SPDX-License-Identifier: MIT */
/* proc.h - the one way osdk starts other programs: an argument vector. */
#ifndef OSDK_UTIL_PROC_H
#define OSDK_UTIL_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct strbuf;

struct proc_opts {
	const char *cwd; /* NULL = inherit */
	int out_fd;	 /* stdout and stderr go here; -1 = inherit */
	bool stdin_null; /* stdin from /dev/null instead of inherited */
	bool capture;	 /* stdout+stderr into a pipe read through p->out */
	bool own_pgroup; /* child leads a new process group (to kill it all) */
	bool keep_stderr; /* with capture: only stdout goes into the pipe */
	int in_fd;	  /* stdin from this descriptor; -1 = see stdin_null */
};

#define PROC_OPTS_INIT                                   \
	{                                                \
		NULL, -1, false, false, false, false, -1 \
	}

struct proc {
	pid_t pid;
	int out; /* read end of the capture pipe, or -1 */
};

/*
 * Start argv[0] (looked up on PATH) with argv. Returns 0, -ENOENT when the
 * program does not exist, or another negative errno from fork/exec. The exec
 * failure is reported synchronously, through a close-on-exec pipe.
 */
int proc_spawn(const char *const *argv, const struct proc_opts *o,
	       struct proc *p);

/*
 * Wait for p. *status is the exit code (0..255), or minus the signal number
 * when a signal killed it. Closes p->out. Returns 0 or a negative errno.
 */
int proc_wait(struct proc *p, int *status);

/* Decode a waitpid status word the way proc_wait does. */
int proc_status_code(int wstatus);

/*
 * Run to completion. With `out`, stdout and stderr are collected there,
 * at most PROC_OUTPUT_MAX bytes of them: the rest is read and dropped, and
 * a last line says how much; otherwise they are inherited. Returns as
 * proc_spawn; *status as proc_wait.
 */
#define PROC_OUTPUT_MAX (16u << 20)
int proc_run(const char *const *argv, const char *cwd, struct strbuf *out,
	     int *status);

/*
 * Run to completion with `in` (len bytes, at most PROC_INPUT_MAX) on its
 * stdin and its stdout collected in `out` (capped as proc_run's); stderr
 * is inherited, so the user sees the program's own complaints. The input
 * is written whole before the output is read: meant for programs that read
 * a short request, then answer (git credential). -E2BIG for longer input.
 */
#define PROC_INPUT_MAX 4096u
int proc_filter(const char *const *argv, const char *in, size_t len,
		struct strbuf *out, int *status);

/* Whether `prog` is found on PATH (or is an executable path). */
bool proc_which(const char *prog);

#endif
