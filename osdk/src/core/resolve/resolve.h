/* SPDX-License-Identifier: MIT */
/* resolve.h - choosing one version of every package a workspace needs. */
#ifndef OSDK_CORE_RESOLVE_H
#define OSDK_CORE_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>

struct osdk_err;

/*
 * Sources are strings, compared as a whole:
 *   "registry+URL"            a registry (URL canonical)
 *   "git+URL"                 a git repository's default branch
 *   "git+URL?tag=T"           ... a tag (also ?branch=B, ?rev=R)
 *   "path+/abs/dir"           a directory
 */

/* A requirement: package `name`, a version in `req`, from `source`. */
struct resolve_req {
	char *name;
	char *req; /* semver requirement; NULL accepts every version */
	char *source;
};

/* One version a source offers, with what it requires in turn. */
struct resolve_cand {
	char *version;
	bool yanked;
	bool preferred; /* pinned by osdk.lock: tried first, even if yanked */
	struct resolve_req *deps;
	size_t ndeps;
	void *data; /* the provider's; freed through provider->free_data */
};

struct resolve_cands {
	struct resolve_cand *v;
	size_t n;
};

/*
 * Where candidates come from. query() fills `out` with every version of
 * `name` that `source` offers, in any order; it is called at most once per
 * name and source. It returns 0, -ENOENT with a message when the source has
 * no such package (the resolver then treats it as offering nothing), or
 * another negative errno with a message, which stops the resolution.
 */
struct resolve_provider {
	void *ctx;
	int (*query)(void *ctx, const char *name, const char *source,
		     struct resolve_cands *out, struct osdk_err *err);
	void (*free_data)(void *ctx, void *data);
};

/* A package of the workspace itself: fixed, and standing in for any
 * requirement on its name that its version satisfies. */
struct resolve_root {
	const char *name;
	const char *version;
	const struct resolve_req *deps; /* the ones to resolve (not paths) */
	size_t ndeps;
};

/* A chosen package. */
struct resolve_pick {
	char *name;
	char *version;
	char *source;
	void *data;  /* the candidate's data, now the caller's */
	char **deps; /* names of the packages it requires */
	size_t ndeps;
};

struct resolve_result {
	struct resolve_pick *v;
	size_t n;
};

#define RESOLVE_RESULT_INIT \
	{                   \
		NULL, 0     \
	}

/* Activations after which the resolver gives up. */
#define RESOLVE_MAX_STEPS 200000

/*
 * Pick one version for every package the roots need, directly or through
 * other packages: the highest that satisfies every requirement on it,
 * preferring versions the provider marks preferred, never a yanked one
 * unless preferred, and pre-releases only as semver_req_matches allows.
 * One package name has one version and one source in the whole graph.
 *
 * The search backtracks, jumping straight back to the choices a conflict
 * involves. When nothing works, err explains the conflict with each
 * requirement's chain from a root, e.g.
 *
 *   no version of 'log' satisfies all requirements:
 *     k v0.1.0 -> blk v0.1.1 -> log ^1.0
 *     k v0.1.0 -> fs v0.2.0 -> log ^2.0
 *   versions in registry 'file:///r': 2.0.0, 1.2.0, 1.0.0
 *
 * and returns -ENOENT (nothing matches) or -EINVAL (two sources).
 */
int resolve_run(const struct resolve_root *roots, size_t nroots,
		const struct resolve_provider *p, struct resolve_result *out,
		struct osdk_err *err);

void resolve_result_release(struct resolve_result *r,
			    const struct resolve_provider *p);

/* A source for messages: "registry 'URL'", "git 'URL' (tag v1)", "'DIR'".
 * Caller frees. */
char *resolve_source_describe(const char *source);

void resolve_req_release(struct resolve_req *r);
void resolve_cands_release(struct resolve_cands *c,
			   const struct resolve_provider *p);

#endif
