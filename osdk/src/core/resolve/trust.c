/* SPDX-License-Identifier: MIT */
/* trust.c - trust follows where a package comes from, not its name. */
#include "core/resolve/trust.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/manifest/manifest.h"
#include "core/registry/home.h"
#include "core/resolve/source_id.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strvec.h"
#include "util/xalloc.h"

/* What trust_settle needs to hand: the configuration and osdk's frame. */
struct trust_ctx {
	struct workspace *ws;
	struct home_config cfg;
	bool have_cfg;
	char *default_url; /* the default registry's URL, or NULL */
	char *installed;   /* osdk's installed frame, resolved, or NULL */
	char *root_real;   /* the root workspace's directory, resolved */
};

/* The directory with symbolic links resolved, or its text when it does
 * not exist. Caller frees. */
static char *real_dir(const char *dir)
{
	char buf[PATH_MAX];

	return realpath(dir, buf) ? xstrdup(buf) : fs_abspath(dir);
}

static bool under(const char *dir, const char *top)
{
	size_t n = strlen(top);

	if (strncmp(dir, top, n) != 0)
		return false;
	return dir[n] == '\0' || dir[n] == '/' || (n && top[n - 1] == '/');
}

/* Where osdk's templates and frame copy live; the command layer's
 * cli_datadir() reads the same override. */
static const char *datadir(void)
{
	const char *d = getenv("OSDK_DATADIR");

	return d && *d ? d : OSDK_DATADIR;
}

static bool has_root_list(const struct workspace *ws)
{
	return ws->root && ws->root->has_workspace;
}

bool trust_listed(const struct workspace *ws, const char *name)
{
	const struct manifest *root = ws->root;

	if (!has_root_list(ws))
		return false;
	for (size_t i = 0; i < root->workspace.ntrusted; i++)
		if (strcmp(root->workspace.trusted[i], name) == 0)
			return true;
	return false;
}

static bool is_remote_url(const char *s)
{
	return strstr(s, "://") || (strchr(s, '@') && strchr(s, ':'));
}

/* Whether the mapping entry t of workspace.trusted names package p. */
static int source_matches(struct trust_ctx *c, const struct manifest_trust *t,
			  size_t p, bool *match, struct osdk_err *err)
{
	const struct ws_pkg *pkg = &c->ws->pkgs[p];
	struct source_id id = SOURCE_ID_INIT;
	char *url = NULL, *a = NULL, *b = NULL;
	int ret = 0;

	*match = false;
	if (strcmp(t->name, pkg->m->package.name) != 0)
		return 0;
	if (t->kind == MANIFEST_DEP_PATH) {
		if (pkg->source && strncmp(pkg->source, "path+", 5) != 0)
			return 0;
		a = real_dir(pkg->dir);
		b = real_dir(t->where);
		*match = strcmp(a, b) == 0;
		goto out;
	}
	if (!pkg->source || source_id_parse(pkg->source, &id))
		return 0;
	if (t->kind == MANIFEST_DEP_GIT && id.kind == SOURCE_GIT) {
		char *abs = is_remote_url(t->where)
				    ? xstrdup(t->where)
				    : manifest_join_path(c->ws->root->dir,
							 t->where);

		ret = home_canon_url(abs, &url, err);
		free(abs);
		*match = !ret && strcmp(url, id.where) == 0;
	} else if (t->kind == MANIFEST_DEP_REGISTRY &&
		   id.kind == SOURCE_REGISTRY && pkg->sha256 && c->have_cfg) {
		ret = home_registry_url(&c->cfg, t->where, &url, err);
		*match = !ret && strcmp(url, id.where) == 0;
	}
	if (ret)
		err_prefix(err, ret, "%s:%d:%d: a trusted source",
			   c->ws->root->path, t->pos.line, t->pos.col);
out:
	source_id_release(&id);
	free(url);
	free(a);
	free(b);
	return ret;
}

/* The sources that are trusted without a list: the default registry's
 * frame, checksum-checked, and osdk's installed frame. */
static bool trusted_by_default(struct trust_ctx *c, size_t p)
{
	const struct ws_pkg *pkg = &c->ws->pkgs[p];
	struct source_id id = SOURCE_ID_INIT;
	bool yes = false;

	if (strcmp(pkg->m->package.name, TRUST_DEFAULT_NAME) != 0)
		return false;
	if (!pkg->source || !strncmp(pkg->source, "path+", 5)) {
		char *dir = real_dir(pkg->dir);

		yes = c->installed && strcmp(dir, c->installed) == 0;
		free(dir);
		return yes;
	}
	if (source_id_parse(pkg->source, &id))
		return false;
	yes = id.kind == SOURCE_REGISTRY && c->default_url && pkg->sha256 &&
	      strcmp(id.where, c->default_url) == 0;
	source_id_release(&id);
	return yes;
}

static int decide(struct trust_ctx *c, size_t p, bool *yes,
		  struct osdk_err *err)
{
	const struct ws_pkg *pkg = &c->ws->pkgs[p];
	const struct manifest *root = c->ws->root;
	int ret;

