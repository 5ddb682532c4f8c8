/* SPDX-License-Identifier: MIT */
/* workspace.c - find the manifests, follow path dependencies, order them. */
#include "core/resolve/workspace.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/manifest/manifest.h"
#include "core/resolve/resolve_ws.h"
#include "core/resolve/trust.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define MANIFEST_NAME "osdk.yaml"

/* Packages are loaded into `all` first, then emitted in dependency order. */
struct loader {
	struct ws_pkg *all;
	size_t nall, cap;
	int *state; /* 0 = new, 1 = on the DFS stack, 2 = done */
	size_t *stack;
	size_t nstack;
	size_t *order;
	size_t norder;
	bool resolved; /* registry and git packages are loaded too */
	bool pending;  /* some dependency waits for the resolver */
};

static long find_dir(const struct loader *l, const char *dir)
{
	for (size_t i = 0; i < l->nall; i++)
		if (strcmp(l->all[i].dir, dir) == 0)
			return (long)i;
	return -1;
}

/* Load the package in `dir` (absolute) unless already loaded. */
static int load_pkg(struct loader *l, const char *dir, const char *why,
		    long *idx, struct osdk_err *err)
{
	struct manifest *m = NULL;
	char *path;
	int ret;

	*idx = find_dir(l, dir);
	if (*idx >= 0)
		return 0;
	path = fs_join(dir, MANIFEST_NAME);
	if (!fs_exists(path)) {
		ret = err_set(err, -ENOENT, "%s: no '%s' in '%s'", why,
			      MANIFEST_NAME, dir);
		goto out_free;
	}
	ret = manifest_load(path, &m, err);
	if (ret)
		goto out_free;
	if (!m->has_package) {
		ret = err_set(err, -EINVAL, "%s: '%s' has no 'package' section",
			      why, path);
		manifest_free(m);
		goto out_free;
	}
	for (size_t i = 0; i < l->nall; i++) {
		if (strcmp(l->all[i].m->package.name, m->package.name) == 0) {
			ret = err_set(
				err, -EINVAL,
				"two packages are named '%s': '%s' and '%s'",
				m->package.name, l->all[i].dir, dir);
			manifest_free(m);
			goto out_free;
		}
	}
	XGROW(l->all, l->cap, l->nall + 1);
	memset(&l->all[l->nall], 0, sizeof(l->all[0]));
	l->all[l->nall].m = m;
	l->all[l->nall].dir = xstrdup(dir);
	*idx = (long)l->nall++;
out_free:
	free(path);
	return ret;
}

/* Link package i's registry or git dependency d to the package of its
 * name, once the resolver has brought it in. */
static int link_by_name(struct loader *l, size_t i,
			const struct manifest_dep *dep, struct osdk_err *err)
{
	for (size_t j = 0; j < l->nall; j++) {
		if (strcmp(l->all[j].m->package.name, dep->name) != 0)
			continue;
		l->all[i].deps[l->all[i].ndeps++] = j;
		return 0;
	}
	return err_set(err, -ENOENT,
		       "%s:%d:%d: dependency '%s' was not "
		       "resolved",
		       l->all[i].m->path, dep->pos.line, dep->pos.col,
		       dep->name);
}

