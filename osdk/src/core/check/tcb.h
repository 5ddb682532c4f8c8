/* SPDX-License-Identifier: MIT */
/* tcb.h - how much of a kernel's code is trusted: the TCB in lines. */
#ifndef OSDK_CORE_TCB_H
#define OSDK_CORE_TCB_H

#include <stdbool.h>
#include <stddef.h>

struct workspace;
struct ws_pkg;
struct osdk_err;

/*
 * A line of code is a line holding at least one token: blank lines and
 * lines holding only comments do not count, and a comment next to code
 * does not make the line count twice. Line splices (backslash-newline) and
 * string and character literals are honoured, so a comment opener inside a
 * string is not a comment. Assembly sources (.S) go through the C
 * preprocessor and are counted the same way.
 */
unsigned long tcb_count_lines(const char *text, size_t len);

/* Lines of code, split into production and test code. */
struct tcb_lines {
	unsigned long prod;
	unsigned long test;
};

/*
 * Count as tcb_count_lines(), and tell test code apart: the lines of a
 * top-level `KTEST(name) { ... }` block, from the KTEST line to its
 * closing brace, are test lines, the others production lines.
 */
void tcb_count_split(const char *text, size_t len, struct tcb_lines *out);

/*
 * Whether a file (its path below the package) holds test code only: a
 * name with a `_test` part (`sched_test.c`, `umode_test_env.c`,
 * `umode_test_prog.S`, `umode_test.h`), or a place below a directory
 * named tests, test or fixtures.
 */
bool tcb_test_file(const char *rel);

struct tcb_pkg {
	char *name;
	char *version;
	bool trusted;
	unsigned files;
	unsigned test_files;	/* of those, test-only files */
	struct tcb_lines lines; /* test: test files and KTEST blocks */
	unsigned long proved;	/* production lines under `osdk prove` */
};

struct tcb_report {
	char *kernel;	      /* the kernel package's name */
	struct tcb_pkg *pkgs; /* the kernel and what it links, in build order */
	size_t npkgs;
	struct tcb_lines trusted;
	struct tcb_lines untrusted;
	/* Trusted share of production lines, 0..100: the tracked goal. */
	double trusted_percent;
	/* Trusted share of all lines, tests included. */
	double trusted_percent_all;
	/* Trusted production lines that `osdk prove` covers, and their share
	 * of the trusted production lines, 0..100. */
	unsigned long proved;
	double proved_percent;
};

/*
 * Measure the kernel `kernel` (an index into ws->pkgs) and every package
 * linked into it. A package's code is what the build reads: the .c, .h and
 * .S files below its src/ and include/, and its linker script. Trust is as
 * trust.h decides, so a package that only claims it counts as untrusted.
 * Test code (tcb_test_file(), KTEST blocks) is counted apart: it runs
 * only in test kernels, so the share that matters is that of production
 * lines.
 */
int tcb_measure(const struct workspace *ws, size_t kernel, struct tcb_report *r,
		struct osdk_err *err);

void tcb_report_release(struct tcb_report *r);

/*
 * The production lines of a package that its `prove:` section puts under
 * proof: every line of each file in prove.files, or, when prove.functions
 * names functions, the lines of those functions' definitions (from the
 * line naming the function to its closing brace at column 0, as the
 * kernel's style writes them). Contracts are comments and do not count.
 */
int tcb_proved_lines(const struct ws_pkg *pkg, unsigned long *lines,
		     struct osdk_err *err);

#endif
