/* SPDX-License-Identifier: MIT */
/* home.c - $OSDK_HOME, config.yaml and the cache's directory names. */
#include "core/registry/home.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "core/registry/pack.h"
#include "core/manifest/ynode.h"
#include "util/sha256.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/suggest.h"
#include "util/xalloc.h"

#define CONFIG_NAME "config.yaml"

char *home_dir(void)
{
	const char *h = getenv("OSDK_HOME");

	if (h && *h)
		return fs_abspath(h);
	h = getenv("HOME");
	return fs_join(h && *h ? h : "/", ".osdk");
}

bool home_valid_registry_name(const char *s)
{
	size_t n = 0;

	if (!s || !((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return false;
	for (; s[n]; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') ||
		      (s[n] >= '0' && s[n] <= '9') || s[n] == '-' ||
		      s[n] == '_'))
			return false;
	return n <= 64;
}

/* Fold ".", ".." and repeated or trailing slashes of an absolute path. */
static char *fold_path(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = path;

	while (*p) {
		size_t n;

		while (*p == '/')
			p++;
		n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (sb.len && sb.buf[sb.len - 1] != '/')
				sb.len--;
			if (sb.len)
				sb.len--;
			sb.buf[sb.len] = '\0';
		} else if (n && !(n == 1 && p[0] == '.')) {
			strbuf_addch(&sb, '/');
			strbuf_add(&sb, p, n);
		}
		p += n;
	}
	if (!sb.len)
		strbuf_addch(&sb, '/');
	return strbuf_detach(&sb);
}

int home_canon_url(const char *s, char **out, struct osdk_err *err)
{
	size_t n;

	*out = NULL;
	if (!s || !*s)
		return err_set(err, -EINVAL, "empty registry or git URL");
	if (!strncmp(s, "file://", 7)) {
		char *folded;

		if (s[7] != '/')
			return err_set(err, -EINVAL,
				       "'%s' is not an absolute "
				       "file:// URL (file:///path)",
				       s);
		folded = fold_path(s + 7);
		*out = xasprintf("file://%s", folded);
		free(folded);
		return 0;
	}
	if (!strstr(s, "://") && !strchr(s, '@')) {
		char *abs = fs_abspath(s);
		char *folded = fold_path(abs);

		*out = xasprintf("file://%s", folded);
		free(folded);
		free(abs);
		return 0;
	}
	n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		n--;
	*out = xstrndup(s, n);
	return 0;
}

char *home_local_path(const char *url)
{
	return strncmp(url, "file://", 7) ? NULL : xstrdup(url + 7);
}

char *home_cache_path(const char *home, const char *kind, const char *url)
{
	const char *tail = strrchr(url, '/');
	char hex[65], name[33];
	size_t n = 0;

	tail = tail && tail[1] ? tail + 1 : url;
	for (; *tail && n < sizeof(name) - 1; tail++) {
		char c = *tail;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_')
			name[n++] = c;
		else if (c >= 'A' && c <= 'Z')
			name[n++] = (char)(c - 'A' + 'a');
		else if (c == '.' && strcmp(tail, ".git") == 0)
			break;
		else
			name[n++] = '_';
	}
	name[n] = '\0';
	sha256_hex(url, strlen(url), hex);
	return xasprintf("%s/cache/%s/%s-%.16s", home, kind, n ? name : "r",
			 hex);
}

/* ---- reading config.yaml ---- */

static int read_registries(struct ynode_reader *r, yaml_document_t *doc,
			   yaml_node_t *map, struct home_config *cfg)
{
	size_t cap = 0;

	if (map->type == YAML_SCALAR_NODE && !*ynode_scalar(map))
		return 0;
	if (map->type != YAML_MAPPING_NODE)
		return ynode_rfail(r, map,
				   "'registries' must be a mapping from a "
				   "name to a URL");
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		yaml_node_t *v = yaml_document_get_node(doc, p->value);
		const char *name = ynode_scalar(k), *url = ynode_scalar(v);
		char *canon;
		int ret;

		if (!name || !home_valid_registry_name(name))
			return ynode_rfail(r, k,
					   "'%s' is not a valid registry name "
					   "([a-z0-9][a-z0-9_-]*)",
					   name ? name : "");
		if (!url)
			return ynode_rfail(r, v,
					   "'registries.%s' must be a URL "
					   "string",
					   name);
		for (size_t i = 0; i < cfg->nregs; i++)
			if (!strcmp(cfg->regs[i].name, name))
				return ynode_rfail(r, k,
						   "registry '%s' is listed "
						   "twice",
						   name);
		ret = home_canon_url(url, &canon, NULL);
		if (ret)
			return ynode_rfail(r, v,
					   "'registries.%s' is not a usable "
					   "URL: '%s'",
					   name, url);
		XGROW(cfg->regs, cap, cfg->nregs + 1);
		cfg->regs[cfg->nregs].name = xstrdup(name);
		cfg->regs[cfg->nregs++].url = canon;
	}
	return 0;
}

static int read_root(struct ynode_reader *r, yaml_document_t *doc,
		     struct home_config *cfg)
{
	static const char *const keys[] = { "default-registry", "registries",
					    NULL };
	yaml_node_t *root = yaml_document_get_root_node(doc);
	yaml_node_t *def = NULL;
	int ret = 0;

	if (!root || (root->type == YAML_SCALAR_NODE && !*ynode_scalar(root)))
		return 0;
	if (root->type != YAML_MAPPING_NODE)
		return ynode_rfail(r, root, "expected a mapping at the top");
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
	     !ret && p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		yaml_node_t *v = yaml_document_get_node(doc, p->value);
		const char *key = ynode_scalar(k);

