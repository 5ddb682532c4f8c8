/* SPDX-License-Identifier: MIT */
/* check.h - the framekernel rules, checked with libclang on service code. */
#ifndef OSDK_CORE_CHECK_H
#define OSDK_CORE_CHECK_H

#include <stdbool.h>
#include <stddef.h>

struct workspace;
struct strvec;
struct strbuf;
struct osdk_err;

/*
 * Every package that is not trusted (trust.h) may use only what C can keep
 * safe; everything else lives in the frame. docs/framekernel-rules.md gives
 * each rule's rationale, a violating example and the safe alternative. The
 * ids are stable: scripts and documentation refer to them.
 *
 * Bump CHECK_RULES_VERSION whenever a rule changes what it accepts: the
 * build records it with every checked object, so a new rule set re-checks
 * (and recompiles) every service source once.
 */
#define CHECK_RULES_VERSION "2"

enum check_rule {
	CHECK_ASM,	  /* FK-ASM */
	CHECK_VOLATILE,	  /* FK-VOLATILE */
	CHECK_INT_TO_PTR, /* FK-INT-TO-PTR */
	CHECK_PTR_TO_INT, /* FK-PTR-TO-INT */
	CHECK_PTR_CAST,	  /* FK-PTR-CAST */
	CHECK_FN_CAST,	  /* FK-FN-CAST */
	CHECK_VLA,	  /* FK-VLA */
	CHECK_INCLUDE,	  /* FK-INCLUDE */
	CHECK_INTERNAL,	  /* FK-INTERNAL */
	CHECK_UNBOUNDED,  /* FK-UNBOUNDED */
	CHECK_USER,	  /* FK-USER */
	CHECK_PRIVATE,	  /* FK-PRIVATE */
	CHECK_COPY,	  /* FK-COPY */
	CHECK_PARSE,	  /* FK-PARSE: the file must parse to be checked */
	CHECK_NRULES,
};

struct check_rule_info {
	const char *id;	   /* "FK-ASM" */
	const char *title; /* "inline assembly" */
	const char *hint;  /* what to do instead, one line */
};

/* The rule's id, title and default hint; rule < CHECK_NRULES. */
const struct check_rule_info *check_rule_info(enum check_rule rule);

/* The rule whose id is `id` ("FK-ASM"), or -1. */
int check_rule_by_id(const char *id);

/* One violation, at a place in a file. */
struct check_diag {
	enum check_rule rule;
	char *path;	    /* absolute */
	unsigned line, col; /* 1-based; a whole file is 1:1 */
	char *msg;	    /* what is wrong, one line */
	char *hint;	    /* what to do, one line; NULL: the rule's hint */
};

struct check_report {
	struct check_diag *v;
	size_t n, cap;
	unsigned files; /* source files checked */
	unsigned remembered; /* of them, passes known from the memo */
};

#define CHECK_REPORT_INIT     \
	{                     \
		NULL, 0, 0, 0, 0 \
	}

void check_report_release(struct check_report *r);

/* Append a diagnostic; hint may be NULL for the rule's own. */
void check_report_add(struct check_report *rep, enum check_rule rule,
		      const char *path, unsigned line, unsigned col,
		      const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/*
 * Order by path, line, column and rule, and keep one diagnostic per place
 * and rule: a header's violation is found again by every source that
 * includes it, and some violations are seen both by the parser (a poisoned
 * identifier) and by a rule.
 */
void check_report_sort(struct check_report *r);

/*
 * Append d as two lines:
 *
 *   path:line:col: error[FK-ASM]: message
 *       hint: what to do instead
 *
 * with path relative to `base` when it lies below it (base may be NULL).
 */
void check_diag_format(const struct check_diag *d, const char *base,
		       struct strbuf *out);

struct check_opts {
	const char *cc;		/* the compiler the build uses */
	const char *cc_include; /* its freestanding headers (build.h) */
	/* Where the index of the trusted packages' symbols is kept between
	 * runs; NULL keeps it in memory only. */
	const char *cache_dir;
	bool release; /* the profile, for the trusted packages' flags */
	/* Where passes are remembered across builds and `osdk clean`
	 * (check_memo_dir()); NULL checks every file afresh. */
	const char *memo_dir;
};

struct checker;

/*
 * A checker for the packages of ws, which must outlive it. Fails only when
 * libclang cannot be started.
 */
int check_new(const struct workspace *ws, const struct check_opts *o,
	      struct checker **out, struct osdk_err *err);

void check_free(struct checker *c);

/*
 * Check one source of package `pkg` (an index into ws->pkgs) that the build
 * compiles with `cflags` (build_pkg_cflags()). libclang parses it with
 * exactly those flags, with the compiler's own predefined macros in place
 * of clang's, so that it sees the code the compiler compiles; compiler
 * warnings are left to the compiler. An assembly source is a violation by
 * itself. Violations in the source and in the headers of untrusted packages
 * it includes are appended to rep, and so are parse errors (FK-PARSE).
 *
 * Returns 0 whatever was found, or a negative errno when the check could
 * not run at all (the compiler could not be asked for its macros).
 */
int check_file(struct checker *c, size_t pkg, const char *src,
	       const struct strvec *cflags, struct check_report *rep,
	       struct osdk_err *err);

/*
 * Check every source of package `pkg` with the flags the build gives it
 * (build_pkg_cflags() for the checker's profile, with -DKTEST when
 * `ktest`), calling `each` (may be NULL) before each file. Returns as
 * check_file().
 */
int check_package(struct checker *c, size_t pkg, bool ktest,
		  struct check_report *rep,
		  void (*each)(void *ctx, const char *src), void *ctx,
		  struct osdk_err *err);

#endif
