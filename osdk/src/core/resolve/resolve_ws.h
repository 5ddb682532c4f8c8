/* SPDX-License-Identifier: MIT */
/* resolve_ws.h - resolving a workspace's registry and git dependencies. */
#ifndef OSDK_CORE_RESOLVE_WS_H
#define OSDK_CORE_RESOLVE_WS_H

#include <stdbool.h>
#include <stddef.h>

struct manifest;
struct osdk_err;

/* How the resolution reports progress; core code never prints itself. */
struct resolve_events {
	void *ctx;
	/* A cargo-style status line: "Updating", "registry `URL`". */
	void (*status)(void *ctx, const char *verb, const char *subject);
};

struct resolve_ws_opts {
	bool locked;  /* osdk.lock must not change */
	bool offline; /* use the cache only; never fetch */
	bool update;  /* osdk update: resolve again from fresh sources */
	/* With update: move only these (all when none). */
	const char *const *update_pkgs;
	size_t nupdate_pkgs;
	/* With one update_pkgs from a registry: that exact version, or an
	 * error naming the versions the registry has. */
	const char *precise;
	const struct resolve_events *ev;
};

/* A package the resolution brought in from a registry or git. */
struct resolve_fetched {
	struct manifest *m; /* loaded from dir; for a registry package the
			       dependencies are the index's */
	char *dir;	    /* its sources, ready to build */
	char *source;	    /* "registry+URL", "git+URL?tag=T#COMMIT",
			       "path+DIR" */
	char *sha256;	    /* registry: the checksum its archive matched */
};

struct resolve_ws_result {
	struct resolve_fetched *v;
	size_t n;
};

#define RESOLVE_WS_RESULT_INIT \
	{                      \
		NULL, 0        \
	}

/*
 * Resolve the registry and git dependencies of the workspace packages
 * `locals` (loaded from their directories; their path dependencies are
 * among them) and bring the chosen packages into $OSDK_HOME's cache.
 *
 * osdk.lock in `root_dir` comes first: when the versions it pins satisfy
 * every requirement, they are used as they are and nothing is fetched but
 * what the cache lacks. Otherwise (or with o->update) every source is
 * fetched once and resolved again, preferring the locked versions unless
 * updating them; the lock file is rewritten when it changes, and with
 * o->locked a change is an error listing it. Archives are checked against
 * the index's sha256 (and the lock file's) before they are unpacked. With
 * o->offline nothing is fetched and a missing registry, repository or
 * commit is an error naming it.
 *
 * The lock file is written only when some package comes from a registry or
 * git; a workspace of path dependencies needs none.
 */
int resolve_workspace(const char *root_dir,
		      const struct manifest *const *locals, size_t nlocals,
		      const struct resolve_ws_opts *o,
		      struct resolve_ws_result *out, struct osdk_err *err);

void resolve_ws_result_release(struct resolve_ws_result *r);

/*
 * resolve_check_path_versions() - a path dependency's `version` is a
 * requirement like any other: the package found at the path must satisfy
 * it. Path packages are never solved for (there is one), so this is where
 * it is checked. -EINVAL naming the manifest, line and column otherwise.
 */
int resolve_check_path_versions(const struct manifest *const *locals,
				size_t nlocals, struct osdk_err *err);

#endif
