/* SPDX-License-Identifier: MIT */
/* test_resolve.c - version selection over an in-memory registry. */
#include "unit.h"

#include <errno.h>
#include <stdlib.h>

#include "core/resolve/resolve.h"
#include "util/err.h"
#include "util/xalloc.h"

#define REG   "registry+mem:///r"
#define OTHER "git+file:///x"

/* "name version [dep:req ...] [!yanked] [*preferred]" */
struct fake {
	const char *const *pkgs;
	int queries;
};

static void add_dep(struct resolve_cand *c, const char *word)
{
	const char *colon = strchr(word, ':');
	const char *at = strchr(word, '@');
	struct resolve_req *r;

	c->deps = xrealloc(c->deps, (c->ndeps + 1) * sizeof(*c->deps));
	r = &c->deps[c->ndeps++];
	r->name = xstrndup(word, (size_t)(colon - word));
	r->req = at ? xstrndup(colon + 1, (size_t)(at - colon - 1))
		    : xstrdup(colon + 1);
	r->source = xstrdup(at ? OTHER : REG);
}

static int fake_query(void *ctx, const char *name, const char *source,
		      struct resolve_cands *out, struct osdk_err *err)
{
	struct fake *f = ctx;

	f->queries++;
	memset(out, 0, sizeof(*out));
	for (const char *const *p = f->pkgs; *p; p++) {
		char *copy = xstrdup(*p), *save = NULL;
		char *w = strtok_r(copy, " ", &save);
		const char *src = REG;
		struct resolve_cand c = { 0 };

		if (!strcmp(w, "git")) {
			src = OTHER;
			w = strtok_r(NULL, " ", &save);
		}
		if (strcmp(w, name) != 0 || strcmp(src, source) != 0) {
			free(copy);
			continue;
		}
		c.version = xstrdup(strtok_r(NULL, " ", &save));
		while ((w = strtok_r(NULL, " ", &save))) {
			if (!strcmp(w, "!yanked"))
				c.yanked = true;
			else if (!strcmp(w, "*preferred"))
				c.preferred = true;
			else
				add_dep(&c, w);
		}
		out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
		out->v[out->n++] = c;
		free(copy);
	}
	if (!out->n)
		return err_set(err, -ENOENT, "no package named '%s' in %s",
			       name, source);
	return 0;
}

static struct resolve_provider provider(struct fake *f)
{
	struct resolve_provider p = { f, fake_query, NULL };

	return p;
}

/* Resolve root k v0.1.0 with deps "name:req" (or "name:req@" for git). */
static int run(const char *const *pkgs, const char *const *deps,
	       struct resolve_result *res, struct osdk_err *err)
{
	struct fake f = { pkgs, 0 };
	struct resolve_provider p = provider(&f);
	struct resolve_cand tmp = { 0 };
	struct resolve_root root = { "k", "0.1.0", NULL, 0 };
	int ret;

	for (; *deps; deps++)
		add_dep(&tmp, *deps);
	root.deps = tmp.deps;
	root.ndeps = tmp.ndeps;
	ret = resolve_run(&root, 1, &p, res, err);
	for (size_t i = 0; i < tmp.ndeps; i++)
		resolve_req_release(&tmp.deps[i]);
	free(tmp.deps);
	return ret;
}

static const char *version_of(const struct resolve_result *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].name, name))
			return r->v[i].version;
	return "(none)";
}

UNIT(highest_compatible_versions_across_the_graph)
{
	static const char *const pkgs[] = {
		"blk 0.1.0 log:^1", "blk 0.1.3 log:^1.2",
		"blk 0.2.0 log:^2", "log 1.1.0",
		"log 1.2.5",	    "log 1.3.0-rc.1",
		"log 2.0.0",	    NULL,
	};
	static const char *const deps[] = { "blk:^0.1", NULL };
	struct resolve_result res;
	struct osdk_err err = OSDK_ERR_INIT;

	CHECK_INT(run(pkgs, deps, &res, &err), 0);
	CHECK_INT(res.n, 2);
	CHECK_STR(version_of(&res, "blk"), "0.1.3");
	CHECK_STR(version_of(&res, "log"), "1.2.5");
	CHECK_STR(res.v[0].source, REG);
	resolve_result_release(&res, NULL);
}

UNIT(backtracks_to_an_older_version)
{
	/* The newest a needs log ^2, which k's own log ^1 forbids. */
	static const char *const pkgs[] = {
		"a 1.0.0 log:^1",
		"a 1.1.0 log:^2",
		"log 1.0.0",
		"log 2.0.0",
		NULL,
	};
	static const char *const deps[] = { "a:^1", "log:^1", NULL };
	struct resolve_result res;
	struct osdk_err err = OSDK_ERR_INIT;

	CHECK_INT(run(pkgs, deps, &res, &err), 0);
	CHECK_STR(version_of(&res, "a"), "1.0.0");
	CHECK_STR(version_of(&res, "log"), "1.0.0");
	resolve_result_release(&res, NULL);
}

UNIT(conflict_explained_with_requirement_chains)
{
	static const char *const pkgs[] = {
		"blk 0.1.0 log:^1",
		"blk 0.1.1 log:^1",
		"fs 0.2.0 log:^2",
		"log 1.0.0",
		"log 2.0.0",
		"log 2.1.0 !yanked",
		NULL,
	};
	static const char *const deps[] = { "blk:^0.1", "fs:^0.2", NULL };
	struct resolve_result res;
	struct osdk_err err = OSDK_ERR_INIT;

	CHECK_INT(run(pkgs, deps, &res, &err), -ENOENT);
	CHECK_HAS(err.msg, "no version of 'log' satisfies all requirements:");
	CHECK_HAS(err.msg, "\n  k v0.1.0 -> blk v0.1.1 -> log ^1");
	CHECK_HAS(err.msg, "\n  k v0.1.0 -> fs v0.2.0 -> log ^2");
	CHECK_HAS(err.msg, "versions in registry 'mem:///r': 2.1.0 (yanked), "
			   "2.0.0, 1.0.0");
}

