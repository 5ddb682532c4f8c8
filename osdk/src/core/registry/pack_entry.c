/* SPDX-License-Identifier: MIT */
/* pack_entry.c - checking a manifest for publishing, and its index line. */
#include "core/registry/pack_entry.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/registry/home.h"
#include "core/registry/index.h"
#include "core/manifest/manifest.h"
#include "core/registry/pack.h"
#include "core/registry/pack_files.h"
#include "core/manifest/semver.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

static bool blank(const char *s)
{
	if (!s)
		return true;
	while (*s == ' ' || *s == '\t')
		s++;
	return !*s;
}

int pack_check_manifest(const struct manifest *m, struct osdk_err *err)
{
	struct strbuf missing = STRBUF_INIT;
	int n = 0, ret = 0;

	if (!m->has_package)
		return err_set(err, -EINVAL,
			       "%s has no 'package' section to "
			       "publish",
			       m->path);
	if (blank(m->package.name))
		strbuf_addf(&missing, "%s'package.name'", n++ ? ", " : "");
	if (blank(m->package.version))
		strbuf_addf(&missing, "%s'package.version'", n++ ? ", " : "");
	if (blank(m->package.license))
		strbuf_addf(&missing, "%s'package.license'", n++ ? ", " : "");
	if (blank(m->package.description))
		strbuf_addf(&missing, "%s'package.description'",
			    n++ ? ", " : "");
	if (n)
		ret = err_set(err, -EINVAL,
			      "%s: a published package needs %s; "
			      "add %s",
			      m->path, missing.buf, n == 1 ? "it" : "them");
	strbuf_release(&missing);
	return ret;
}

static int dep_entry(pack_dep_version_fn version_of, const void *ctx,
		     const struct manifest *m, const struct manifest_dep *d,
		     const char *url,
		     const struct home_config *cfg, struct index_dep *out,
		     struct osdk_err *err)
{
	char *dep_url = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	out->name = xstrdup(d->name);
	switch (d->kind) {
	case MANIFEST_DEP_GIT:
		return err_set(err, -EINVAL,
			       "%s:%d:%d: dependency '%s' comes "
			       "from git; a published package may depend on "
			       "registry packages only (publish '%s' to a "
			       "registry first)",
			       m->path, d->pos.line, d->pos.col, d->name,
			       d->name);
	case MANIFEST_DEP_PATH: {
		const char *v = version_of(ctx, d->name);

		if (!v)
			return err_set(err, -ENOENT,
				       "%s:%d:%d: dependency '%s' "
				       "is not loaded",
				       m->path, d->pos.line, d->pos.col,
				       d->name);
		out->req =
			d->version
				? xstrdup(d->version)
				: semver_caret(v);
		return 0;
	}
	case MANIFEST_DEP_REGISTRY:
		break;
	}
	out->req = xstrdup(d->version ? d->version : "*");
	ret = home_registry_url(cfg, d->registry, &dep_url, err);
	if (ret)
		return err_prefix(err, ret, "%s:%d:%d: dependency '%s'",
				  m->path, d->pos.line, d->pos.col, d->name);
	if (strcmp(dep_url, url) != 0)
		out->registry = dep_url;
	else
		free(dep_url);
	return 0;
}

int pack_index_entry(const struct manifest *m, pack_dep_version_fn version_of,
		     const void *ctx, const char *url,
		     const struct home_config *cfg, struct index_entry *e,
		     struct osdk_err *err)
{
	int ret = pack_check_manifest(m, err);

	memset(e, 0, sizeof(*e));
	if (ret)
		return ret;
	e->name = xstrdup(m->package.name);
	e->version = xstrdup(m->package.version);
	e->type = xstrdup(m->package.type == MANIFEST_PKG_KERNEL ? "kernel"
								 : "library");
	e->description = xstrdup(m->package.description);
	e->license = xstrdup(m->package.license);
	e->deps = xcalloc(m->ndeps + 1, sizeof(*e->deps));
	for (size_t i = 0; i < m->ndeps; i++) {
		ret = dep_entry(version_of, ctx, m, &m->deps[i], url, cfg,
				&e->deps[i], err);
		e->ndeps++;
		if (ret)
			break;
	}
	if (ret)
		index_entry_release(e);
	return ret;
}

int pack_package(const char *dir, const char *name, const char *version,
		 struct strbuf *ar, size_t *nfiles, struct osdk_err *err)
{
	struct strvec files = STRVEC_INIT;
	char *prefix = xasprintf("%s-%s", name, version);
	int ret = pack_files_list(dir, &files, err);

	*nfiles = files.n;
	if (!ret)
		ret = pack_create(dir, prefix, &files, ar, err);
	strvec_clear(&files);
	free(prefix);
	return ret;
}