	*yes = trusted_by_default(c, p);
	if (*yes)
		return 0;
	if (!has_root_list(c->ws)) {
		/* A lone package: the one in the directory being built is the
		 * user's own tree, where, as a workspace's list would, the
		 * frame's name may claim trust (the frame's own checkout). A
		 * dependency of it never can. */
		if (!pkg->source &&
		    strcmp(pkg->m->package.name, TRUST_DEFAULT_NAME) == 0) {
			char *dir = real_dir(pkg->dir);

			*yes = strcmp(dir, c->root_real) == 0;
			free(dir);
		}
		return 0;
	}
	if (!pkg->source && trust_listed(c->ws, pkg->m->package.name)) {
		char *dir = real_dir(pkg->dir);

		*yes = under(dir, c->root_real);
		free(dir);
		if (*yes)
			return 0;
	}
	for (size_t i = 0; i < root->workspace.nsources && !*yes; i++) {
		ret = source_matches(c, &root->workspace.sources[i], p, yes,
				     err);
		if (ret)
			return ret;
	}
	return 0;
}

static bool needs_config(const struct workspace *ws)
{
	for (size_t p = 0; p < ws->npkgs; p++)
		if (ws->pkgs[p].m->package.trusted && ws->pkgs[p].sha256)
			return true;
	return false;
}

int trust_settle(struct workspace *ws, struct osdk_err *err)
{
	struct trust_ctx c = { .ws = ws, .cfg = HOME_CONFIG_INIT };
	char *frame = fs_join(datadir(), "frame");
	int ret = 0;

	c.installed = fs_is_dir(frame) ? real_dir(frame) : NULL;
	c.root_real = real_dir(ws->root_dir ? ws->root_dir : "/");
	if (needs_config(ws)) {
		char *home = home_dir();

		ret = home_config_load(home, &c.cfg, err);
		free(home);
		if (ret)
			goto out;
		c.have_cfg = true;
		if (c.cfg.default_registry &&
		    home_registry_url(&c.cfg, NULL, &c.default_url, NULL))
			c.default_url = NULL;
	}
	for (size_t p = 0; p < ws->npkgs; p++) {
		bool yes = false;

		ws->pkgs[p].trust = WS_UNTRUSTED;
		if (!ws->pkgs[p].m->package.trusted)
			continue;
		ret = decide(&c, p, &yes, err);
		if (ret)
			goto out;
		ws->pkgs[p].trust = yes ? WS_TRUSTED : WS_CLAIM_REFUSED;
	}
out:
	if (c.have_cfg)
		home_config_release(&c.cfg);
	free(c.default_url);
	free(c.installed);
	free(c.root_real);
	free(frame);
	return ret;
}

bool trust_pkg_trusted(const struct workspace *ws, size_t p)
{
	return ws->pkgs[p].trust == WS_TRUSTED;
}

/* "git 'URL'", "registry 'URL'", "'DIR'": where package p comes from. */
static char *origin(const struct ws_pkg *pkg)
{
	struct source_id id = SOURCE_ID_INIT;
	char *s;

	if (!pkg->source || source_id_parse(pkg->source, &id))
		return xasprintf("'%s'", pkg->dir);
	s = id.kind == SOURCE_GIT	 ? xasprintf("git '%s'", id.where)
	    : id.kind == SOURCE_REGISTRY ? xasprintf("registry '%s'", id.where)
					 : xasprintf("'%s'", id.where);
	source_id_release(&id);
	return s;
}

bool trust_claim_refused(const struct workspace *ws, size_t p,
			 struct osdk_err *why)
{
	const struct ws_pkg *pkg = &ws->pkgs[p];
	const struct manifest *m = pkg->m;
	char *from;

	if (pkg->trust != WS_CLAIM_REFUSED)
		return false;
	if (!why)
		return true;
	from = origin(pkg);
	if (has_root_list(ws) && !pkg->source &&
	    !trust_listed(ws, m->package.name))
		err_set(why, -EPERM,
			"%s:%d:%d: package '%s' says 'trusted: true', but "
			"'workspace.trusted' in '%s' does not list it; it is "
			"built and checked as an untrusted package",
			m->path, m->package.trusted_pos.line,
			m->package.trusted_pos.col, m->package.name,
			ws->root->path);
	else if (has_root_list(ws))
		err_set(why, -EPERM,
			"%s:%d:%d: package '%s' says 'trusted: true', but it "
			"comes from %s, a source 'workspace.trusted' in '%s' "
			"does not name; it is built and checked as an "
			"untrusted package",
			m->path, m->package.trusted_pos.line,
			m->package.trusted_pos.col, m->package.name, from,
			ws->root->path);
	else
		err_set(why, -EPERM,
			"%s:%d:%d: package '%s' says 'trusted: true', but it "
			"comes from %s; without a workspace only "
			"'" TRUST_DEFAULT_NAME
			"' itself (the package being built), from the default "
			"registry or osdk's installed copy may be trusted; it "
			"is built and checked as an untrusted package",
			m->path, m->package.trusted_pos.line,
			m->package.trusted_pos.col, m->package.name, from);
	free(from);
	return true;
}

void trust_preludes(const struct workspace *ws, struct strvec *out)
{
	for (size_t p = 0; p < ws->npkgs; p++)
		if (ws->pkgs[p].m->build.service_prelude &&
		    trust_pkg_trusted(ws, p))
			strvec_push(out, ws->pkgs[p].m->build.service_prelude);
}