UNIT(missing_version_and_missing_package)
{
	static const char *const pkgs[] = { "blk 0.1.0", NULL };
	static const char *const want_new[] = { "blk:^0.2", NULL };
	static const char *const want_gone[] = { "gone:^1", NULL };
	struct resolve_result res;
	struct osdk_err err = OSDK_ERR_INIT;

	CHECK_INT(run(pkgs, want_new, &res, &err), -ENOENT);
	CHECK_HAS(err.msg, "no version of 'blk' matches the requirement:\n"
			   "  k v0.1.0 -> blk ^0.2\n"
			   "versions in registry 'mem:///r': 0.1.0");
	CHECK_INT(run(pkgs, want_gone, &res, &err), -ENOENT);
	CHECK_HAS(err.msg, "cannot find 'gone', which is required by:\n"
			   "  k v0.1.0 -> gone ^1\nno package named 'gone'");
}

UNIT(yanked_only_when_preferred)
{
	static const char *const plain[] = { "blk 0.1.0", "blk 0.1.1 !yanked",
					     NULL };
	static const char *const locked[] = { "blk 0.1.0",
					      "blk 0.1.1 !yanked *preferred",
					      "blk 0.1.2", NULL };
	static const char *const deps[] = { "blk:^0.1", NULL };
	struct resolve_result res;
	struct osdk_err err = OSDK_ERR_INIT;

	CHECK_INT(run(plain, deps, &res, &err), 0);
	CHECK_STR(version_of(&res, "blk"), "0.1.0");
	resolve_result_release(&res, NULL);
	CHECK_INT(run(locked, deps, &res, &err), 0);
	CHECK_STR(version_of(&res, "blk"), "0.1.1");
	resolve_result_release(&res, NULL);
}

UNIT(prereleases_need_asking)
{
	static const char *const pkgs[] = { "blk 1.0.0", "blk 1.1.0-rc.1",
					    NULL };
	static const char *const plain[] = { "blk:^1", NULL };
	static const char *const pre[] = { "blk:>=1.1.0-rc.1", NULL };
	struct resolve_result res;
	struct osdk_err err = OSDK_ERR_INIT;

	CHECK_INT(run(pkgs, plain, &res, &err), 0);
	CHECK_STR(version_of(&res, "blk"), "1.0.0");
	resolve_result_release(&res, NULL);
	CHECK_INT(run(pkgs, pre, &res, &err), 0);
	CHECK_STR(version_of(&res, "blk"), "1.1.0-rc.1");
	resolve_result_release(&res, NULL);
}

UNIT(one_source_per_name)
{
	static const char *const pkgs[] = { "blk 0.1.0 log:^1@", "log 1.0.0",
					    "git log 1.0.0", NULL };
	static const char *const deps[] = { "blk:^0.1", "log:^1", NULL };
	struct resolve_result res;
	struct osdk_err err = OSDK_ERR_INIT;

	CHECK_INT(run(pkgs, deps, &res, &err), -EINVAL);
	CHECK_HAS(err.msg, "package 'log' is required from two different "
			   "sources:");
	CHECK_HAS(err.msg, "k v0.1.0 -> log ^1 from registry 'mem:///r'");
	CHECK_HAS(err.msg, "k v0.1.0 -> blk v0.1.0 -> log ^1 from git "
			   "'file:///x'");
}

UNIT(workspace_package_stands_in)
{
	static const char *const pkgs[] = { "blk 0.1.0 k:^0.1",
					    "blk 0.2.0 k:^0.2", NULL };
	static const char *const ok[] = { "blk:^0.1", NULL };
	static const char *const bad[] = { "blk:^0.2", NULL };
	struct resolve_result res;
	struct osdk_err err = OSDK_ERR_INIT;

	CHECK_INT(run(pkgs, ok, &res, &err), 0);
	CHECK_INT(res.n, 1);
	resolve_result_release(&res, NULL);
	CHECK_INT(run(pkgs, bad, &res, &err), -ENOENT);
	CHECK_HAS(err.msg, "the workspace's own 'k' v0.1.0 stands in");
	CHECK_HAS(err.msg, "k v0.1.0 -> blk v0.2.0 -> k ^0.2");
}

UNIT(each_source_is_asked_once)
{
	static const char *const pkgs[] = {
		"a 1.0.0 c:^1", "b 1.0.0 c:^1", "c 1.0.0", "c 1.1.0", NULL,
	};
	static const char *const deps[] = { "a:^1", "b:^1", NULL };
	struct fake f = { pkgs, 0 };
	struct resolve_provider p = provider(&f);
	struct resolve_cand tmp = { 0 };
	struct resolve_root root = { "k", "0.1.0", NULL, 0 };
	struct resolve_result res;
	struct osdk_err err = OSDK_ERR_INIT;

	for (const char *const *d = deps; *d; d++)
		add_dep(&tmp, *d);
	root.deps = tmp.deps;
	root.ndeps = tmp.ndeps;
	CHECK_INT(resolve_run(&root, 1, &p, &res, &err), 0);
	CHECK_INT(f.queries, 3);
	CHECK_STR(version_of(&res, "c"), "1.1.0");
	resolve_result_release(&res, NULL);
	for (size_t i = 0; i < tmp.ndeps; i++)
		resolve_req_release(&tmp.deps[i]);
	free(tmp.deps);
}

UNIT_MAIN()
