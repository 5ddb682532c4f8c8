/* SPDX-License-Identifier: MIT */
/* lockfile.c - reading and writing osdk.lock. */
#include "core/resolve/lockfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "core/manifest/manifest.h"
#include "core/manifest/ynode.h"
#include "core/resolve/source_id.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/suggest.h"
#include "util/xalloc.h"
#include "util/sort.h"

static const char header[] =
	"# osdk.lock: the exact packages this workspace builds with.\n"
	"# Written by osdk (osdk update moves it forward); commit it and do "
	"not\n"
	"# edit it by hand.\n";

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void pkg_release(struct lock_pkg *p)
{
	free(p->name);
	free(p->version);
	free(p->source);
	free(p->commit);
	free(p->sha256);
	for (size_t i = 0; i < p->ndeps; i++)
		free(p->deps[i]);
	free(p->deps);
	memset(p, 0, sizeof(*p));
}

void lock_release(struct lockfile *lf)
{
	for (size_t i = 0; i < lf->n; i++)
		pkg_release(&lf->v[i]);
	free(lf->v);
	lf->v = NULL;
	lf->n = 0;
}

void lock_add(struct lockfile *lf, const struct lock_pkg *p)
{
	struct lock_pkg *q;

	lf->v = xrealloc(lf->v, (lf->n + 1) * sizeof(*lf->v));
	q = &lf->v[lf->n++];
	q->name = xstrdup(p->name);
	q->version = xstrdup(p->version);
	q->source = xstrdup(p->source);
	q->commit = dup_or_null(p->commit);
	q->sha256 = dup_or_null(p->sha256);
	q->deps = xcalloc(p->ndeps + 1, sizeof(char *));
	for (size_t i = 0; i < p->ndeps; i++)
		q->deps[i] = xstrdup(p->deps[i]);
	q->ndeps = p->ndeps;
}

const struct lock_pkg *lock_find(const struct lockfile *lf, const char *name)
{
	for (size_t i = 0; i < lf->n; i++)
		if (!strcmp(lf->v[i].name, name))
			return &lf->v[i];
	return NULL;
}

static int cmp_pkg(const void *a, const void *b)
{
	const struct lock_pkg *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->source, y->source);
}

static int cmp_pkg_ptr(const void *a, const void *b)
{
	return cmp_pkg(*(const struct lock_pkg *const *)a,
		       *(const struct lock_pkg *const *)b);
}

void lock_sort(struct lockfile *lf)
{
	for (size_t i = 0; i < lf->n; i++)
		sort_strings(lf->v[i].deps, lf->v[i].ndeps);
	sort_array(lf->v, lf->n, sizeof(*lf->v), cmp_pkg);
}

char *lock_format(struct lockfile *lf)
{
	struct strbuf sb = STRBUF_INIT;

	lock_sort(lf);
	strbuf_adds(&sb, header);
	strbuf_addf(&sb, "version: %d\npackages:%s\n", LOCK_VERSION,
		    lf->n ? "" : " []");
	for (size_t i = 0; i < lf->n; i++) {
		const struct lock_pkg *p = &lf->v[i];

		strbuf_addf(&sb,
			    "  - name: %s\n    version: \"%s\"\n"
			    "    source: ",
			    p->name, p->version);
		strbuf_add_dquoted(&sb, p->source);
		strbuf_addch(&sb, '\n');
		if (p->commit)
			strbuf_addf(&sb, "    commit: %s\n", p->commit);
		if (p->sha256)
			strbuf_addf(&sb, "    sha256: %s\n", p->sha256);
		strbuf_adds(&sb, "    dependencies: [");
		for (size_t d = 0; d < p->ndeps; d++)
			strbuf_addf(&sb, "%s%s", d ? ", " : "", p->deps[d]);
		strbuf_adds(&sb, "]\n");
	}
	return strbuf_detach(&sb);
}

int lock_save(const char *path, struct lockfile *lf, struct osdk_err *err)
{
	char *text = lock_format(lf);
	int ret = fs_write_atomic(path, text, strlen(text), err);

	free(text);
	return ret;
}

/* ---- reading ---- */

static bool is_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == n;
}

static int read_deps(struct ynode_reader *r, yaml_node_t *seq,
		     struct lock_pkg *p)
{
	if (seq->type != YAML_SEQUENCE_NODE)
		return ynode_rfail(r, seq,
				   "'dependencies' must be a list of names");
	p->deps = xcalloc((size_t)(seq->data.sequence.items.top -
				   seq->data.sequence.items.start) +
				  1,
			  sizeof(char *));
	for (yaml_node_item_t *i = seq->data.sequence.items.start;
	     i < seq->data.sequence.items.top; i++) {
		yaml_node_t *n = yaml_document_get_node(r->doc, *i);

		if (!ynode_scalar(n) || !manifest_valid_name(ynode_scalar(n)))
			return ynode_rfail(r, n,
					   "'dependencies' must list package "
					   "names");
		p->deps[p->ndeps++] = xstrdup(ynode_scalar(n));
	}
	return 0;
}

