/* SPDX-License-Identifier: MIT */
/* resolve_ws.c - a workspace's resolution: lock file first, then sources. */
#include "core/resolve/resolve_ws.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/registry/fetch.h"
#include "core/registry/home.h"
#include "core/resolve/lockfile.h"
#include "core/manifest/manifest.h"
#include "core/registry/pack.h"
#include "core/resolve/resolve.h"
#include "core/resolve/resolve_sources.h"
#include "core/manifest/semver.h"
#include "util/sha256.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define MANIFEST_NAME "osdk.yaml"

struct run {
	const struct resolve_ws_opts *o;
	struct resolve_src_ctx ctx;
	struct resolve_provider p;
	struct resolve_root *roots;
	size_t nroots;
	struct home_config cfg;
	struct lockfile old;
	bool have_lock;
	struct osdk_err *err;
};

static void emit(const struct run *r, const char *verb, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void emit(const struct run *r, const char *verb, const char *fmt, ...)
{
	const struct resolve_events *ev = r->o->ev;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (!ev || !ev->status)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ev->status(ev->ctx, verb, sb.buf);
	strbuf_release(&sb);
}

static void waiting(void *p)
{
	emit(p, "Blocking", "waiting for file lock on package cache");
}

static bool needs_resolving(const struct manifest *const *locals, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t d = 0; d < locals[i]->ndeps; d++)
			if (locals[i]->deps[d].kind != MANIFEST_DEP_PATH)
				return true;
	return false;
}

static int make_roots(struct run *r, const struct manifest *const *locals,
		      size_t n)
{
	r->roots = xcalloc(n + 1, sizeof(*r->roots));
	for (size_t i = 0; i < n; i++) {
		const struct manifest *m = locals[i];
		struct resolve_root *root = &r->roots[r->nroots++];
		struct resolve_req *deps = xcalloc(m->ndeps + 1, sizeof(*deps));

		root->name = m->package.name;
		root->version = m->package.version;
		root->deps = deps;
		for (size_t d = 0; d < m->ndeps; d++) {
			int ret;

			if (m->deps[d].kind == MANIFEST_DEP_PATH)
				continue;
			ret = resolve_src_dep(&r->ctx, m, &m->deps[d],
					      &deps[root->ndeps], r->err);
			if (ret)
				return ret;
			root->ndeps++;
		}
	}
	return 0;
}

/* The lock file that records `res`: registry and git packages. */
static void lock_of(const struct resolve_result *res, struct lockfile *lf)
{
	memset(lf, 0, sizeof(*lf));
	for (size_t i = 0; i < res->n; i++) {
		const struct resolve_pick *p = &res->v[i];
		const struct resolve_src_data *d = p->data;
		struct lock_pkg lp = { p->name, p->version, p->source, NULL,
				       NULL,	p->deps,    p->ndeps };

		if (d->kind == RESOLVE_SRC_PATH)
			continue;
		lp.commit = d->commit;
		lp.sha256 = d->kind == RESOLVE_SRC_REGISTRY
				    ? (char *)d->entry.sha256
				    : NULL;
		lock_add(lf, &lp);
	}
	lock_sort(lf);
}

struct diff_text {
	const struct run *r;
	struct strbuf *sb; /* NULL: emit status lines instead */
	size_t n;
};

static void on_change(void *p, enum lock_change what, const struct lock_pkg *a,
		      const struct lock_pkg *b)
{
	struct diff_text *t = p;
	const char *verb = what == LOCK_ADDED	  ? "Adding"
			   : what == LOCK_REMOVED ? "Removing"
						  : "Updating";
	char line[512];

	if (what == LOCK_UPDATED && !strcmp(a->version, b->version))
		snprintf(line, sizeof(line), "%s v%s (%.12s -> %.12s)", a->name,
			 a->version, a->commit ? a->commit : "-",
			 b->commit ? b->commit : "-");
	else if (what == LOCK_UPDATED)
		snprintf(line, sizeof(line), "%s v%s -> v%s", a->name,
			 a->version, b->version);
	else
		snprintf(line, sizeof(line), "%s v%s", a ? a->name : b->name,
			 a ? a->version : b->version);
	t->n++;
	if (t->sb)
		strbuf_addf(t->sb, "\n  %s %s", verb, line);
	else
		emit(t->r, verb, "%s", line);
}

