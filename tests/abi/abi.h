/* SPDX-License-Identifier: MIT */
/* abi.h - the checks of the Linux-ABI suite: one line per check on stdout.
 *
 * Every check prints exactly `PASS prog/name` or `FAIL prog/name: why`,
 * where prog is the program's file name (area.variant). A program calls
 * abi_start(argv[0]) first and returns abi_end() from main; it exits 0
 * when it ran to its end, whatever its checks said, so that a non-zero
 * exit status always means a crash the runner reports on its own.
 * Output goes through one write(2) per line, so children forked by a
 * check never duplicate buffered text.
 */
#ifndef ABI_H
#define ABI_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *abi_prog = "?";
static int abi_npass, abi_nfail;

static inline void abi_start(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');

	abi_prog = slash ? slash + 1 : argv0;
}

static inline void abi_out(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(1, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

__attribute__((format(printf, 3, 4))) static inline int
abi_report(int ok, const char *name, const char *fmt, ...)
{
	char buf[512];
	int n, saved = errno;
	va_list ap;

	if (ok) {
		n = snprintf(buf, sizeof(buf), "PASS %s/%s\n", abi_prog, name);
		abi_npass++;
	} else {
		n = snprintf(buf, sizeof(buf), "FAIL %s/%s: ", abi_prog, name);
		va_start(ap, fmt);
		n += vsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);
		va_end(ap);
		if (n > (int)sizeof(buf) - 2)
			n = (int)sizeof(buf) - 2;
		buf[n++] = '\n';
		abi_nfail++;
	}
	if (n > (int)sizeof(buf))
		n = (int)sizeof(buf);
	abi_out(buf, (size_t)n);
	errno = saved;
	return ok;
}

/* A note for the log that is neither a pass nor a failure. */
__attribute__((format(printf, 1, 2))) static inline void
abi_note(const char *fmt, ...)
{
	char buf[512];
	int n = snprintf(buf, sizeof(buf), "NOTE %s: ", abi_prog);
	va_list ap;

	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 2)
		n = (int)sizeof(buf) - 2;
	buf[n++] = '\n';
	abi_out(buf, (size_t)n);
}

/* A fresh working directory, /tmp/<prog>.<pid>, made the current one;
 * its path is in abi_dir. */
static char abi_dir[128];

static inline void abi_tmpdir(void)
{
	snprintf(abi_dir, sizeof(abi_dir), "/tmp/%s.%d", abi_prog,
		 (int)getpid());
	if (mkdir(abi_dir, 0777) != 0 || chdir(abi_dir) != 0)
		abi_report(0, "tmpdir", "cannot make %s: %s", abi_dir,
			   strerror(errno));
}

static inline int abi_end(void)
{
	return 0;
}

/* cond must hold. */
#define CHECK(name, cond)                                                     \
	abi_report(!!(cond), name, "%s is false (errno %d %s)", #cond, errno, \
		   strerror(errno))

/* Two integers must be equal. */
#define CHECK_EQ(name, got, want)                                           \
	({                                                                  \
		long long g_ = (long long)(got), w_ = (long long)(want);    \
		abi_report(g_ == w_, name, "%s is %lld (%#llx), want %lld", \
			   #got, g_, (unsigned long long)g_, w_);           \
	})

/* A system call must succeed (return something other than -1). */
#define CHECK_OK(name, call)                                                  \
	({                                                                    \
		errno = 0;                                                    \
		long long r_ = (long long)(call);                             \
		abi_report(r_ != -1, name, "%s failed: errno %d (%s)", #call, \
			   errno, strerror(errno));                           \
		r_;                                                           \
	})

/* A system call must fail with -1 and errno err. */
#define CHECK_ERR(name, call, err)                                            \
	({                                                                    \
		errno = 0;                                                    \
		long long r_ = (long long)(call);                             \
		int e_ = errno;                                               \
		abi_report(                                                   \
			r_ == -1 && e_ == (err), name,                        \
			"%s returned %lld errno %d (%s), want errno %d (%s)", \
			#call, r_, e_, strerror(e_), err, strerror(err));     \
	})

/* Runs fn(arg) in a forked child whose exit code is fn's; returns the raw
 * wait status, or -1 when fork or wait failed. */
static inline int abi_in_child(int (*fn)(void *), void *arg)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn(arg));
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* A wait status made readable: "exit N", "signal N", "stopped N". */
static inline const char *abi_status_str(int st, char *buf, size_t n)
{
	if (WIFEXITED(st))
		snprintf(buf, n, "exit %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, n, "signal %d%s", WTERMSIG(st),
			 WCOREDUMP(st) ? " (core)" : "");
	else if (WIFSTOPPED(st))
		snprintf(buf, n, "stopped %d", WSTOPSIG(st));
	else
		snprintf(buf, n, "status %#x", st);
	return buf;
}

/* The child must have exited with code 0 (its checks are its exit code). */
#define CHECK_CHILD_OK(name, status)                                          \
	({                                                                    \
		char b_[48];                                                  \
		int s_ = (status);                                            \
		abi_report(s_ != -1 && WIFEXITED(s_) && WEXITSTATUS(s_) == 0, \
			   name, "child ended with %s",                       \
			   s_ == -1 ? "fork/wait error"                       \
				    : abi_status_str(s_, b_, sizeof(b_)));    \
	})

/* Milliseconds on the monotonic clock since *t0. */
static inline long abi_ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1000 +
	       (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Sleeps ms milliseconds, through any signal that interrupts the sleep. */
static inline void abi_msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

#endif
