/* SPDX-License-Identifier: MIT */
/* build.h - compiling packages into archives and linking the kernel. */
#ifndef OSDK_CORE_BUILD_H
#define OSDK_CORE_BUILD_H

#include <stdbool.h>
#include <stddef.h>

struct workspace;
struct osdk_err;
struct strvec;

/* The flags and sources of a package's translation units (flags.h). */
#include "core/build/flags.h"

/* How the build reports progress; core code never prints itself. */
struct build_events {
	void *ctx;
	/* A cargo-style status line: verb ("Compiling") and subject. */
	void (*status)(void *ctx, const char *verb, const char *subject);
	/* Diagnostics a tool printed (compiler warnings or errors). */
	void (*output)(void *ctx, const char *text);
	/* With -v: each command before it runs. */
	void (*command)(void *ctx, const char *cmdline);
	/* Something the user must know that does not stop the build (a
	 * package claiming trust it is not given). May be NULL. */
	void (*warning)(void *ctx, const char *msg);
};

struct build_opts {
	bool release;
	bool ktest; /* compile the targets' KTEST cases */
	int jobs;   /* parallel processes (compilers, the check, ar), >= 1 */
	bool verbose;
	const char *cc; /* compiler driver, e.g. "cc" or "clang" */
	const char *ld;
	const char *ar;
	/* Link these packages and everything they need into one kernel named
	 * link_name; with nlink == 0 only the archives are made. */
	const size_t *link;
	size_t nlink;
	const char *link_name;
	/* A coverage build (docs/coverage.md): per package of the workspace,
	 * whether its sources are instrumented; NULL for a normal build. The
	 * output goes to its own directory (build_out_dir() + "-cov"), every
	 * source gets -DOSDK_COVERAGE, and a trusted package's
	 * build.coverage-runtime is compiled in. */
	const bool *coverage;
};

/*
 * Wall-clock milliseconds of each step of one build, for `osdk build -v`.
 * The check runs beside the compilers, so check and compile overlap; a
 * step that did not run is 0. link2 is non-zero only in the rare case the
 * symbol table outgrew the room reserved for it (link.h).
 */
struct build_times {
	double check;	/* the framekernel check, start to end */
	unsigned checked, remembered; /* files checked; passes remembered */
	double compile; /* first compiler started to last one ended */
	double images;	/* user images (user_image.h) */
	double archive; /* the archives left once compiles and images end */
	double link1;
	double ksyms; /* reading the symbols and writing the table */
	double link2;
};

struct build_result {
	struct build_times times;
	char *out_dir;	  /* target/osdk/<profile>[-ktest][-cov] */
	char *kernel_elf; /* the linked kernel, or NULL (nothing to link) */
	char *kernel_name;
	unsigned compiled; /* translation units compiled this time */
	bool linked;	   /* whether the kernel was relinked */
};

/*
 * Build every package the targets need. Each package's sources (src/ **.c
 * and **.S) compile into target/osdk/<profile>/<pkg>/, recompiled only when
 * the object is missing, its command line changed, or the source or a header
 * it included (from the compiler's depfile) is newer. Every source of an
 * untrusted package that is about to be compiled goes through the
 * framekernel check (check.h), in a process of its own beside the
 * compilers; a violation fails the build with the diagnostics passed to
 * ev->output, no archive is made, and there is no way to skip it. Each
 * package becomes one archive. Then the packages o->link name, with
 * everything they depend on, are linked into a kernel ELF with the one
 * linker script that graph declares and its symbol table (link.h), unless
 * nothing changed since the last link.
 */
int build_run(struct workspace *ws, const struct build_opts *o,
	      const struct build_events *ev, struct build_result *res,
	      struct osdk_err *err);

void build_result_release(struct build_result *res);

/* The profile's output directory below the workspace root; caller frees. */
char *build_out_dir(const struct workspace *ws, bool release, bool ktest);

/* Ask the compiler `cc` where its freestanding headers live (*out is
 * allocated). */
int build_cc_include(const char *cc, char **out, struct osdk_err *err);

/*
 * Whether `obj` must be rebuilt: it is missing, `cmdfile` does not hold
 * `record` (the command that would build it now), or something its
 * depfile (obj + ".d") names is newer. Relative names in the depfile are
 * taken relative to `dep_base` (where the compiler ran), or to the current
 * directory when it is NULL. For build.c and user_image.c.
 */
bool build_obj_stale(const char *obj, const char *cmdfile, const char *record,
		     const char *dep_base);

#endif
