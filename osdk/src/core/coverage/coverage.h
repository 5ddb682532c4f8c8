/* SPDX-License-Identifier: MIT */
/* coverage.h - a coverage build's counters into .gcda files and a report. */
#ifndef OSDK_CORE_COVERAGE_H
#define OSDK_CORE_COVERAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct osdk_err;

/*
 * A coverage build (build_opts.coverage) leaves gcc's notes (.gcno) beside
 * each instrumented object. As it stops, the kernel streams its counters
 * to a debugcon port (the frame's cov/gcov.c documents the stream); QEMU
 * appends them to a file, one dump per boot. cov_collect() adds the dumps
 * up into .gcda files beside the notes, in the format gcc's libgcov
 * writes; cov_report() runs lcov and genhtml over them.
 */

/*
 * cov_check_cc() - whether the compiler driver @cc is gcc 12 or later,
 * whose counters and gcov_info the frame's runtime knows: 0, or -ENOTSUP
 * saying what it is instead (clang counts in another way).
 */
int cov_check_cc(const char *cc, struct osdk_err *err);

/* What cov_collect() found. */
struct cov_collected {
	unsigned dumps;	  /* complete dumps added up (boots that stopped) */
	unsigned partial; /* dumps cut short, ignored */
	size_t files;	  /* .gcda files written */
};

/*
 * cov_collect() - read the stream in @stream_path (a missing file holds no
 * dump), add its complete dumps up and write one .gcda per instrumented
 * file. Each file's path comes from the kernel and must lie below
 * @gcda_root and end in ".gcda"; any other is -EPROTO, as is a stream
 * whose dumps disagree about a file (two builds), or that holds counters
 * other than gcc's arc counters. Every .gcda below @gcda_root is removed
 * first, so that none is left from an earlier run.
 */
int cov_collect(const char *stream_path, const char *gcda_root,
		struct cov_collected *out, struct osdk_err *err);

/* An instrumented package, for the report. */
struct cov_pkg {
	const char *name;
	const char *dir;      /* its sources' directory, absolute */
	const char *src_name; /* its name in the build output, or NULL: see
				 build_source_name() */
	const char *obj_dir;  /* where its objects, notes and .gcda are */
};

struct cov_pkg_summary {
	char *name;
	unsigned long lines, lines_hit;
	unsigned long branches, branches_hit;
};

struct cov_report_opts {
	const struct cov_pkg *pkgs;
	size_t npkgs;
	const char *root_dir; /* the workspace root: the compiler's "." */
	const char *out_dir;  /* written: lcov.info and html/ */
	/* Called with each tool's command line before it runs, or NULL. */
	void (*command)(void *ctx, const char *cmdline);
	void *ctx;
};

struct cov_report {
	char *tracefile;	   /* out_dir/lcov.info */
	char *html_index;	   /* out_dir/html/index.html */
	struct cov_pkg_summary *v; /* per package, in opts order */
	size_t n;
};

/*
 * cov_report() - lcov's tracefile of the packages' sources (the checkout's
 * paths: names the build mapped with -ffile-prefix-map are mapped back;
 * files of other packages, such as inline functions of a dependency's
 * headers, are left out), genhtml's HTML report of it, and the line and
 * branch counts per package. Needs Debian's lcov: -ENOENT naming it when
 * missing; a tool that fails is -EIO with its output.
 */
int cov_report(const struct cov_report_opts *o, struct cov_report *r,
	       struct osdk_err *err);

void cov_report_release(struct cov_report *r);

/* A percentage of @hit in @all for the summary; 0 when @all is 0. */
double cov_percent(unsigned long hit, unsigned long all);

#endif
