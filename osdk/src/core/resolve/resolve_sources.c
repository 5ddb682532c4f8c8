/* SPDX-License-Identifier: MIT */
/* resolve_sources.c - candidates from registries, git and paths. */
#include "core/resolve/resolve_sources.h"
#include "core/resolve/source_id.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/registry/fetch.h"
#include "core/registry/home.h"
#include "core/resolve/lockfile.h"
#include "core/manifest/manifest.h"
#include "core/resolve/resolve_ws.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define MANIFEST_NAME "osdk.yaml"

/* "Updating registry `URL`" and the like. */
static void status(struct resolve_src_ctx *c, const char *verb,
		   const char *kind, const char *url)
{
	char *s;

	if (!c->ev || !c->ev->status)
		return;
	s = xasprintf("%s `%s`", kind, url);
	c->ev->status(c->ev->ctx, verb, s);
	free(s);
}

/* The lock file's entry for name from exactly this source, or NULL. */
static const struct lock_pkg *locked(const struct resolve_src_ctx *c,
				     const char *name, const char *source)
{
	const struct lock_pkg *p = c->lock ? lock_find(c->lock, name) : NULL;

	return p && !strcmp(p->source, source) ? p : NULL;
}

/* Whether the lock file's version of name should be kept if it fits. */
static bool pinned(const struct resolve_src_ctx *c, const char *name)
{
	if (c->mode == RESOLVE_SRC_LOCKED)
		return true;
	if (c->update_all)
		return false;
	for (size_t i = 0; i < c->nupdate_pkgs; i++)
		if (!strcmp(c->update_pkgs[i], name))
			return false;
	return true;
}

static struct resolve_cand *new_cand(struct resolve_cands *out)
{
	out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
	memset(&out->v[out->n], 0, sizeof(out->v[0]));
	return &out->v[out->n++];
}

static void free_data(void *ctx, void *p)
{
	struct resolve_src_data *d = p;

	(void)ctx;
	free(d->url);
	free(d->commit);
	free(d->dir);
	index_entry_release(&d->entry);
	free(d);
}

/* ---- registries ---- */

int resolve_src_registry(struct resolve_src_ctx *ctx, const char *url,
			 bool fresh, struct registry **out,
			 struct osdk_err *err)
{
	struct resolve_src_reg *r = NULL;
	enum registry_fetch mode;
	char *dir;
	int ret;

	for (size_t i = 0; i < ctx->nregs; i++)
		if (!strcmp(ctx->regs[i].url, url))
			r = &ctx->regs[i];
	if (r && (!fresh || r->fetched || ctx->offline)) {
		*out = &r->r;
		return 0;
	}
	if (!r) {
		ctx->regs = xrealloc(ctx->regs,
				     (ctx->nregs + 1) * sizeof(*ctx->regs));
		r = &ctx->regs[ctx->nregs++];
		memset(r, 0, sizeof(*r));
		r->url = xstrdup(url);
	} else {
		registry_close(&r->r);
	}
	dir = home_cache_path(ctx->home, "registry", url);
	mode = ctx->offline ? REGISTRY_FETCH_NEVER
	       : fresh	    ? REGISTRY_FETCH_ALWAYS
			    : REGISTRY_FETCH_IF_MISSING;
	if (mode == REGISTRY_FETCH_ALWAYS ||
	    (mode == REGISTRY_FETCH_IF_MISSING && !fs_is_dir(dir)))
		status(ctx, "Updating", "registry", url);
	free(dir);
	ret = registry_open_cached(ctx->home, url, mode, &r->fetched, &r->r,
				   err);
	if (ret) {
		free(r->url);
		ctx->nregs--;
		return ret;
	}
	*out = &r->r;
	return 0;
}

static void registry_cand(struct resolve_cands *out, const char *url,
			  const struct registry *reg,
			  const struct index_entry *e,
			  const struct lock_pkg *lk, bool preferred)
{
	struct resolve_cand *c = new_cand(out);
	struct resolve_src_data *d = xcalloc(1, sizeof(*d));

	c->version = xstrdup(e->version);
	c->yanked = e->yanked;
	c->preferred = preferred;
	c->deps = xcalloc(e->ndeps + 1, sizeof(*c->deps));
	for (size_t i = 0; i < e->ndeps; i++) {
		c->deps[i].name = xstrdup(e->deps[i].name);
		c->deps[i].req = xstrdup(e->deps[i].req);
		c->deps[i].source = xasprintf(
			"registry+%s",
			e->deps[i].registry ? e->deps[i].registry : url);
	}
	c->ndeps = e->ndeps;
	d->kind = RESOLVE_SRC_REGISTRY;
	d->url = xstrdup(url);
	d->commit = xstrdup(lk && lk->commit && !strcmp(lk->version, e->version)
				    ? lk->commit
				    : reg->commit);
	index_entry_copy(&d->entry, e);
	c->data = d;
}