enum lock_key {
	LK_NAME,
	LK_VERSION,
	LK_SOURCE,
	LK_COMMIT,
	LK_SHA256,
	LK_DEPS,
	LK_NKEYS
};

static const char *const lock_keys[] = {
	[LK_NAME] = "name",	[LK_VERSION] = "version",
	[LK_SOURCE] = "source", [LK_COMMIT] = "commit",
	[LK_SHA256] = "sha256", [LK_DEPS] = "dependencies",
	[LK_NKEYS] = NULL,
};

/* Which of lock_keys `key` is; LK_NKEYS when none. */
static enum lock_key lock_key_of(const char *key)
{
	int i = 0;

	while (lock_keys[i] && (!key || strcmp(lock_keys[i], key)))
		i++;
	return (enum lock_key)i;
}

/* A scalar field's value, checked by what the field holds. */
static int check_field(const struct ynode_reader *r, const yaml_node_t *v,
		       enum lock_key k, const char *s)
{
	struct source_id id = SOURCE_ID_INIT;

	switch (k) {
	case LK_NAME:
		if (!manifest_valid_name(s))
			return ynode_rfail(r, v, "bad name '%s'", s);
		return 0;
	case LK_VERSION:
		if (!manifest_valid_version(s))
			return ynode_rfail(r, v, "bad version '%s'", s);
		return 0;
	case LK_SOURCE:
		if (source_id_parse(s, &id))
			return ynode_rfail(r, v,
					   "bad source '%s'; expected "
					   "registry+URL, git+URL or path+DIR",
					   s);
		source_id_release(&id);
		return 0;
	case LK_COMMIT:
		if (!is_hex(s, 40))
			return ynode_rfail(r, v,
					   "'commit' must be 40 hex "
					   "digits");
		return 0;
	case LK_SHA256:
		if (!is_hex(s, 64))
			return ynode_rfail(r, v,
					   "'sha256' must be 64 hex "
					   "digits");
		return 0;
	default:
		return 0;
	}
}

static int read_pkg(struct ynode_reader *r, yaml_node_t *map,
		    struct lock_pkg *p)
{
	char **fields[] = {
		[LK_NAME] = &p->name,	  [LK_VERSION] = &p->version,
		[LK_SOURCE] = &p->source, [LK_COMMIT] = &p->commit,
		[LK_SHA256] = &p->sha256,
	};
	int ret = 0;

	if (map->type != YAML_MAPPING_NODE)
		return ynode_rfail(r, map,
				   "each of 'packages' must be a mapping");
	for (yaml_node_pair_t *kv = map->data.mapping.pairs.start;
	     !ret && kv < map->data.mapping.pairs.top; kv++) {
		yaml_node_t *k = yaml_document_get_node(r->doc, kv->key);
		yaml_node_t *v = yaml_document_get_node(r->doc, kv->value);
		const char *key = ynode_scalar(k);
		enum lock_key lk = lock_key_of(key);

		if (lk == LK_NKEYS) {
			const char *best =
				key ? suggest_closest(key, lock_keys) : NULL;

			return ynode_rfail(r, k, "unknown key '%s'%s%s%s",
					   key ? key : "?",
					   best ? "; did you mean '" : "",
					   best ? best : "", best ? "'?" : "");
		}
		if (lk == LK_DEPS) {
			ret = read_deps(r, v, p);
			continue;
		}
		if (!ynode_scalar(v))
			return ynode_rfail(r, v, "'%s' must be a string", key);
		if (*fields[lk])
			return ynode_rfail(r, k, "'%s' is given twice", key);
		*fields[lk] = xstrdup(ynode_scalar(v));
		ret = check_field(r, v, lk, ynode_scalar(v));
	}
	if (!ret && (!p->name || !p->version || !p->source))
		ret = ynode_rfail(r, map,
				  "a locked package needs 'name', 'version' "
				  "and 'source'");
	return ret;
}

/* Whether the text is exactly the decimal LOCK_VERSION ("1", not "1x"). */
static bool lock_version_ok(const char *s)
{
	char want[16];

	snprintf(want, sizeof(want), "%d", LOCK_VERSION);
	return s && strcmp(s, want) == 0;
}

