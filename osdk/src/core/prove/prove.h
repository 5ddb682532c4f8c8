/* SPDX-License-Identifier: MIT */
/* prove.h - osdk prove: Frama-C WP on the sources a package's prove: lists. */
#ifndef OSDK_CORE_PROVE_H
#define OSDK_CORE_PROVE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strvec.h"

struct workspace;
struct osdk_err;

/* The bounds when the manifest and the command line name none. */
#define PROVE_DEFAULT_STEPS   200000
#define PROVE_DEFAULT_TIMEOUT 30

struct prove_opts {
	const char *file; /* only this one of the listed files, or NULL */
	int timeout;	  /* seconds per goal; 0 = the manifest's */
	int jobs;	  /* prover processes at once; 0 = 2 */
	bool no_cache;	  /* prove again even when the cache has the result */
};

/* One function's goals: how many, how many proved, and by what. */
struct prove_fn {
	char *name;
	char *file;    /* the listed source, relative to the package */
	char *provers; /* "Qed, Z3, CVC4": who proved at least one goal */
	unsigned goals, proved;
};

/* A property WP did not prove. */
struct prove_fail {
	char *function;
	char *kind; /* "postcondition", "loop invariant", "mem_access", ... */
	char *file; /* where the property is written, as Frama-C names it */
	int line;
	char *status;	/* "Unknown", "Invalid", ... */
	char *property; /* the formula, as Frama-C prints it */
};

struct prove_report {
	char *package;
	struct prove_fn *fns;
	size_t nfns;
	struct prove_fail *fails;
	size_t nfails;
	/* Functions called but not proved here: their contracts are assumed
	 * ("NAME (contract)"), or Frama-C made one up from the prototype
	 * ("NAME (no contract)"). */
	struct strvec assumed;
	unsigned goals, proved;
	unsigned files, cached; /* files proved, of them taken from cache */
	double seconds;
};

struct prove_events {
	/* Before each file: "Proving" or "Cached", and the file. */
	void (*status)(void *ctx, const char *verb, const char *subject);
	void *ctx;
};

/*
 * Prove the prove.files of package p. Each file runs through frama-c
 * -wp -wp-rte on the functions it defines, preprocessed with the flags the
 * build compiles it with; the provers are bounded by steps, with the
 * timeout as a backstop. A file's result is cached under
 * ROOT/target/osdk/prove/ keyed on its preprocessed text (macros and every
 * contract it sees included), the arguments and the tools' versions.
 * Returns 0 with *r filled (unproved goals are in r->fails, not an error),
 * or a negative errno: no prove section, a missing tool or file, Frama-C
 * rejecting the source (err holds its message).
 */
int prove_package(const struct workspace *ws, size_t p,
		  const struct prove_opts *o, const struct prove_events *ev,
		  struct prove_report *r, struct osdk_err *err);

void prove_report_release(struct prove_report *r);

/*
 * The names of the functions a C source defines (at brace depth 0, a name
 * and its parameter list followed by a body), in order, appended to out;
 * with `bodies`, each one's body ("{...}") too, at the same index.
 */
void prove_defined_functions(const char *text, struct strvec *out,
			     struct strvec *bodies);

/* Read Frama-C's outputs into r for the functions in `fns` of `file`. */
int prove_parse_json(const char *json, const char *file, struct prove_report *r,
		     struct osdk_err *err);
void prove_parse_csv(const char *csv, const struct strvec *fns,
		     struct prove_report *r);

#endif