static int checksum_clash(const char *url, const struct index_entry *e,
			  const struct lock_pkg *lk, struct osdk_err *err)
{
	return err_set(err, -EBADMSG,
		       "checksum mismatch for %s v%s: osdk.lock "
		       "records sha256 %s, but registry '%s' now lists %s; a "
		       "published version must never change, so the registry "
		       "or the lock file was altered",
		       e->name, e->version, lk->sha256, url, e->sha256);
}

/* Whether --precise applies to package @name. */
static bool precise_for(const struct resolve_src_ctx *c, const char *name)
{
	return c->precise && c->nupdate_pkgs == 1 &&
	       !strcmp(c->update_pkgs[0], name);
}

/* Remember the registry's versions of the --precise package, for the
 * error when the one asked for is missing or does not fit. */
static void precise_versions(struct resolve_src_ctx *c,
			     const struct index_file *f)
{
	struct strbuf sb = STRBUF_INIT;

	c->precise_exists = false;
	for (size_t i = f->n; i-- > 0;) {
		strbuf_addf(&sb, "%s%s%s", sb.len ? ", " : "", f->v[i].version,
			    f->v[i].yanked ? " (yanked)" : "");
		c->precise_exists |= !strcmp(f->v[i].version, c->precise);
	}
	free(c->precise_found);
	c->precise_found = strbuf_detach(&sb);
}

static int query_registry(struct resolve_src_ctx *ctx, const char *name,
			  const char *url, struct resolve_cands *out,
			  struct osdk_err *err)
{
	char *source = xasprintf("registry+%s", url);
	const struct lock_pkg *lk = locked(ctx, name, source);
	bool full = ctx->mode == RESOLVE_SRC_FULL;
	struct index_file f = INDEX_FILE_INIT;
	const struct index_entry *e;
	struct registry *reg;
	int ret = 0;

	if (!full && !lk)
		goto out; /* not locked: offer nothing, phase two will ask */
	ret = resolve_src_registry(ctx, url, full, &reg, err);
	if (!ret)
		ret = registry_read_index(reg, name, &f, err);
	/* A pinned version the cached copy lacks: the copy is older than
	 * the lock file, so bring it up to date once. */
	if (!full && !ctx->offline &&
	    (ret == -ENOENT || (!ret && !index_file_find(&f, lk->version)))) {
		index_file_release(&f);
		ret = resolve_src_registry(ctx, url, true, &reg, err);
		if (!ret)
			ret = registry_read_index(reg, name, &f, err);
	}
	if (ret == -ENOENT && !full) {
		ret = 0;
		goto out;
	}
	if (ret)
		goto out;
	if (full && precise_for(ctx, name)) {
		precise_versions(ctx, &f);
		if (!ctx->precise_exists) {
			ret = err_set(err, -EINVAL,
				      "--precise %s: registry '%s' has no "
				      "version %s of '%s'; its versions: %s",
				      ctx->precise, url, ctx->precise, name,
				      ctx->precise_found);
			goto out;
		}
	}
	for (size_t i = 0; i < f.n; i++) {
		bool pin = lk && pinned(ctx, name) &&
			   !strcmp(lk->version, f.v[i].version);

		e = &f.v[i];
		if (full && precise_for(ctx, name)) {
			/* --precise: that version alone, even if yanked. */
			if (!strcmp(e->version, ctx->precise))
				registry_cand(out, url, reg, e, lk, true);
			continue;
		}
		if (pin && lk->sha256 && strcmp(lk->sha256, e->sha256) != 0) {
			ret = checksum_clash(url, e, lk, err);
			goto out;
		}
		if (full || pin)
			registry_cand(out, url, reg, e, lk, pin);
	}
out:
	index_file_release(&f);
	free(source);
	return ret;
}

/* ---- git ---- */

static bool was_fetched(struct resolve_src_ctx *ctx, const char *url)
{
	for (size_t i = 0; i < ctx->ngit; i++)
		if (!strcmp(ctx->git_fetched[i], url))
			return true;
	return false;
}

static int git_fetch_once(struct resolve_src_ctx *ctx, const char *url,
			  const char *db, struct osdk_err *err)
{
	int ret;

	if (was_fetched(ctx, url))
		return 0;
	if (ctx->offline)
		return fs_is_dir(db) ? 0
				     : err_set(err, -ENOENT,
					       "git repository '%s' is not in "
					       "the cache (%s) and --offline "
					       "forbids fetching "
					       "it",
					       url, db);
	status(ctx, "Fetching", "git", url);
	ret = fetch_mirror(url, db, fetch_git_refspecs, err);
	if (!ret) {
		ctx->git_fetched = xrealloc(ctx->git_fetched,
					    (ctx->ngit + 1) * sizeof(char *));
		ctx->git_fetched[ctx->ngit++] = xstrdup(url);
	}
	return ret;
}