/* Compare with the old lock file; write the new one, or refuse (--locked). */
static int settle_lock(struct run *r, const char *path, struct lockfile *now)
{
	struct diff_text t = { r, NULL, 0 };
	struct strbuf sb = STRBUF_INIT;
	int ret;

	if (r->have_lock && lock_equal(&r->old, now))
		return 0;
	if (r->o->locked) {
		t.sb = &sb;
		lock_diff(&r->old, now, on_change, &t);
		ret = err_set(r->err, -EPERM,
			      "%s %s, but --locked was given:%s", path,
			      r->have_lock ? "needs to be updated"
					   : "does not exist yet",
			      sb.buf);
		strbuf_release(&sb);
		return ret;
	}
	if (!r->have_lock)
		emit(r, "Locking", "%zu package%s", now->n,
		     now->n == 1 ? "" : "s");
	lock_diff(&r->old, now, on_change, &t);
	return lock_save(path, now, r->err);
}

/* ---- unpacking registry packages ---- */

static bool marker_says(const char *marker, const char *sha)
{
	struct strbuf sb = STRBUF_INIT;
	bool ok = fs_read(marker, &sb, NULL) == 0 && sb.len >= 64 &&
		  !strncmp(sb.buf, sha, 64);

	strbuf_release(&sb);
	return ok;
}

static int read_archive(struct run *r, const struct resolve_pick *p,
			struct strbuf *ar)
{
	const struct resolve_src_data *d = p->data;
	struct registry *reg;
	int ret = resolve_src_registry(&r->ctx, d->url, false, &reg, r->err);

	if (!ret)
		ret = registry_read_archive(reg, p->name, p->version, NULL, ar,
					    r->err);
	/* Not at the tip: the commit it was locked at still has it. */
	if (ret == -ENOENT && d->commit)
		ret = registry_read_archive(reg, p->name, p->version, d->commit,
					    ar, r->err);
	if (ret == -ENOENT && !r->o->offline) {
		ret = resolve_src_registry(&r->ctx, d->url, true, &reg, r->err);
		if (!ret)
			ret = registry_read_archive(reg, p->name, p->version,
						    d->commit, ar, r->err);
	}
	return ret;
}

static int unpack(struct run *r, const struct resolve_pick *p, char **dir)
{
	const struct resolve_src_data *d = p->data;
	const char *want = d->entry.sha256;
	struct strbuf ar = STRBUF_INIT;
	char *base = home_cache_path(r->ctx.home, "src", d->url);
	char *prefix = xasprintf("%s-%s", p->name, p->version);
	char *what = xasprintf("%s v%s", p->name, p->version);
	char *marker, *tmp = NULL;
	char got[65];
	int ret;

	*dir = fs_join(base, prefix);
	marker = xasprintf("%s.sha256", *dir);
	if (fs_is_dir(*dir) && marker_says(marker, want)) {
		ret = 0;
		goto out;
	}
	ret = read_archive(r, p, &ar);
	if (ret)
		goto out;
	sha256_hex(ar.buf, ar.len, got);
	if (strcmp(got, want) != 0) {
		ret = err_set(r->err, -EBADMSG,
			      "checksum mismatch for %s from "
			      "registry '%s': the index records sha256 %s, but "
			      "the archive has %s; refusing to use it",
			      what, d->url, want, got);
		goto out;
	}
	emit(r, "Unpacking", "%s (registry `%s`)", what, d->url);
	tmp = xasprintf("%s.tmp.%ld", *dir, (long)getpid());
	ret = fs_remove_tree(tmp, r->err);
	if (!ret)
		ret = pack_extract(ar.buf, ar.len, prefix, tmp, what, r->err);
	if (!ret)
		ret = fs_remove_tree(*dir, r->err);
	if (!ret)
		ret = fetch_install_dir(tmp, *dir, r->err);
	if (!ret)
		ret = fs_write_atomic(marker, want, 64, r->err);
	if (ret)
		fs_remove_tree(tmp, NULL);
out:
	strbuf_release(&ar);
	free(tmp);
	free(marker);
	free(what);
	free(prefix);
	free(base);
	return ret;
}

/* A registry package builds with the index's dependencies, not the
 * manifest's: those may name paths that only existed where it was
 * published. */
