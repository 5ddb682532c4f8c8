/* SPDX-License-Identifier: MIT */
/* select.h - which packages of a workspace a command acts on. */
#ifndef OSDK_CORE_RESOLVE_SELECT_H
#define OSDK_CORE_RESOLVE_SELECT_H

#include <stdbool.h>
#include <stddef.h>

struct osdk_err;
struct workspace;

/*
 * What the command line asked for: -p NAME (any number), --workspace,
 * --exclude NAME (any number). All empty keeps the workspace's own choice
 * (the package of the current directory, or every member at a workspace
 * root without a package).
 */
struct ws_select {
	const char *const *packages;
	size_t npackages;
	const char *const *excludes;
	size_t nexcludes;
	bool workspace;
};

/*
 * ws_select_apply() - replace ws->targets with the selection, in the
 * workspace's dependency order. A -p name may be any package of the
 * resolved graph (a member, a path dependency, a registry or git one);
 * --workspace takes every member; --exclude then drops the names it lists.
 * Errors: -ENOENT for a name that is in the graph nowhere (the message
 * names the closest package and lists the members); -EINVAL when the
 * exclusions leave nothing.
 */
int ws_select_apply(struct workspace *ws, const struct ws_select *sel,
		    struct osdk_err *err);

/*
 * ws_select_lookup() - the index of package @name, or -ENOENT with the
 * message ws_select_apply gives for an unknown name.
 */
long ws_select_lookup(const struct workspace *ws, const char *name,
		      struct osdk_err *err);

/*
 * ws_duplicates() - mark in @dup (npkgs bools) every package of @in (npkgs
 * bools: the part of the graph to look at) whose name another package of
 * @in has too (another version or source). Returns how many are marked.
 * The resolver keeps one version and source per name, so a resolved graph
 * has none; this is what `osdk tree --duplicates` would show otherwise.
 */
size_t ws_duplicates(const struct workspace *ws, const bool *in, bool *dup);

/* Whether package index @p is among ws->targets. */
bool ws_is_target(const struct workspace *ws, size_t p);

#endif
