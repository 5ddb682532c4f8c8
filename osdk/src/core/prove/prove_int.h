/* SPDX-License-Identifier: MIT */
/* prove_int.h - what prove.c, prove_cmd.c and prove_assume.c share. */
#ifndef OSDK_CORE_PROVE_INT_H
#define OSDK_CORE_PROVE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/prove/prove.h"
#include "util/strvec.h"

struct manifest_prove;
struct osdk_err;
struct strbuf;

/* What every file of one run shares. */
struct prove_run {
	const struct workspace *ws;
	size_t pkg;
	const struct manifest_prove *mp;
	struct strvec cpp; /* preprocessor flags of the package */
	char *tools;	   /* versions of Frama-C, Why3 and the provers */
	char *provers;	   /* "z3,cvc4" */
	char *cache_dir;
	int steps, timeout, jobs;
	bool no_cache;
};

/* prove_cmd.c */

/* Run argv in cwd and collect its output; -ENOENT names the tool. */
int prove_run_capture(const char *const *argv, const char *cwd,
		      struct strbuf *out, int *status, struct osdk_err *err);
/* pr->tools: the versions of Frama-C, Why3 and the provers. */
int prove_tool_versions(struct prove_run *pr, struct osdk_err *err);
/* The build's flags that matter to the preprocessor, into out. */
void prove_cpp_flags(const struct strvec *cflags, struct strvec *out);
/* v's words joined with sep. Caller frees. */
char *prove_join(const struct strvec *v, const char *sep);
/* Frama-C's arguments for proving fns of file, scratch files in tmp. */
void prove_framac_argv(const struct prove_run *pr, const char *file,
		       const struct strvec *fns, const char *tmp,
		       struct strvec *argv);
/* The cache key of file proved with argv, as hex. */
int prove_cache_key(const struct prove_run *pr, const char *file,
		    const struct strvec *argv, char key[65],
		    struct osdk_err *err);

/* prove_assume.c */

/* Functions file defines but does not prove whose contracts the proved
 * ones (bodies) rely on, added to r->assumed. */
void prove_note_unproved_defined(const char *csv, const struct strvec *all,
				 const struct strvec *fns,
				 const struct strvec *bodies,
				 struct prove_report *r);
/* Called functions Frama-C gave a specification made up from the
 * prototype (from its log), added to r->assumed. */
void prove_note_generated(const char *log, const struct strvec *bodies,
			  struct prove_report *r);
/* Drop from r->assumed the contracts another file of the run proves. */
void prove_drop_proved_assumptions(struct prove_report *r);

#endif
