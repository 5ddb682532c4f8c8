/* SPDX-License-Identifier: MIT */
/* tcb.h - how much of a kernel's code is trusted: the TCB in lines. */
#ifndef OSDK_CORE_TCB_H
#define OSDK_CORE_TCB_H

#include <stdbool.h>
#include <stddef.h>

struct workspace;
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

struct tcb_pkg {
	char *name;
	char *version;
	bool trusted;
	unsigned files;
	unsigned long lines;
};

struct tcb_report {
	char *kernel;	      /* the kernel package's name */
	struct tcb_pkg *pkgs; /* the kernel and what it links, in build order */
	size_t npkgs;
	unsigned long trusted_lines;
	unsigned long untrusted_lines;
	double trusted_percent; /* trusted share of all lines, 0..100 */
};

/*
 * Measure the kernel `kernel` (an index into ws->pkgs) and every package
 * linked into it. A package's code is what the build reads: the .c, .h and
 * .S files below its src/ and include/, and its linker script. Trust is as
 * trust.h decides, so a package that only claims it counts as untrusted.
 */
int tcb_measure(const struct workspace *ws, size_t kernel, struct tcb_report *r,
		struct osdk_err *err);

void tcb_report_release(struct tcb_report *r);

#endif
