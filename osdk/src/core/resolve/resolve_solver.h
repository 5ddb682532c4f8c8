/* SPDX-License-Identifier: MIT */
/* resolve_solver.h - the resolver's state, shared with its explanations. */
#ifndef OSDK_CORE_RESOLVE_SOLVER_H
#define OSDK_CORE_RESOLVE_SOLVER_H

/*
 * Private to resolve.c (the search) and resolve_explain.c (the words for
 * a conflict). Everything here lives for one resolve_run(). The structs
 * carry the prefix rs_ ("resolve solver") since they never leave the
 * resolver.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/resolve/resolve.h"
#include "core/manifest/semver.h"

struct osdk_err;
struct strbuf;

/* A set of package names (by interned id): the choices a conflict blames. */
struct rs_bits {
	uint64_t *w;
	size_t nw;
};

/* A requirement, parsed once. */
struct rs_dep {
	size_t name;
	const struct resolve_req *r;
	bool any; /* no requirement text: every version */
	struct semver_req parsed;
};

struct rs_cand {
	struct resolve_cand *c;
	struct semver ver;
	bool ver_ok;
	struct rs_dep *deps;
};

/* What one source offers for one name, asked once. */
struct rs_entry {
	size_t name;
	char *source;
	struct resolve_cands cands;
	struct rs_cand *info;
	char *missing; /* the provider's -ENOENT message, or NULL */
};

struct rs_act {
	size_t name;
	long root; /* index into roots, or -1 */
	struct rs_cand *ci;
	long by_req; /* the requirement that activated it; -1 for a root */
};

struct rs_req {
	size_t name;
	const struct rs_dep *dep;
	long parent; /* the act that requires it */
};

/* A choice point: the candidates for one name and where we stand. */
struct rs_frame {
	size_t name;
	struct rs_entry *e;
	size_t *order;
	size_t n, next;
	size_t nacts, nreqs, qhead; /* the state to return to */
	long by_req;
	struct rs_bits conflict; /* blamed by the alternatives that failed */
};

struct rs_solver {
	const struct resolve_root *roots;
	size_t nroots;
	const struct resolve_provider *p;
	struct osdk_err *err;

	char **names; /* interned; per-name arrays below grow with it */
	size_t nnames, capnames;
	long *root_of;
	long *act_of;
	char **why; /* the first conflict explained for each name */
	long last_conflict;

	struct rs_dep **root_deps;
	struct rs_entry **entries;
	size_t nentries, capentries;
	struct rs_act *acts;
	size_t nacts, capacts;
	struct rs_req *reqs;
	size_t nreqs, capreqs, qhead;
	struct rs_frame *frames;
	size_t nframes, capframes;
	unsigned long steps;
};

/* The explanations: each builds its message and keeps it, the first for
 * each name, as the one to report if the whole search fails. */
void resolve_explain_sources(struct rs_solver *s, size_t ri, size_t other);
void resolve_explain_versions(struct rs_solver *s, size_t name,
			      const struct rs_entry *e);
void resolve_explain_root(struct rs_solver *s, size_t ri);

#endif
