/* SPDX-License-Identifier: MIT */
/* tree.c - osdk tree: the resolved package graph with versions and sources. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"
#include "core/manifest/manifest.h"
#include "core/resolve/source_id.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

const struct cmd_help cmd_tree_help = {
	.name = "tree",
	.usage = "[OPTIONS]",
	.summary = "Print the resolved dependency graph",
	.details =
		"Resolves the dependencies as a build would (through "
		"osdk.lock)\n"
		"and prints each package with its version and where it comes\n"
		"from: a directory, a registry, or a git repository and "
		"commit.\n"
		"A package whose dependencies were already shown is marked "
		"(*).",
	.examples = "  osdk tree\n"
		    "  osdk tree --depth 1 --ascii\n",
};

struct printer {
	const struct workspace *ws;
	bool *shown;
	bool ascii;
	int depth;
};

static void print_source(const struct ws_pkg *p)
{
	struct source_id id = SOURCE_ID_INIT;

	if (!p->source || source_id_parse(p->source, &id)) {
		printf(" (%s)", p->source ? p->source : p->dir);
		return;
	}
	if (id.kind == SOURCE_PATH) {
		printf(" (%s)", id.where);
	} else if (id.kind == SOURCE_REGISTRY) {
		printf(" (registry `%s`)", id.where);
	} else {
		printf(" (git `%s`", id.where);
		if (id.ref)
			printf(" %s %s", source_ref_key(id.ref_kind), id.ref);
		if (id.commit)
			printf(" #%.12s", id.commit);
		printf(")");
	}
	source_id_release(&id);
}

static void print_pkg(struct printer *pr, size_t i, struct strbuf *prefix,
		      int level)
{
	const struct ws_pkg *p = &pr->ws->pkgs[i];
	bool again = pr->shown[i] && p->ndeps;

	printf("%s v%s", p->m->package.name, p->m->package.version);
	print_source(p);
	printf("%s\n", again ? " (*)" : "");
	if (again || (pr->depth >= 0 && level >= pr->depth))
		return;
	pr->shown[i] = true;
	for (size_t d = 0; d < p->ndeps; d++) {
		bool last = d + 1 == p->ndeps;
		size_t keep = prefix->len;

		printf("%s%s", prefix->buf,
		       pr->ascii ? (last ? "`-- " : "|-- ")
				 : (last ? "└── " : "├── "));
		strbuf_adds(prefix, pr->ascii ? (last ? "    " : "|   ")
					      : (last ? "    " : "│   "));
		print_pkg(pr, p->deps[d], prefix, level + 1);
		prefix->len = keep;
		prefix->buf[keep] = '\0';
	}
}

int cmd_tree(int argc, char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec pos = STRVEC_INIT;
	struct workspace ws = WORKSPACE_INIT;
	struct workspace_opts wo = { 0 };
	struct printer pr = { 0 };
	bool quiet = false;
	int depth = 0;
	struct opt opts[] = {
		OPT_INT_("depth", 0, &depth, "N",
			 "show N levels of dependencies (default: all)"),
		OPT_FLAG_("ascii", 0, &pr.ascii, "draw with ASCII characters"),
		OPT_FLAG_("locked", 0, &wo.locked,
			  "fail if osdk.lock would have to change"),
		OPT_FLAG_("offline", 0, &wo.offline,
			  "use only what the cache holds"),
		OPT_FLAG_("quiet", 'q', &quiet, "print only errors"),
		OPT_END_(),
	};
	char cwd[4096];
	int ret;

	if (cli_parse(&cmd_tree_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	cli_quiet = quiet;
	if (pos.n) {
		cli_error("unexpected argument '%s' for 'osdk tree'", pos.v[0]);
		ret = EXIT_USAGE;
		goto out;
	}
	wo.ev = &cli_resolve_events;
	if (!getcwd(cwd, sizeof(cwd)))
		ret = err_set(&err, -errno,
			      "could not get the current "
			      "directory: %s",
			      strerror(errno));
	else
		ret = workspace_load_opts(cwd, &wo, &ws, &err);
	if (ret) {
		ret = cli_fail(&err);
		goto out;
	}
	pr.ws = &ws;
	pr.depth = depth > 0 ? depth : -1;
	pr.shown = xcalloc(ws.npkgs + 1, sizeof(bool));
	for (size_t t = 0; t < ws.ntargets; t++) {
		struct strbuf prefix = STRBUF_INIT;

		if (t)
			printf("\n");
		print_pkg(&pr, ws.targets[t], &prefix, 0);
		strbuf_release(&prefix);
	}
	free(pr.shown);
out:
	workspace_release(&ws);
	strvec_clear(&pos);
	return ret;
}