/* The directory below root whose osdk.yaml declares package `name`. */
static int find_package(const char *root, const char *name, int depth,
			char **out, struct manifest **m)
{
	char *path = fs_join(root, MANIFEST_NAME);
	struct dirent *de;
	DIR *d;

	*out = NULL;
	if (fs_exists(path) && manifest_load(path, m, NULL) == 0) {
		if ((*m)->has_package && !strcmp((*m)->package.name, name)) {
			free(path);
			*out = xstrdup(root);
			return 0;
		}
		manifest_free(*m);
		*m = NULL;
	}
	free(path);
	if (depth == 0 || !(d = opendir(root)))
		return -ENOENT;
	while (!*out && (de = readdir(d))) {
		char *sub;

		if (de->d_name[0] == '.' || !strcmp(de->d_name, "target"))
			continue;
		sub = fs_join(root, de->d_name);
		if (fs_is_dir(sub))
			find_package(sub, name, depth - 1, out, m);
		free(sub);
	}
	closedir(d);
	return *out ? 0 : -ENOENT;
}

/* Candidates of a loaded manifest: its version and its dependencies. */
static int manifest_cand(struct resolve_src_ctx *ctx, struct manifest *m,
			 struct resolve_cands *out, bool preferred,
			 struct resolve_src_data *d, struct osdk_err *err)
{
	struct resolve_cand *c = new_cand(out);
	int ret = 0;

	c->version = xstrdup(m->package.version);
	c->preferred = preferred;
	c->data = d;
	c->deps = xcalloc(m->ndeps + 1, sizeof(*c->deps));
	for (size_t i = 0; i < m->ndeps && !ret; i++) {
		ret = resolve_src_dep(ctx, m, &m->deps[i], &c->deps[i], err);
		if (!ret)
			c->ndeps++;
	}
	return ret;
}

static const enum fetch_ref_kind fetch_kinds[] = {
	[SOURCE_REF_NONE] = FETCH_REF_DEFAULT,
	[SOURCE_REF_TAG] = FETCH_REF_TAG,
	[SOURCE_REF_BRANCH] = FETCH_REF_BRANCH,
	[SOURCE_REF_REV] = FETCH_REF_REV,
};

static int query_git(struct resolve_src_ctx *ctx, const char *name,
		     const char *source, struct resolve_cands *out,
		     struct osdk_err *err)
{
	const struct lock_pkg *lk = locked(ctx, name, source);
	bool use_lock = lk && lk->commit && pinned(ctx, name);
	struct resolve_src_data *d = NULL;
	struct manifest *m = NULL;
	struct source_id id = SOURCE_ID_INIT;
	char *db = NULL, *dest = NULL, *base = NULL, *pkgdir = NULL;
	const char *url;
	char hex[41];
	int ret;

	if (source_id_parse(source, &id) || id.kind != SOURCE_GIT || id.commit)
		return err_set(err, -EINVAL, "bad git source '%s'", source);
	url = id.where;
	if (ctx->mode == RESOLVE_SRC_LOCKED && !use_lock) {
		ret = 0;
		goto out;
	}
	db = home_cache_path(ctx->home, "git", url);
	if (use_lock && !fetch_git_has_commit(db, lk->commit)) {
		ret = git_fetch_once(ctx, url, db, err);
		if (ret)
			goto out;
		use_lock = fetch_git_has_commit(db, lk->commit);
		if (!use_lock && ctx->mode == RESOLVE_SRC_LOCKED)
			goto out; /* the locked commit is gone */
	}
	if (use_lock) {
		snprintf(hex, sizeof(hex), "%s", lk->commit);
	} else {
		ret = git_fetch_once(ctx, url, db, err);
		if (!ret)
			ret = fetch_git_resolve(db, url,
						fetch_kinds[id.ref_kind],
						id.ref, hex, err);
		if (ret)
			goto out;
	}
	base = home_cache_path(ctx->home, "checkouts", url);
	dest = xasprintf("%s/%.12s", base, hex);
	ret = fetch_git_checkout(db, hex, dest, err);
	if (ret)
		goto out;
	if (find_package(dest, name, 6, &pkgdir, &m)) {
		ret = err_set(err, -ENOENT,
			      "no package named '%s' in git '%s' "
			      "at commit %.12s",
			      name, url, hex);
		goto out;
	}
	if (ctx->mode == RESOLVE_SRC_LOCKED &&
	    strcmp(lk->version, m->package.version) != 0)
		goto out;
	d = xcalloc(1, sizeof(*d));
	d->kind = RESOLVE_SRC_GIT;
	d->url = xstrdup(url);
	d->commit = xstrdup(hex);
	d->dir = xstrdup(pkgdir);
	ret = manifest_cand(ctx, m, out, use_lock, d, err);
out:
	manifest_free(m);
	free(pkgdir);
	free(dest);
	free(base);
	free(db);
	source_id_release(&id);
	return ret;
}

