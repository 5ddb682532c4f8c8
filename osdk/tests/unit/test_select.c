/* SPDX-License-Identifier: MIT */
/* test_select.c - -p, --workspace and --exclude on a loaded workspace. */
#include "unit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/manifest/manifest.h"
#include "core/resolve/select.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"

static char root[] = "/tmp/osdk-unit-select.XXXXXX";

/* A workspace of k (kernel, depends on a), a and b, loaded from @rel. */
static void load(const char *rel, struct workspace *ws)
{
	struct osdk_err err = OSDK_ERR_INIT;
	char *dir;

	if (unit_tmpdir(root)) {
		unit_put(root, "osdk.yaml", "workspace: { members: [k, a, b] }\n");
		unit_put(root, "k/osdk.yaml",
		    "package: { name: k, version: 0.1.0, type: kernel }\n"
		    "dependencies: { a: { path: ../a } }\n");
		unit_put(root, "a/osdk.yaml", "package: { name: a, version: 1.0.0 }\n");
		unit_put(root, "b/osdk.yaml", "package: { name: b, version: 2.0.0 }\n");
	}
	dir = fs_join(root, rel);
	CHECK_INT(workspace_load(dir, ws, &err), 0);
	free(dir);
}

/* The targets' names, joined by spaces. */
static const char *targets(const struct workspace *ws)
{
	static char buf[256];

	buf[0] = '\0';
	for (size_t t = 0; t < ws->ntargets; t++) {
		if (t)
			strcat(buf, " ");
		strcat(buf, ws->pkgs[ws->targets[t]].m->package.name);
	}
	return buf;
}

UNIT(no_flags_keep_the_default)
{
	struct workspace ws = WORKSPACE_INIT;
	struct ws_select sel = { 0 };
	struct osdk_err err = OSDK_ERR_INIT;

	load("b", &ws);
	CHECK_INT(ws_select_apply(&ws, &sel, &err), 0);
	CHECK_STR(targets(&ws), "b");
	workspace_release(&ws);
	load(".", &ws);
	CHECK_INT(ws_select_apply(&ws, &sel, &err), 0);
	CHECK_STR(targets(&ws), "a k b");
	workspace_release(&ws);
}

UNIT(packages_select_in_dependency_order)
{
	struct workspace ws = WORKSPACE_INIT;
	const char *names[] = { "k", "a" };
	struct ws_select sel = { .packages = names, .npackages = 2 };
	struct osdk_err err = OSDK_ERR_INIT;

	load("b", &ws);
	CHECK_INT(ws_select_apply(&ws, &sel, &err), 0);
	CHECK_STR(targets(&ws), "a k");
	CHECK(ws_is_target(&ws, (size_t)workspace_find(&ws, "k")));
	CHECK(!ws_is_target(&ws, (size_t)workspace_find(&ws, "b")));
	workspace_release(&ws);
}

UNIT(workspace_and_exclude)
{
	struct workspace ws = WORKSPACE_INIT;
	const char *ex[] = { "k" };
	struct ws_select sel = { .excludes = ex,
				 .nexcludes = 1,
				 .workspace = true };
	struct osdk_err err = OSDK_ERR_INIT;

	load("a", &ws);
	CHECK_INT(ws_select_apply(&ws, &sel, &err), 0);
	CHECK_STR(targets(&ws), "a b");
	workspace_release(&ws);
}

UNIT(unknown_name_suggests_and_lists_members)
{
	struct workspace ws = WORKSPACE_INIT;
	const char *names[] = { "kk" };
	struct ws_select sel = { .packages = names, .npackages = 1 };
	struct osdk_err err = OSDK_ERR_INIT;

	load(".", &ws);
	CHECK_INT(ws_select_apply(&ws, &sel, &err), -ENOENT);
	CHECK_HAS(err.msg, "no package 'kk' in this workspace; did you "
			   "mean 'k'?");
	CHECK_HAS(err.msg, "(members: a, k, b)");
	CHECK_STR(targets(&ws), "a k b"); /* untouched on error */
	workspace_release(&ws);
}

UNIT(excluding_everything_is_an_error)
{
	struct workspace ws = WORKSPACE_INIT;
	const char *ex[] = { "b" };
	struct ws_select sel = { .excludes = ex, .nexcludes = 1 };
	struct osdk_err err = OSDK_ERR_INIT;

	load("b", &ws);
	CHECK_INT(ws_select_apply(&ws, &sel, &err), -EINVAL);
	CHECK_HAS(err.msg, "leaves no package");
	workspace_release(&ws);
}

UNIT(duplicates_are_names_seen_twice)
{
	struct workspace ws = WORKSPACE_INIT;
	bool in[3] = { true, true, true }, dup[3];

	load(".", &ws);
	CHECK_INT(ws_duplicates(&ws, in, dup), 0);
	/* The resolver never makes one; stand a second 'a' in for b. */
	free(ws.pkgs[2].m->package.name);
	ws.pkgs[2].m->package.name = xstrdup("a");
	CHECK_INT(ws_duplicates(&ws, in, dup), 2);
	CHECK(dup[0] && !dup[1] && dup[2]);
	in[2] = false; /* outside the part looked at */
	CHECK_INT(ws_duplicates(&ws, in, dup), 0);
	workspace_release(&ws);
}

UNIT_MAIN()
