/* SPDX-License-Identifier: MIT */
/* workspace.h - the package graph a command acts on. */
#ifndef OSDK_CORE_WORKSPACE_H
#define OSDK_CORE_WORKSPACE_H

#include <stdbool.h>
#include <stddef.h>

struct manifest;
struct osdk_err;

struct ws_pkg {
	struct manifest *m; /* owned */
	char *dir;	    /* absolute */
	size_t *deps;	    /* direct dependencies, indices into ws->pkgs */
	size_t ndeps;
	bool member; /* a workspace member, or the lone package itself */
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

/*
 * Find the manifest governing `cwd` (the nearest osdk.yaml above it, and a
 * workspace above that which lists it as a member), load every package
 * reachable through path dependencies, and order them. Errors: manifest
 * errors as manifest_load reports them; a member or path that holds no
 * osdk.yaml; two packages with one name; a dependency cycle, reported with
 * its chain ("a -> b -> a"); dependency kinds this build cannot resolve.
 */
int workspace_load(const char *cwd, struct workspace *ws,
		   struct osdk_err *err);

void workspace_release(struct workspace *ws);

/* Index of the package named `name`, or -1. */
long workspace_find(const struct workspace *ws, const char *name);

/*
 * The kernel to build or boot among the targets: exactly one target of type
 * kernel. -ENOENT when there is none, -EINVAL (naming them) when several.
 */
int workspace_kernel(const struct workspace *ws, size_t *idx,
		     struct osdk_err *err);

/* The workspace manifest for config inheritance (root, or NULL). */
const struct manifest *workspace_manifest(const struct workspace *ws);

/* Mark in `in` (npkgs bools) every package `idx` depends on, itself too. */
void workspace_closure(const struct workspace *ws, size_t idx, bool *in);

#endif
