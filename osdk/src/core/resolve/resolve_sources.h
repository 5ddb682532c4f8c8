/* SPDX-License-Identifier: MIT */
/* resolve_sources.h - the resolver's candidates from registries, git, paths. */
#ifndef OSDK_CORE_RESOLVE_SOURCES_H
#define OSDK_CORE_RESOLVE_SOURCES_H

/*
 * Private to resolve_ws.c, which runs the resolution for a workspace: this
 * half answers the resolver's questions ("which versions of blk does
 * registry X have?") from the cache, fetching through libgit2 when the
 * mode allows, and remembers what it fetched and opened for the unpacking
 * that follows.
 */

#include <stdbool.h>
#include <stddef.h>

#include "core/registry/index.h"
#include "core/registry/registry.h"
#include "core/resolve/resolve.h"

struct home_config;
struct lockfile;
struct manifest;
struct manifest_dep;
struct osdk_err;
struct resolve_events;

enum resolve_src_mode {
	RESOLVE_SRC_LOCKED, /* only what osdk.lock pins; fetch only if missing
			     */
	RESOLVE_SRC_FULL,   /* every version; fetch each source once */
};

enum resolve_src_kind {
	RESOLVE_SRC_REGISTRY,
	RESOLVE_SRC_GIT,
	RESOLVE_SRC_PATH,
};

/* What a candidate carries for the lock file and for unpacking. */
struct resolve_src_data {
	enum resolve_src_kind kind;
	char *url;    /* registry or git URL */
	char *commit; /* git: the commit; registry: the one to lock */
	char *dir;    /* git and path: the package's directory */
	struct index_entry entry; /* registry: its index line */
};

struct resolve_src_reg {
	char *url;
	struct registry r;
	bool fetched;
};

struct resolve_src_ctx {
	const char *home;
	const struct home_config *cfg;
	const struct lockfile *lock;
	enum resolve_src_mode mode;
	bool offline;
	/* The packages that may move; none: keep locked versions where
	 * possible. */
	const char *const *update_pkgs;
	size_t nupdate_pkgs;
	bool update_all;
	const char *precise; /* the only version update_pkgs[0] may have */
	char *precise_found; /* its registry's versions, "a, b" (owned) */
	bool precise_exists; /* the registry has that version */
	const struct resolve_events *ev;
	/* Registries opened (and maybe fetched) in this run. */
	struct resolve_src_reg *regs;
	size_t nregs;
	/* Git URLs fetched in this run. */
	char **git_fetched;
	size_t ngit;
};

/* The provider that asks ctx. */
void resolve_src_provider(struct resolve_src_ctx *ctx,
			  struct resolve_provider *p);

/* Close the registries and forget the fetches. */
void resolve_src_release(struct resolve_src_ctx *ctx);

/*
 * The requirement of dependency d of the manifest m: its name, version
 * requirement and source ("registry+URL" with the registry's name looked up
 * in the configuration, "git+URL?tag=T", "path+DIR"). Errors point at the
 * dependency's line in m.
 */
int resolve_src_dep(const struct resolve_src_ctx *ctx, const struct manifest *m,
		    const struct manifest_dep *d, struct resolve_req *out,
		    struct osdk_err *err);

/*
 * The snapshot of registry `url` this run uses, opened on first use:
 * fetched if not in the cache yet, or if `fresh` and not fetched yet in
 * this run (never when offline).
 */
int resolve_src_registry(struct resolve_src_ctx *ctx, const char *url,
			 bool fresh, struct registry **out,
			 struct osdk_err *err);

#endif