static void use_index_deps(struct manifest *m, const struct resolve_src_data *d)
{
	const struct index_entry *e = &d->entry;

	for (size_t i = 0; i < m->ndeps; i++) {
		struct manifest_dep *x = &m->deps[i];

		free(x->name);
		free(x->path);
		free(x->git);
		free(x->rev);
		free(x->tag);
		free(x->branch);
		free(x->version);
		free(x->registry);
	}
	free(m->deps);
	m->deps = xcalloc(e->ndeps + 1, sizeof(*m->deps));
	m->ndeps = e->ndeps;
	for (size_t i = 0; i < e->ndeps; i++) {
		m->deps[i].name = xstrdup(e->deps[i].name);
		m->deps[i].kind = MANIFEST_DEP_REGISTRY;
		m->deps[i].version = xstrdup(e->deps[i].req);
		m->deps[i].registry = xstrdup(
			e->deps[i].registry ? e->deps[i].registry : d->url);
	}
}

static int materialize(struct run *r, const struct resolve_pick *p,
		       struct resolve_fetched *f)
{
	const struct resolve_src_data *d = p->data;
	char *path;
	int ret = 0;

	memset(f, 0, sizeof(*f));
	if (d->kind == RESOLVE_SRC_REGISTRY) {
		ret = unpack(r, p, &f->dir);
		f->source = xstrdup(p->source);
		f->sha256 = xstrdup(d->entry.sha256);
	} else {
		f->dir = xstrdup(d->dir);
		f->source = d->kind == RESOLVE_SRC_GIT
				    ? xasprintf("%s#%s", p->source, d->commit)
				    : xstrdup(p->source);
	}
	if (ret)
		return ret;
	path = fs_join(f->dir, MANIFEST_NAME);
	ret = manifest_load(path, &f->m, r->err);
	free(path);
	if (!ret &&
	    (!f->m->has_package || strcmp(f->m->package.name, p->name) != 0 ||
	     strcmp(f->m->package.version, p->version) != 0))
		ret = err_set(r->err, -EINVAL,
			      "'%s' does not hold %s v%s, "
			      "which %s promised",
			      f->dir, p->name, p->version, p->source);
	if (!ret && d->kind == RESOLVE_SRC_REGISTRY)
		use_index_deps(f->m, d);
	return ret;
}

static void run_release(struct run *r)
{
	for (size_t i = 0; i < r->nroots; i++) {
		struct resolve_req *deps =
			(struct resolve_req *)r->roots[i].deps;

		for (size_t d = 0; d < r->roots[i].ndeps; d++)
			resolve_req_release(&deps[d]);
		free(deps);
	}
	free(r->roots);
	resolve_src_release(&r->ctx);
	lock_release(&r->old);
	home_config_release(&r->cfg);
}

static int resolve_all(struct run *r, struct resolve_result *res)
{
	int ret = -ENOENT;

	/* Phase one: what the lock file pins, if it still fits. */
	if (!r->o->update && r->have_lock && r->old.n) {
		r->ctx.mode = RESOLVE_SRC_LOCKED;
		ret = resolve_run(r->roots, r->nroots, &r->p, res, r->err);
		if (ret == -EBADMSG)
			return ret;
	}
	/* Phase two: every version, preferring the locked ones. */
	if (ret) {
		r->ctx.mode = RESOLVE_SRC_FULL;
		r->ctx.update_all = r->o->update && !r->o->nupdate_pkgs;
		r->ctx.update_pkgs = r->o->update ? r->o->update_pkgs : NULL;
		r->ctx.nupdate_pkgs = r->o->update ? r->o->nupdate_pkgs : 0;
		r->ctx.precise = r->o->update ? r->o->precise : NULL;
		ret = resolve_run(r->roots, r->nroots, &r->p, res, r->err);
		if (ret && r->ctx.precise && r->ctx.precise_exists)
			err_prefix(r->err, ret,
				   "--precise %s does not fit the requirements "
				   "on '%s' (its versions: %s)",
				   r->ctx.precise, r->ctx.update_pkgs[0],
				   r->ctx.precise_found);
	}
	return ret;
}

/* The local package whose directory is @dir, compared normalised. */
static const struct manifest *local_at(const struct manifest *const *locals,
				       size_t nlocals, const char *dir)
{
	const struct manifest *found = NULL;
	char *want = fs_abspath(dir);

	for (size_t j = 0; j < nlocals && !found; j++) {
		char *have = fs_abspath(locals[j]->dir);

		if (strcmp(have, want) == 0)
			found = locals[j];
		free(have);
	}
	free(want);
	return found;
}

