/* SPDX-License-Identifier: MIT */
/* select.c - -p, --workspace and --exclude applied to a loaded workspace. */
#include "core/resolve/select.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/manifest/manifest.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/suggest.h"
#include "util/xalloc.h"

/* "a, b, c": the members, in the workspace's order. */
static void member_list(const struct workspace *ws, struct strbuf *sb)
{
	size_t n = 0;

	for (size_t i = 0; i < ws->npkgs; i++) {
		if (!ws->pkgs[i].member)
			continue;
		strbuf_addf(sb, "%s%s", n++ ? ", " : "",
			    ws->pkgs[i].m->package.name);
	}
}

long ws_select_lookup(const struct workspace *ws, const char *name,
		      struct osdk_err *err)
{
	const char **names;
	const char *best;
	struct strbuf members = STRBUF_INIT;
	long idx = workspace_find(ws, name);

	if (idx >= 0)
		return idx;
	names = xcalloc(ws->npkgs + 1, sizeof(*names));
	for (size_t i = 0; i < ws->npkgs; i++)
		names[i] = ws->pkgs[i].m->package.name;
	best = suggest_closest(name, names);
	member_list(ws, &members);
	if (best)
		err_set(err, -ENOENT,
			"no package '%s' in this workspace; did you mean "
			"'%s'? (members: %s)",
			name, best, members.buf);
	else
		err_set(err, -ENOENT,
			"no package '%s' in this workspace (members: %s)", name,
			members.buf);
	strbuf_release(&members);
	free(names);
	return -ENOENT;
}

size_t ws_duplicates(const struct workspace *ws, const bool *in, bool *dup)
{
	size_t n = 0;

	for (size_t i = 0; i < ws->npkgs; i++) {
		dup[i] = false;
		for (size_t j = 0; j < ws->npkgs && !dup[i]; j++)
			dup[i] = i != j && in[i] && in[j] &&
				 !strcmp(ws->pkgs[i].m->package.name,
					 ws->pkgs[j].m->package.name);
		n += dup[i];
	}
	return n;
}

bool ws_is_target(const struct workspace *ws, size_t p)
{
	for (size_t i = 0; i < ws->ntargets; i++)
		if (ws->targets[i] == p)
			return true;
	return false;
}

int ws_select_apply(struct workspace *ws, const struct ws_select *sel,
		    struct osdk_err *err)
{
	bool *in = xcalloc(ws->npkgs + 1, sizeof(bool));
	size_t n = 0;
	long idx;
	int ret = 0;

	if (sel->npackages) {
		for (size_t i = 0; i < sel->npackages; i++) {
			idx = ws_select_lookup(ws, sel->packages[i], err);
			if (idx < 0) {
				ret = (int)idx;
				goto out;
			}
			in[idx] = true;
		}
	} else if (sel->workspace) {
		for (size_t i = 0; i < ws->npkgs; i++)
			in[i] = ws->pkgs[i].member;
	} else {
		for (size_t t = 0; t < ws->ntargets; t++)
			in[ws->targets[t]] = true;
	}
	for (size_t i = 0; i < sel->nexcludes; i++) {
		idx = ws_select_lookup(ws, sel->excludes[i], err);
		if (idx < 0) {
			ret = (int)idx;
			goto out;
		}
		in[idx] = false;
	}
	/* ws->pkgs is in dependency order: keep it for the targets. */
	for (size_t i = 0; i < ws->npkgs; i++)
		if (in[i])
			ws->targets[n++] = i;
	if (!n) {
		ret = err_set(err, -EINVAL,
			      "--exclude leaves no package to act on");
		goto out;
	}
	ws->ntargets = n;
out:
	free(in);
	return ret;
}
