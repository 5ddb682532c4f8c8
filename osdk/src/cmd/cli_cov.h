/* SPDX-License-Identifier: MIT */
/* cli_cov.h - --coverage for run and test: what to instrument, the report. */
#ifndef OSDK_CMD_CLI_COV_H
#define OSDK_CMD_CLI_COV_H

#include <stdbool.h>

#include "core/manifest/config.h"
#include "util/opt.h"
#include "util/strvec.h"

struct session;

/* --coverage and --coverage-package NAME (repeatable, implies the first). */
struct cov_flags {
	bool on;
	struct strvec packages;
};

#define COV_OPTS(c)                                                       \
	OPT_FLAG_("coverage", 0, &(c)->on,                                \
		  "build instrumented, write a coverage report"),         \
		OPT_LIST_("coverage-package", 0, &(c)->packages, "NAME",  \
			  "instrument package NAME (repeatable; implies " \
			  "--coverage)")

static inline bool cov_flags_on(const struct cov_flags *c)
{
	return c && (c->on || c->packages.n);
}

void cov_flags_release(struct cov_flags *c);

/* --coverage with --bundle: prints why not, returns EXIT_USAGE. */
int cli_cov_no_bundle(void);

/*
 * cli_cov_select() - for a coverage build of session @s (its workspace
 * loaded, s->kernel chosen), the packages to instrument into s->cov: the
 * --coverage-package names, else for test the packages under test and for
 * run the kernel's packages of this checkout that are not trusted. A name
 * that is not in the build is a usage error: returns EXIT_USAGE after
 * printing it, else 0.
 */
int cli_cov_select(const struct cov_flags *c, enum config_action action,
		   struct session *s);

/*
 * cli_cov_stream() - where QEMU writes the kernel's counters for session
 * @s (in its output directory), any earlier stream removed. NULL after
 * printing why it could not be removed. Caller frees.
 */
char *cli_cov_stream(const struct session *s);

/*
 * cli_cov_report() - after the kernel ran: the counters in @stream into
 * .gcda files, lcov's tracefile and genhtml's report in the output
 * directory's coverage/, and a "Coverage" line per instrumented package.
 * 0, or 1 after printing why there is no report.
 */
int cli_cov_report(const struct session *s, const char *stream);

#endif