int resolve_check_path_versions(const struct manifest *const *locals,
				size_t nlocals, struct osdk_err *err)
{
	for (size_t i = 0; i < nlocals; i++) {
		const struct manifest *m = locals[i];

		for (size_t k = 0; k < m->ndeps; k++) {
			const struct manifest_dep *d = &m->deps[k];
			const struct manifest *to = NULL;
			struct semver_req req;
			struct semver v;
			bool match;

			if (d->kind != MANIFEST_DEP_PATH || !d->version)
				continue;
			to = local_at(locals, nlocals, d->path);
			if (!to)
				continue;
			if (semver_req_parse(d->version, &req))
				return err_set(err, -EINVAL,
					       "%s:%d:%d: 'dependencies.%s."
					       "version': bad version "
					       "requirement '%s'",
					       m->path, d->pos.line, d->pos.col,
					       d->name, d->version);
			match = false;
			if (semver_parse(to->package.version, &v) == 0) {
				match = semver_req_matches(&req, &v);
				semver_release(&v);
			}
			semver_req_release(&req);
			if (!match)
				return err_set(err, -EINVAL,
					       "%s:%d:%d: 'dependencies.%s' "
					       "requires version '%s', but the "
					       "package at '%s' is %s v%s",
					       m->path, d->pos.line, d->pos.col,
					       d->name, d->version, d->path,
					       to->package.name,
					       to->package.version);
		}
	}
	return 0;
}

int resolve_workspace(const char *root_dir,
		      const struct manifest *const *locals, size_t nlocals,
		      const struct resolve_ws_opts *o,
		      struct resolve_ws_result *out, struct osdk_err *err)
{
	struct fetch_lock lk = FETCH_LOCK_INIT;
	struct resolve_result res = RESOLVE_RESULT_INIT;
	struct lockfile now = LOCKFILE_INIT;
	struct run r;
	char *home = NULL, *lockpath = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	r.o = o;
	r.err = err;
	if (!needs_resolving(locals, nlocals) && !o->update)
		return 0;
	home = home_dir();
	lockpath = fs_join(root_dir, LOCK_NAME);
	ret = home_config_load(home, &r.cfg, err);
	if (ret)
		goto out;
	ret = lock_load(lockpath, &r.old, err);
	r.have_lock = ret == 0;
	if (ret && ret != -ENOENT)
		goto out;
	for (size_t i = 0; i < o->nupdate_pkgs; i++) {
		const struct lock_pkg *lp =
			lock_find(&r.old, o->update_pkgs[i]);

		if (!lp) {
			ret = err_set(err, -ENOENT,
				      "package '%s' is not in %s; 'osdk "
				      "update' without a name updates them all",
				      o->update_pkgs[i], lockpath);
			goto out;
		}
		if (o->precise && strncmp(lp->source, "registry+", 9) != 0) {
			ret = err_set(err, -EINVAL,
				      "--precise applies to registry packages; "
				      "'%s' comes from %s",
				      o->update_pkgs[i], lp->source);
			goto out;
		}
	}
	r.ctx.home = home;
	r.ctx.cfg = &r.cfg;
	r.ctx.lock = &r.old;
	r.ctx.offline = o->offline;
	r.ctx.ev = o->ev;
	resolve_src_provider(&r.ctx, &r.p);
	ret = make_roots(&r, locals, nlocals);
	if (ret)
		goto out;
	ret = fetch_lock_cache(home, waiting, &r, &lk, err);
	if (ret)
		goto out;
	ret = resolve_all(&r, &res);
	if (ret)
		goto out_unlock;
	lock_of(&res, &now);
	if (now.n || r.have_lock)
		ret = settle_lock(&r, lockpath, &now);
	out->v = xcalloc(res.n + 1, sizeof(*out->v));
	for (size_t i = 0; !ret && i < res.n; i++) {
		ret = materialize(&r, &res.v[i], &out->v[i]);
		out->n++;
	}
out_unlock:
	fetch_unlock(&lk);
out:
	resolve_result_release(&res, &r.p);
	lock_release(&now);
	run_release(&r);
	free(lockpath);
	free(home);
	if (ret)
		resolve_ws_result_release(out);
	return ret;
}

void resolve_ws_result_release(struct resolve_ws_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		manifest_free(r->v[i].m);
		free(r->v[i].dir);
		free(r->v[i].source);
		free(r->v[i].sha256);
	}
	free(r->v);
	r->v = NULL;
	r->n = 0;
}
