/* SPDX-License-Identifier: MIT */
/* publish.c - publishing one package: check, pack, upload, as one step. */
#include "core/publish/publish.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/build/build.h"
#include "core/check/check.h"
#include "core/manifest/manifest.h"
#include "core/manifest/semver.h"
#include "core/registry/home.h"
#include "core/registry/index.h"
#include "core/registry/pack.h"
#include "core/registry/pack_entry.h"
#include "core/registry/pack_files.h"
#include "core/registry/registry.h"
#include "core/registry/registry_write.h"
#include "core/resolve/trust.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/sha256.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

struct pub {
	struct workspace *ws;
	const struct publish_opts *o;
};

static void status(struct pub *p, const char *verb, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void status(struct pub *p, const char *verb, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (!p->o->ev || !p->o->ev->status)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	p->o->ev->status(p->o->ev->ctx, verb, sb.buf);
	strbuf_release(&sb);
}

static void warn(struct pub *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void warn(struct pub *p, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (!p->o->ev || !p->o->ev->warning)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	p->o->ev->warning(p->o->ev->ctx, sb.buf);
	strbuf_release(&sb);
}

/*
 * What a package must pass before it is packed: a complete manifest and,
 * unless it is trusted, the framekernel rules (as osdk check applies them
 * to the release profile). The first violations go into the message.
 */
static int publish_run_checks(struct workspace *ws, size_t idx,
			      struct osdk_err *err)
{
	const char *cc = getenv("CC") && *getenv("CC") ? getenv("CC") : "cc";
	struct check_report rep = CHECK_REPORT_INIT;
	struct check_opts co = { cc, NULL, NULL, true, NULL };
	struct checker *ck = NULL;
	struct strbuf text = STRBUF_INIT;
	char *cc_include = NULL;
	int ret;

	ret = pack_check_manifest(ws->pkgs[idx].m, err);
	if (ret || trust_pkg_trusted(ws, idx))
		return ret;
	ret = build_cc_include(cc, &cc_include, err);
	if (ret)
		goto out;
	co.cc_include = cc_include;
	ret = check_new(ws, &co, &ck, err);
	if (!ret)
		ret = check_package(ck, idx, false, &rep, NULL, NULL, err);
	if (ret || !rep.n)
		goto out;
	check_report_sort(&rep);
	for (size_t i = 0; i < rep.n && i < 5; i++)
		check_diag_format(&rep.v[i], ws->pkgs[idx].dir, &text);
	strbuf_trim_trailing(&text);
	ret = err_set(err, -EPERM,
		      "'%s' breaks the framekernel rules (%zu violation%s; "
		      "'osdk check' lists them all):\n%s",
		      ws->pkgs[idx].m->package.name, rep.n,
		      rep.n == 1 ? "" : "s", text.buf);
out:
	check_free(ck);
	check_report_release(&rep);
	strbuf_release(&text);
	free(cc_include);
	return ret;
}

static int refuse_dirty(const char *dir, bool allow, struct osdk_err *err)
{
	struct strvec dirty = STRVEC_INIT;
	struct strbuf list = STRBUF_INIT;
	bool in_repo;
	int ret;

	if (allow)
		return 0;
	ret = pack_files_uncommitted(dir, &dirty, &in_repo, err);
	if (!ret && dirty.n) {
		for (size_t i = 0; i < dirty.n && i < 10; i++)
			strbuf_addf(&list, "\n  %s", dirty.v[i]);
		if (dirty.n > 10)
			strbuf_addf(&list, "\n  ... and %zu more",
				    dirty.n - 10);
		ret = err_set(err, -EPERM,
			      "'%s' has %zu uncommitted change%s:%s"
			      "\ncommit them, or pass --allow-dirty to publish "
			      "the files as they are",
			      dir, dirty.n, dirty.n == 1 ? "" : "s", list.buf);
	}
	strvec_clear(&dirty);
	strbuf_release(&list);
	return ret;
}

/* Every dependency published to this same registry must be there. */
static int deps_present(const struct registry *reg, const struct index_entry *e,
			struct osdk_err *err)
{
	for (size_t i = 0; i < e->ndeps; i++) {
		const struct index_dep *d = &e->deps[i];
		struct index_file f;
		bool found = false;
		int ret;

		if (d->registry)
			continue;
		ret = registry_read_index(reg, d->name, &f, err);
		if (ret && ret != -ENOENT)
			return ret;
		for (size_t k = 0; !ret && k < f.n && !found; k++)
			found = !f.v[k].yanked &&
				semver_matches(d->req, f.v[k].version);
		if (!ret)
			index_file_release(&f);
		if (!found)
			return err_set(err, -ENOENT,
				       "dependency '%s' %s is not "
				       "in registry '%s'; publish it there "
				       "first",
				       d->name, d->req, reg->url);
	}
	return 0;
}

static int write_dry_run(struct pub *p, const struct index_entry *e,
			 const struct strbuf *ar, struct osdk_err *err)
{
	char *dir = xasprintf("%s/target/osdk/package", p->ws->root_dir);
	char *path = xasprintf("%s/%s-%s.tar", dir, e->name, e->version);
	int ret = fs_mkdirs(dir, err);

	if (!ret)
		ret = fs_write_atomic(path, ar->buf, ar->len, err);
	if (!ret) {
		status(p, "Packaged", "%s", path);
		warn(p, "aborting upload: --dry-run");
	}
	free(path);
	free(dir);
	return ret;
}

static const char *ws_version_of(const void *ctx, const char *name)
{
	const struct workspace *ws = ctx;
	long j = workspace_find(ws, name);

	return j < 0 ? NULL : ws->pkgs[j].m->package.version;
}

static int publish_one(struct pub *p, size_t idx, struct osdk_err *err)
{
	const struct ws_pkg *pkg = &p->ws->pkgs[idx];
	struct registry_write_result res;
	struct strbuf ar = STRBUF_INIT;
	struct registry reg = REGISTRY_INIT;
	struct index_entry e;
	struct index_file f = INDEX_FILE_INIT;
	const struct index_entry *old = NULL;
	size_t nfiles;
	int ret;

	ret = pack_index_entry(pkg->m, ws_version_of, p->ws, p->o->url,
			       p->o->cfg, &e, err);
	if (ret)
		return ret;
	ret = registry_open_latest(p->o->home, p->o->url, &reg, err);
	if (!ret) {
		ret = registry_read_index(&reg, e.name, &f, err);
		ret = ret == -ENOENT ? 0 : ret;
	}
	if (!ret && (old = index_file_find(&f, e.version)) &&
	    !p->o->skip_published)
		ret = err_set(err, -EEXIST,
			      "%s v%s is already in registry "
			      "'%s'; a published version never changes, so "
			      "bump the version",
			      e.name, e.version, p->o->url);
	if (!ret && !old)
		ret = deps_present(&reg, &e, err);
	if (!ret && !old)
		ret = refuse_dirty(pkg->dir, p->o->allow_dirty, err);
	if (!ret && !old)
		ret = publish_run_checks(p->ws, idx, err);
	if (!ret) {
		if (!old)
			status(p, "Packaging", "%s v%s (%s)", e.name, e.version,
			       pkg->dir);
		ret = pack_package(pkg->dir, e.name, e.version, &ar, &nfiles,
				   err);
	}
	if (ret)
		goto out_fail;
	sha256_hex(ar.buf, ar.len, e.sha256);
	if (old) {
		status(p, "Skipping", "%s v%s: already in registry `%s`",
		       e.name, e.version, p->o->url);
		if (strcmp(old->sha256, e.sha256) != 0)
			warn(p,
			     "the sources of %s v%s in '%s' differ from the "
			     "published ones; bump the version to publish "
			     "them",
			     e.name, e.version, pkg->dir);
		goto out;
	}
	status(p, "Packaged", "%zu file%s, %.1fKiB (sha256 %.16s)", nfiles,
	       nfiles == 1 ? "" : "s", (double)ar.len / 1024, e.sha256);
	if (p->o->dry_run) {
		ret = write_dry_run(p, &e, &ar, err);
		if (ret)
			goto out_fail;
		goto out;
	}
	status(p, "Uploading", "%s v%s to registry `%s`", e.name, e.version,
	       p->o->url);
	ret = registry_publish(p->o->home, p->o->url, &e, ar.buf, ar.len, &res,
			       err);
	if (ret)
		goto out_fail;
	if (res.stale_lock[0])
		warn(p,
		     "removed '%s' from registry `%s`: a lock left by a "
		     "write that was interrupted",
		     res.stale_lock, p->o->url);
	if (res.attempts > 1)
		status(p, "Published",
		       "%s v%s at %.12s (the registry moved "
		       "meanwhile; %d attempts)",
		       e.name, e.version, res.commit, res.attempts);
	else
		status(p, "Published", "%s v%s at %.12s", e.name, e.version,
		       res.commit);
	goto out;
out_fail:
out:
	index_file_release(&f);
	registry_close(&reg);
	strbuf_release(&ar);
	index_entry_release(&e);
	return ret;
}

int publish_package(struct workspace *ws, size_t idx,
		    const struct publish_opts *o, struct osdk_err *err)
{
	struct pub p = { ws, o };

	return publish_one(&p, idx, err);
}