static int read_root(struct ynode_reader *r, struct lockfile *lf)
{
	yaml_node_t *root = yaml_document_get_root_node(r->doc);
	yaml_node_t *pkgs = NULL, *ver = NULL;

	if (!root || root->type != YAML_MAPPING_NODE)
		return ynode_rfail(r, root,
				   "expected 'version' and 'packages'");
	for (yaml_node_pair_t *kv = root->data.mapping.pairs.start;
	     kv < root->data.mapping.pairs.top; kv++) {
		yaml_node_t *k = yaml_document_get_node(r->doc, kv->key);
		const char *key = ynode_scalar(k);

		if (key && !strcmp(key, "version"))
			ver = yaml_document_get_node(r->doc, kv->value);
		else if (key && !strcmp(key, "packages"))
			pkgs = yaml_document_get_node(r->doc, kv->value);
		else
			return ynode_rfail(
				r, k,
				"unknown key '%s'; expected 'version' "
				"or 'packages'",
				key ? key : "?");
	}
	if (!lock_version_ok(ynode_scalar(ver)))
		return ynode_rfail(
			r, ver ? ver : root,
			"this osdk reads lock files of "
			"version %d; delete the file to write it anew",
			LOCK_VERSION);
	if (!pkgs || pkgs->type != YAML_SEQUENCE_NODE)
		return ynode_rfail(r, pkgs ? pkgs : root,
				   "'packages' must be a list");
	for (yaml_node_item_t *i = pkgs->data.sequence.items.start;
	     i < pkgs->data.sequence.items.top; i++) {
		yaml_node_t *n = yaml_document_get_node(r->doc, *i);
		struct lock_pkg p;
		int ret;

		memset(&p, 0, sizeof(p));
		ret = read_pkg(r, n, &p);
		if (!ret && lock_find(lf, p.name))
			ret = ynode_rfail(r, n, "package '%s' is locked twice",
					  p.name);
		if (ret) {
			pkg_release(&p);
			return ret;
		}
		lf->v = xrealloc(lf->v, (lf->n + 1) * sizeof(*lf->v));
		lf->v[lf->n++] = p;
	}
	return 0;
}

int lock_load(const char *path, struct lockfile *lf, struct osdk_err *err)
{
	struct ynode_reader r = { path, NULL, err };
	yaml_document_t doc;
	int ret;

	memset(lf, 0, sizeof(*lf));
	if (!fs_exists(path))
		return -ENOENT;
	ret = ynode_load(path, &doc, err);
	if (ret)
		goto out;
	r.doc = &doc;
	ret = read_root(&r, lf);
	yaml_document_delete(&doc);
out:
	if (ret)
		lock_release(lf);
	return ret;
}

/* ---- comparing ---- */

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool pkg_equal(const struct lock_pkg *a, const struct lock_pkg *b)
{
	if (!str_eq(a->version, b->version) || !str_eq(a->source, b->source) ||
	    !str_eq(a->commit, b->commit) || !str_eq(a->sha256, b->sha256) ||
	    a->ndeps != b->ndeps)
		return false;
	for (size_t i = 0; i < a->ndeps; i++) {
		bool found = false;

		for (size_t j = 0; j < b->ndeps && !found; j++)
			found = !strcmp(a->deps[i], b->deps[j]);
		if (!found)
			return false;
	}
	return true;
}

bool lock_equal(const struct lockfile *a, const struct lockfile *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++) {
		const struct lock_pkg *q = lock_find(b, a->v[i].name);

		if (!q || !pkg_equal(&a->v[i], q))
			return false;
	}
	return true;
}

void lock_diff(const struct lockfile *old, const struct lockfile *new_,
	       void (*fn)(void *ctx, enum lock_change what,
			  const struct lock_pkg *from,
			  const struct lock_pkg *to),
	       void *ctx)
{
	const struct lock_pkg **all =
		xcalloc(old->n + new_->n + 1, sizeof(*all));
	size_t n = 0;

	for (size_t i = 0; i < old->n; i++)
		all[n++] = &old->v[i];
	for (size_t i = 0; i < new_->n; i++)
		if (!lock_find(old, new_->v[i].name))
			all[n++] = &new_->v[i];
	sort_array(all, n, sizeof(*all), cmp_pkg_ptr);
	for (size_t i = 0; i < n; i++) {
		const struct lock_pkg *a = lock_find(old, all[i]->name);
		const struct lock_pkg *b = lock_find(new_, all[i]->name);

		if (!a)
			fn(ctx, LOCK_ADDED, NULL, b);
		else if (!b)
			fn(ctx, LOCK_REMOVED, a, NULL);
		else if (!str_eq(a->version, b->version) ||
			 !str_eq(a->source, b->source) ||
			 !str_eq(a->commit, b->commit))
			fn(ctx, LOCK_UPDATED, a, b);
	}
	free(all);
}
