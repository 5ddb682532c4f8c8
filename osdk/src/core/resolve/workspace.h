/* SPDX-License-Identifier: MIT */
/* workspace.h - the package graph a command acts on. */
#ifndef OSDK_CORE_WORKSPACE_H
#define OSDK_CORE_WORKSPACE_H

#include <stdbool.h>
#include <stddef.h>

struct manifest;
struct osdk_err;
struct resolve_events;

/* Whether a package is trusted; trust.h decides, when the workspace loads. */
enum ws_trust {
	WS_UNTRUSTED = 0, /* claims nothing */
	WS_TRUSTED,	  /* claims trust, from a source that may grant it */
	WS_CLAIM_REFUSED, /* claims trust, from a source that may not */
};

struct ws_pkg {
	struct manifest *m; /* owned */
	char *dir;	    /* absolute */
	size_t *deps;	    /* direct dependencies, indices into ws->pkgs */
	size_t ndeps;
	bool member; /* a workspace member, or the lone package itself */
	/* Where it came from: NULL for the workspace's own packages (members
	 * and their path dependencies), else a resolver source such as
	 * "registry+URL" or "git+URL?tag=T#COMMIT" (see resolve.h). */
	char *source;
	/* Registry packages: the archive's sha256 as the index (and
	 * osdk.lock) record it, checked before it was unpacked; else NULL. */
	char *sha256;
	enum ws_trust trust;
};

struct workspace {
	struct manifest *root; /* the workspace manifest, or NULL */
	char *root_dir;	       /* where target/ lives */
	/* Every package reached, dependencies before their dependants. */
	struct ws_pkg *pkgs;
	size_t npkgs;
	/* The packages the command acts on: the package in the current
	 * directory, or every member when the cwd holds only a workspace. */
	size_t *targets;
	size_t ntargets;
};

#define WORKSPACE_INIT { 0 }

/* How workspace_load_opts resolves registry and git dependencies. */
struct workspace_opts {
	bool locked;	 /* --locked: osdk.lock must not change */
	bool offline;	 /* --offline: the cache only */
	bool update;	 /* osdk update: resolve again from fresh sources */
	/* With update: only these packages move (all when none). */
	const char *const *update_pkgs;
	size_t nupdate_pkgs;
	const char *precise; /* with one update_pkgs: exactly this version */
	const struct resolve_events *ev; /* progress lines; may be NULL */
};

/*
 * Find the manifest governing `cwd` (the nearest osdk.yaml above it, and a
 * workspace above that which lists it as a member), load every package
 * reachable through path dependencies, resolve the registry and git ones
 * through osdk.lock and the cache (resolve_ws.h), and order them all.
 * Errors: manifest errors as manifest_load reports them; a member or path
 * that holds no osdk.yaml; two packages with one name; a dependency cycle,
 * reported with its chain ("a -> b -> a"); what resolve_workspace reports.
 */
int workspace_load_opts(const char *cwd, const struct workspace_opts *o,
			struct workspace *ws, struct osdk_err *err);

/* workspace_load_opts with default options: lock file honoured and
 * updated when needed, fetching allowed, no progress lines. */
int workspace_load(const char *cwd, struct workspace *ws,
		   struct osdk_err *err);

void workspace_release(struct workspace *ws);

/* Index of the package named `name`, or -1. */
long workspace_find(const struct workspace *ws, const char *name);

/*
 * The kernel to build or boot among the targets: exactly one target of type
 * kernel. -ENOENT when there is none, -EINVAL (naming them) when several.
 * @cmd names the command that needs it, for the message.
 */
int workspace_kernel(const struct workspace *ws, const char *cmd,
		     size_t *idx, struct osdk_err *err);

/* The workspace manifest for config inheritance (root, or NULL). */
const struct manifest *workspace_manifest(const struct workspace *ws);

/* Mark in `in` (npkgs bools) every package `idx` depends on, itself too. */
void workspace_closure(const struct workspace *ws, size_t idx, bool *in);

#endif