		if (key && !strcmp(key, "registries")) {
			ret = read_registries(r, doc, v, cfg);
		} else if (key && !strcmp(key, "default-registry")) {
			if (!ynode_scalar(v) ||
			    !home_valid_registry_name(ynode_scalar(v)))
				return ynode_rfail(r, v,
						   "'default-registry' must be "
						   "a registry name");
			free(cfg->default_registry);
			cfg->default_registry = xstrdup(ynode_scalar(v));
			def = v;
		} else {
			const char *best =
				key ? suggest_closest(key, keys) : NULL;

			if (best)
				return ynode_rfail(r, k,
						   "unknown key '%s'; did you "
						   "mean '%s'?",
						   key, best);
			return ynode_rfail(r, k,
					   "unknown key '%s'; expected "
					   "'default-registry' or 'registries'",
					   key ? key : "?");
		}
	}
	if (!ret && def) {
		bool found = false;

		for (size_t i = 0; i < cfg->nregs; i++)
			found = found || !strcmp(cfg->regs[i].name,
						 cfg->default_registry);
		if (!found)
			ret = ynode_rfail(
				r, def,
				"'default-registry' names '%s', which "
				"is not in 'registries'",
				cfg->default_registry);
	}
	return ret;
}

int home_config_load(const char *home, struct home_config *cfg,
		     struct osdk_err *err)
{
	struct ynode_reader r = { NULL, NULL, NULL };
	yaml_document_t doc;
	int ret = 0;

	memset(cfg, 0, sizeof(*cfg));
	cfg->home = xstrdup(home);
	cfg->path = fs_join(home, CONFIG_NAME);
	if (!fs_exists(cfg->path))
		return 0;
	ret = ynode_load(cfg->path, &doc, err);
	if (ret)
		goto out;
	r.file = cfg->path;
	r.doc = &doc;
	r.err = err;
	ret = read_root(&r, &doc, cfg);
	yaml_document_delete(&doc);
out:
	if (ret)
		home_config_release(cfg);
	return ret;
}

void home_config_release(struct home_config *cfg)
{
	for (size_t i = 0; i < cfg->nregs; i++) {
		free(cfg->regs[i].name);
		free(cfg->regs[i].url);
	}
	free(cfg->regs);
	free(cfg->default_registry);
	free(cfg->path);
	free(cfg->home);
	memset(cfg, 0, sizeof(*cfg));
}

int home_config_set_registry(struct home_config *cfg, const char *name,
			     const char *url, bool make_default,
			     struct osdk_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int ret;

	if (!home_valid_registry_name(name))
		return err_set(err, -EINVAL,
			       "'%s' is not a valid registry name "
			       "([a-z0-9][a-z0-9_-]*, at most 64 characters)",
			       name);
	for (i = 0; i < cfg->nregs; i++)
		if (!strcmp(cfg->regs[i].name, name))
			break;
	if (i == cfg->nregs) {
		cfg->regs = xrealloc(cfg->regs,
				     (cfg->nregs + 1) * sizeof(*cfg->regs));
		cfg->regs[cfg->nregs].name = xstrdup(name);
		cfg->regs[cfg->nregs++].url = NULL;
	}
	free(cfg->regs[i].url);
	cfg->regs[i].url = xstrdup(url);
	if (make_default) {
		free(cfg->default_registry);
		cfg->default_registry = xstrdup(name);
	}

	strbuf_adds(&sb, "# osdk's configuration (see docs/registry.md). "
			 "`osdk registry` rewrites\n# this file: comments "
			 "are not kept.\n");
	if (cfg->default_registry)
		strbuf_addf(&sb, "default-registry: %s\n",
			    cfg->default_registry);
	strbuf_adds(&sb, "registries:\n");
	for (i = 0; i < cfg->nregs; i++) {
		strbuf_addf(&sb, "  %s: ", cfg->regs[i].name);
		strbuf_add_dquoted(&sb, cfg->regs[i].url);
		strbuf_addch(&sb, '\n');
	}
	ret = fs_mkdirs(cfg->home, err);
	if (!ret)
		ret = fs_write_atomic(cfg->path, sb.buf, sb.len, err);
	strbuf_release(&sb);
	return ret;
}

static bool looks_like_url(const char *s)
{
	return strchr(s, '/') || strchr(s, ':') || s[0] == '.' || s[0] == '~';
}

int home_registry_url(const struct home_config *cfg, const char *what,
		      char **url, struct osdk_err *err)
{
	const char *names[65];
	const char *best;
	size_t n = 0;

	*url = NULL;
	if (!what) {
		if (!cfg->default_registry)
			return err_set(
				err, -ENOENT,
				"no default registry is "
				"configured in '%s'; run './install.sh', "
				"or 'osdk registry init PATH --name "
				"local --default'",
				cfg->path);
		what = cfg->default_registry;
	}
	if (looks_like_url(what))
		return home_canon_url(what, url, err);
	for (size_t i = 0; i < cfg->nregs; i++) {
		if (!strcmp(cfg->regs[i].name, what)) {
			*url = xstrdup(cfg->regs[i].url);
			return 0;
		}
		if (n < 64)
			names[n++] = cfg->regs[i].name;
	}
	names[n] = NULL;
	best = suggest_closest(what, names);
	if (best)
		return err_set(err, -ENOENT,
			       "no registry named '%s' in '%s'; "
			       "did you mean '%s'?",
			       what, cfg->path, best);
	return err_set(err, -ENOENT,
		       "no registry named '%s' in '%s'; add it "
		       "with 'osdk registry add %s URL'",
		       what, cfg->path, what);
}