/* ---- paths (inside git checkouts) ---- */

static int query_path(struct resolve_src_ctx *ctx, const char *name,
		      const char *dir, struct resolve_cands *out,
		      struct osdk_err *err)
{
	char *path = fs_join(dir, MANIFEST_NAME);
	struct resolve_src_data *d;
	struct manifest *m = NULL;
	int ret = manifest_load(path, &m, err);

	if (!ret && (!m->has_package || strcmp(m->package.name, name) != 0))
		ret = err_set(err, -ENOENT, "'%s' holds no package named '%s'",
			      dir, name);
	if (!ret) {
		d = xcalloc(1, sizeof(*d));
		d->kind = RESOLVE_SRC_PATH;
		d->dir = xstrdup(dir);
		ret = manifest_cand(ctx, m, out, false, d, err);
	}
	manifest_free(m);
	free(path);
	return ret;
}

static int query(void *vctx, const char *name, const char *source,
		 struct resolve_cands *out, struct osdk_err *err)
{
	struct resolve_src_ctx *ctx = vctx;
	struct source_id id = SOURCE_ID_INIT;
	int ret;

	memset(out, 0, sizeof(*out));
	if (source_id_parse(source, &id))
		ret = err_set(err, -EINVAL, "unknown source '%s'", source);
	else if (id.kind == SOURCE_REGISTRY)
		ret = query_registry(ctx, name, id.where, out, err);
	else if (id.kind == SOURCE_GIT)
		ret = query_git(ctx, name, source, out, err);
	else
		ret = query_path(ctx, name, id.where, out, err);
	source_id_release(&id);
	if (ret && ret != -ENOENT)
		err_prefix(err, ret, "package '%s'", name);
	return ret;
}

void resolve_src_provider(struct resolve_src_ctx *ctx,
			  struct resolve_provider *p)
{
	p->ctx = ctx;
	p->query = query;
	p->free_data = free_data;
}

void resolve_src_release(struct resolve_src_ctx *ctx)
{
	for (size_t i = 0; i < ctx->nregs; i++) {
		registry_close(&ctx->regs[i].r);
		free(ctx->regs[i].url);
	}
	free(ctx->regs);
	for (size_t i = 0; i < ctx->ngit; i++)
		free(ctx->git_fetched[i]);
	free(ctx->git_fetched);
	free(ctx->precise_found);
	ctx->precise_found = NULL;
	ctx->regs = NULL;
	ctx->nregs = 0;
	ctx->git_fetched = NULL;
	ctx->ngit = 0;
}

/* ---- manifest dependencies as requirements ---- */

static bool is_remote_url(const char *s)
{
	return strstr(s, "://") || (strchr(s, '@') && strchr(s, ':'));
}

/* "?tag=" with *ref the tag, and so on; "" for the default branch. */
static const char *ref_query(const struct manifest_dep *d, const char **ref)
{
	*ref = d->tag ? d->tag : d->branch ? d->branch : d->rev ? d->rev : "";
	if (d->tag)
		return "?tag=";
	if (d->branch)
		return "?branch=";
	return d->rev ? "?rev=" : "";
}

int resolve_src_dep(const struct resolve_src_ctx *ctx, const struct manifest *m,
		    const struct manifest_dep *d, struct resolve_req *out,
		    struct osdk_err *err)
{
	char *url = NULL;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	out->name = xstrdup(d->name);
	out->req = d->version ? xstrdup(d->version) : NULL;
	switch (d->kind) {
	case MANIFEST_DEP_REGISTRY:
		ret = home_registry_url(ctx->cfg, d->registry, &url, err);
		if (!ret)
			out->source = xasprintf("registry+%s", url);
		break;
	case MANIFEST_DEP_GIT: {
		char *abs = is_remote_url(d->git)
				    ? xstrdup(d->git)
				    : manifest_join_path(m->dir, d->git);

		ret = home_canon_url(abs, &url, err);
		free(abs);
		if (!ret) {
			const char *ref;
			const char *key = ref_query(d, &ref);

			out->source = xasprintf("git+%s%s%s", url, key, ref);
		}
		break;
	}
	case MANIFEST_DEP_PATH:
		out->source = xasprintf("path+%s", d->path);
		break;
	}
	free(url);
	if (ret) {
		err_prefix(err, ret, "%s:%d:%d: dependency '%s'", m->path,
			   d->pos.line, d->pos.col, d->name);
		resolve_req_release(out);
	}
	return ret;
}