/* Load the direct dependencies of package i (recursively, breadth later). */
static int load_deps(struct loader *l, size_t i, struct osdk_err *err)
{
	/* l->all may move while loading: index, never hold pointers. */
	size_t ndeps = l->all[i].m->ndeps;

	l->all[i].deps = xcalloc(ndeps, sizeof(size_t));
	for (size_t d = 0; d < ndeps; d++) {
		const struct manifest_dep *dep = &l->all[i].m->deps[d];
		const char *mpath = l->all[i].m->path;
		char *why;
		long j;
		int ret;

		if (dep->kind != MANIFEST_DEP_PATH) {
			if (!l->resolved) {
				l->pending = true;
				continue;
			}
			ret = link_by_name(l, i, dep, err);
			if (ret)
				return ret;
			continue;
		}
		why = xasprintf("%s:%d:%d: dependency '%s'", mpath,
				dep->pos.line, dep->pos.col, dep->name);
		ret = load_pkg(l, dep->path, why, &j, err);
		free(why);
		if (ret)
			return ret;
		if (strcmp(l->all[j].m->package.name, dep->name) != 0)
			return err_set(err, -EINVAL,
				       "%s:%d:%d: dependency '%s' points at "
				       "'%s', which is package '%s'",
				       mpath, dep->pos.line, dep->pos.col,
				       dep->name, dep->path,
				       l->all[j].m->package.name);
		l->all[i].deps[l->all[i].ndeps++] = (size_t)j;
		if (!l->all[j].deps) {
			ret = load_deps(l, (size_t)j, err);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/* Load the dependencies of every package not done yet, of those this
 * adds as well (l->nall grows as it goes). */
static int load_all_deps(struct loader *l, struct osdk_err *err)
{
	for (size_t i = 0; i < l->nall; i++) {
		int ret = l->all[i].deps ? 0 : load_deps(l, i, err);

		if (ret)
			return ret;
	}
	return 0;
}

static int visit(struct loader *l, size_t i, struct osdk_err *err)
{
	int ret;

	if (l->state[i] == 2)
		return 0;
	if (l->state[i] == 1) {
		struct strbuf sb = STRBUF_INIT;
		size_t k = 0;

		while (l->stack[k] != i)
			k++;
		for (; k < l->nstack; k++)
			strbuf_addf(&sb, "%s -> ",
				    l->all[l->stack[k]].m->package.name);
		strbuf_adds(&sb, l->all[i].m->package.name);
		ret = err_set(err, -ELOOP, "dependency cycle: %s", sb.buf);
		strbuf_release(&sb);
		return ret;
	}
	l->state[i] = 1;
	l->stack[l->nstack++] = i;
	for (size_t d = 0; d < l->all[i].ndeps; d++) {
		ret = visit(l, l->all[i].deps[d], err);
		if (ret)
			return ret;
	}
	l->nstack--;
	l->state[i] = 2;
	l->order[l->norder++] = i;
	return 0;
}

/* Find the manifest for cwd, and the workspace governing it. */
static int locate(const char *cwd, char **pkg_dir, struct manifest **root,
		  char **root_dir, struct osdk_err *err)
{
	struct manifest *m = NULL;
	char *dir, *path, *up;
	int ret;

	*pkg_dir = NULL;
	*root = NULL;
	*root_dir = NULL;
	dir = fs_find_upwards(cwd, MANIFEST_NAME);
	if (!dir)
		return err_set(err, -ENOENT,
			       "could not find '%s' in '%s' or any parent "
			       "directory",
			       MANIFEST_NAME, cwd);
	path = fs_join(dir, MANIFEST_NAME);
	ret = manifest_load(path, &m, err);
	free(path);
	if (ret)
		goto out_free_dir;
	if (m->has_workspace) {
		*root = m;
		*root_dir = xstrdup(dir);
		if (m->has_package)
			*pkg_dir = xstrdup(dir);
		goto out_free_dir;
	}
	*pkg_dir = xstrdup(dir);
	manifest_free(m);
	m = NULL;

	/* A package may be a member of a workspace further up. */
	for (char *slash = strrchr(dir, '/'); slash && slash != dir;
	     slash = strrchr(dir, '/')) {
		*slash = '\0';
		up = fs_find_upwards(dir, MANIFEST_NAME);
		if (!up)
			break;
		path = fs_join(up, MANIFEST_NAME);
		ret = manifest_load(path, &m, err);
		free(path);
		if (ret) {
			free(up);
			goto out_free_dir;
		}
		if (m->has_workspace) {
			for (size_t i = 0; i < m->workspace.nmembers; i++) {
				char *mj = fs_join(up, m->workspace.members[i]);
				char *ma = fs_abspath(mj);
				bool hit = strcmp(ma, *pkg_dir) == 0;

				free(mj);
				free(ma);
				if (hit) {
					*root = m;
					*root_dir = up;
					goto out_free_dir;
				}
			}
		}
		manifest_free(m);
		m = NULL;
		free(dir);
		dir = up;
	}
	*root_dir = xstrdup(*pkg_dir);
out_free_dir:
	free(dir);
	return ret;
}

/* Resolve what the workspace's own packages need from registries and git,
 * add those packages, and link every package's dependencies again. */
static int load_resolved(struct loader *l, const char *root_dir,
			 const struct workspace_opts *o, struct osdk_err *err)
{
	struct resolve_ws_result res = RESOLVE_WS_RESULT_INIT;
	struct resolve_ws_opts ro = {
		o->locked,	 o->offline, o->update, o->update_pkgs,
		o->nupdate_pkgs, o->precise, o->ev
	};
	const struct manifest **locals = xcalloc(l->nall + 1, sizeof(*locals));
	size_t nlocal = l->nall;
	int ret;

	for (size_t i = 0; i < nlocal; i++)
		locals[i] = l->all[i].m;
	ret = resolve_workspace(root_dir, locals, nlocal, &ro, &res, err);
	free(locals);
	if (ret)
		return ret;
	for (size_t k = 0; k < res.n; k++) {
		struct ws_pkg *p;

		XGROW(l->all, l->cap, l->nall + 1);
		p = &l->all[l->nall++];
		memset(p, 0, sizeof(*p));
		p->m = res.v[k].m;
		p->dir = res.v[k].dir;
		p->source = res.v[k].source;
		p->sha256 = res.v[k].sha256;
		res.v[k].m = NULL;
		res.v[k].dir = NULL;
		res.v[k].source = NULL;
		res.v[k].sha256 = NULL;
	}
	resolve_ws_result_release(&res);
	l->resolved = true;
	for (size_t i = 0; i < l->nall; i++) {
		free(l->all[i].deps);
		l->all[i].deps = NULL;
		l->all[i].ndeps = 0;
	}
	return load_all_deps(l, err);
}

int workspace_load(const char *cwd, struct workspace *ws, struct osdk_err *err)
{
	struct workspace_opts o = { 0 };

	return workspace_load_opts(cwd, &o, ws, err);
}

/* Load the root's members and the package in the cwd, then what their
 * path dependencies reach. */
static int load_locals(struct loader *l, const struct workspace *ws,
		       const char *pkg_dir, struct osdk_err *err)
{
	long idx;
	int ret;

	for (size_t i = 0; ws->root && i < ws->root->workspace.nmembers; i++) {
		const char *member = ws->root->workspace.members[i];
		char *j = fs_join(ws->root_dir, member);
		char *abs = fs_abspath(j);
		char *why =
			xasprintf("%s: member '%s'", ws->root->path, member);

		ret = load_pkg(l, abs, why, &idx, err);
		free(why);
		free(abs);
		free(j);
		if (ret)
			return ret;
		l->all[idx].member = true;
	}
	if (pkg_dir) {
		ret = load_pkg(l, pkg_dir, "package", &idx, err);
		if (ret)
			return ret;
		l->all[idx].member = true;
	}
	return load_all_deps(l, err);
}

static int check_path_versions(const struct loader *l, struct osdk_err *err)
{
	const struct manifest **ms = xcalloc(l->nall + 1, sizeof(*ms));
	int ret;

	for (size_t i = 0; i < l->nall; i++)
		ms[i] = l->all[i].m;
	ret = resolve_check_path_versions(ms, l->nall, err);
	free(ms);
	return ret;
}

/* Move the loaded packages into ws->pkgs, dependencies first. */
static int order_pkgs(struct loader *l, struct workspace *ws,
		      struct osdk_err *err)
{
	size_t *newidx;
	int ret;

	l->state = xcalloc(l->nall, sizeof(int));
	l->stack = xcalloc(l->nall, sizeof(size_t));
	l->order = xcalloc(l->nall, sizeof(size_t));
	for (size_t i = 0; i < l->nall; i++) {
		ret = visit(l, i, err);
		if (ret)
			return ret;
	}
	newidx = xcalloc(l->nall, sizeof(size_t));
	for (size_t k = 0; k < l->norder; k++)
		newidx[l->order[k]] = k;
	ws->pkgs = xcalloc(l->nall, sizeof(*ws->pkgs));
	for (size_t k = 0; k < l->norder; k++) {
		ws->pkgs[k] = l->all[l->order[k]];
		for (size_t d = 0; d < ws->pkgs[k].ndeps; d++)
			ws->pkgs[k].deps[d] = newidx[ws->pkgs[k].deps[d]];
	}
	ws->npkgs = l->nall;
	free(newidx);
	free(l->all);
	l->all = NULL;
	l->nall = 0;
	return 0;
}

/* The targets: the package in the cwd, or every member. */
static void pick_targets(struct workspace *ws, const char *pkg_dir)
{
	ws->targets = xcalloc(ws->npkgs, sizeof(size_t));
	for (size_t k = 0; k < ws->npkgs; k++) {
		bool target = pkg_dir ? strcmp(ws->pkgs[k].dir, pkg_dir) == 0
				      : ws->pkgs[k].member;

		if (target)
			ws->targets[ws->ntargets++] = k;
	}
}

int workspace_load_opts(const char *cwd, const struct workspace_opts *o,
			struct workspace *ws, struct osdk_err *err)
{
	struct loader l = { 0 };
	char *pkg_dir = NULL;
	int ret;

	memset(ws, 0, sizeof(*ws));
	ret = locate(cwd, &pkg_dir, &ws->root, &ws->root_dir, err);
	if (!ret)
		ret = load_locals(&l, ws, pkg_dir, err);
	if (!ret)
		ret = check_path_versions(&l, err);
	if (!ret && (l.pending || o->update))
		ret = load_resolved(&l, ws->root_dir, o, err);
	if (!ret)
		ret = order_pkgs(&l, ws, err);
	if (!ret) {
		pick_targets(ws, pkg_dir);
		ret = trust_settle(ws, err);
	}
	for (size_t i = 0; i < l.nall; i++) {
		manifest_free(l.all[i].m);
		free(l.all[i].dir);
		free(l.all[i].deps);
		free(l.all[i].source);
		free(l.all[i].sha256);
	}
	free(l.all);
	free(l.state);
	free(l.stack);
	free(l.order);
	free(pkg_dir);
	if (ret)
		workspace_release(ws);
	return ret;
}

void workspace_release(struct workspace *ws)
{
	for (size_t i = 0; i < ws->npkgs; i++) {
		manifest_free(ws->pkgs[i].m);
		free(ws->pkgs[i].dir);
		free(ws->pkgs[i].deps);
		free(ws->pkgs[i].source);
		free(ws->pkgs[i].sha256);
	}
	free(ws->pkgs);
	free(ws->targets);
	if (ws->root)
		manifest_free(ws->root);
	free(ws->root_dir);
	memset(ws, 0, sizeof(*ws));
}

long workspace_find(const struct workspace *ws, const char *name)
{
	for (size_t i = 0; i < ws->npkgs; i++)
		if (strcmp(ws->pkgs[i].m->package.name, name) == 0)
			return (long)i;
	return -1;
}

int workspace_kernel(const struct workspace *ws, const char *cmd, size_t *idx,
		     struct osdk_err *err)
{
	struct strbuf names = STRBUF_INIT;
	size_t found = 0;
	int ret = 0;

	for (size_t t = 0; t < ws->ntargets; t++) {
		const struct ws_pkg *p = &ws->pkgs[ws->targets[t]];

		if (p->m->package.type != MANIFEST_PKG_KERNEL)
			continue;
		strbuf_addf(&names, "%s'%s'", found ? ", " : "",
			    p->m->package.name);
		if (!found)
			*idx = ws->targets[t];
		found++;
	}
	if (found == 0)
		ret = err_set(err, -ENOENT,
			      "no kernel package here; 'osdk %s' needs a "
			      "package with 'type: kernel'",
			      cmd);
	else if (found > 1)
		ret = err_set(err, -EINVAL,
			      "several kernel packages here (%s); pick one "
			      "with -p NAME",
			      names.buf);
	strbuf_release(&names);
	return ret;
}

const struct manifest *workspace_manifest(const struct workspace *ws)
{
	return ws->root;
}

void workspace_closure(const struct workspace *ws, size_t idx, bool *in)
{
	if (in[idx])
		return;
	in[idx] = true;
	for (size_t d = 0; d < ws->pkgs[idx].ndeps; d++)
		workspace_closure(ws, ws->pkgs[idx].deps[d], in);
}
