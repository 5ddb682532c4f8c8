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
#include "core/resolve/select.h"
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
		"(*).\n"
		"\n"
		"-p NAME prints the tree of package NAME (repeatable) instead "
		"of\n"
		"the current package's (every member's at a workspace root).\n"
		"-i NAME inverts the tree: NAME at the top, below it the "
		"packages\n"
		"that depend on it, up to the selected ones. --duplicates "
		"prints,\n"
		"inverted, each package present in more than one version or\n"
		"source. --manifest-path starts from that osdk.yaml instead "
		"of\n"
		"the current directory's.",
	.examples = "  osdk tree\n"
		    "  osdk tree --depth 1 --ascii\n"
		    "  osdk tree -i frame        # who depends on the frame\n"
		    "  osdk tree --duplicates\n",
};

struct printer {
	const struct workspace *ws;
	bool *shown;
	bool *in; /* the packages the selected ones reach */
	bool ascii;
	bool invert;
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

/* The packages drawn below package i: its dependencies, or with -i the
 * packages that depend on it. */
static size_t below(const struct printer *pr, size_t i, size_t *out)
{
	const struct ws_pkg *p = &pr->ws->pkgs[i];
	size_t n = 0;

	if (!pr->invert) {
		for (size_t d = 0; d < p->ndeps; d++)
			out[n++] = p->deps[d];
		return n;
	}
	for (size_t j = 0; j < pr->ws->npkgs; j++) {
		const struct ws_pkg *q = &pr->ws->pkgs[j];

		if (!pr->in[j])
			continue;
		for (size_t d = 0; d < q->ndeps; d++)
			if (q->deps[d] == i) {
				out[n++] = j;
				break;
			}
	}
	return n;
}

static void print_pkg(struct printer *pr, size_t i, struct strbuf *prefix,
		      int level)
{
	const struct ws_pkg *p = &pr->ws->pkgs[i];
	size_t *next = xcalloc(pr->ws->npkgs + 1, sizeof(size_t));
	size_t n = below(pr, i, next);
	bool again = pr->shown[i] && n;

	printf("%s v%s", p->m->package.name, p->m->package.version);
	print_source(p);
	printf("%s\n", again ? " (*)" : "");
	if (again || (pr->depth >= 0 && level >= pr->depth))
		goto out;
	pr->shown[i] = true;
	for (size_t d = 0; d < n; d++) {
		bool last = d + 1 == n;
		size_t keep = prefix->len;

		printf("%s%s", prefix->buf,
		       pr->ascii ? (last ? "`-- " : "|-- ")
				 : (last ? "└── " : "├── "));
		strbuf_adds(prefix, pr->ascii ? (last ? "    " : "|   ")
					      : (last ? "    " : "│   "));
		print_pkg(pr, next[d], prefix, level + 1);
		prefix->len = keep;
		prefix->buf[keep] = '\0';
	}
out:
	free(next);
}

/* Print the trees of @roots (npkgs bools), a blank line between two. */
static void print_roots(struct printer *pr, const bool *roots)
{
	bool first = true;

	for (size_t i = 0; i < pr->ws->npkgs; i++) {
		struct strbuf prefix = STRBUF_INIT;

		if (!roots[i])
			continue;
		if (!first)
			printf("\n");
		first = false;
		print_pkg(pr, i, &prefix, 0);
		strbuf_release(&prefix);
	}
}

int cmd_tree(int argc, char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec pos = STRVEC_INIT;
	struct workspace ws = WORKSPACE_INIT;
	struct workspace_opts wo = { 0 };
	struct pkg_flags pf = { 0 };
	struct printer pr = { 0 };
	const char *invert = NULL;
	bool quiet = false, dups = false, *roots = NULL;
	int depth = 0;
	struct opt opts[] = {
		PKG_OPT_PACKAGE(&pf, "the tree of package NAME (repeatable)"),
		PKG_OPT_MANIFEST(&pf),
		OPT_STR_("invert", 'i', &invert, "NAME",
			 "who depends on NAME, up to the selected packages"),
		OPT_FLAG_("duplicates", 'd', &dups,
			  "packages present in several versions or sources, "
			  "with who depends on each"),
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
	size_t ndup;
	long idx;
	int ret;

	if (cli_parse(&cmd_tree_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	cli_quiet = quiet;
	if (pos.n) {
		cli_error("unexpected argument '%s' for 'osdk tree'", pos.v[0]);
		ret = EXIT_USAGE;
		goto out;
	}
	if (invert && dups) {
		cli_error("'--invert' and '--duplicates' cannot be used "
			  "together");
		ret = EXIT_USAGE;
		goto out;
	}
	wo.ev = &cli_resolve_events;
	ret = cli_load(&pf, &wo, 0, &ws);
	if (ret)
		goto out;
	pr.ws = &ws;
	pr.depth = depth > 0 ? depth : -1;
	pr.shown = xcalloc(ws.npkgs + 1, sizeof(bool));
	pr.in = xcalloc(ws.npkgs + 1, sizeof(bool));
	roots = xcalloc(ws.npkgs + 1, sizeof(bool));
	for (size_t t = 0; t < ws.ntargets; t++)
		workspace_closure(&ws, ws.targets[t], pr.in);
	if (invert) {
		idx = ws_select_lookup(&ws, invert, &err);
		if (idx < 0) {
			cli_error("%s", err.msg);
			ret = EXIT_USAGE;
			goto out;
		}
		if (!pr.in[idx]) {
			cli_error("package '%s' is not a dependency of the "
				  "selected packages",
				  invert);
			ret = 1;
			goto out;
		}
		pr.invert = true;
		roots[idx] = true;
	} else if (dups) {
		pr.invert = true;
		ndup = ws_duplicates(&ws, pr.in, roots);
		if (!ndup)
			cli_status("Finished", "no package is present in more "
					       "than one version or source");
	} else {
		for (size_t t = 0; t < ws.ntargets; t++)
			roots[ws.targets[t]] = true;
	}
	print_roots(&pr, roots);
out:
	free(roots);
	free(pr.shown);
	free(pr.in);
	pkg_flags_release(&pf);
	workspace_release(&ws);
	strvec_clear(&pos);
	return ret;
}
