/* SPDX-License-Identifier: MIT */
/* manifest_deps.c - the `dependencies` section: registry, path and git. */
#include "core/manifest/manifest_yaml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/manifest/manifest.h"
#include "util/err.h"
#include "util/xalloc.h"

static const char *const dep_keys[] = { "version", "registry", "path",	 "git",
					"rev",	   "tag",      "branch", NULL };
enum {
	DEP_VERSION,
	DEP_REGISTRY,
	DEP_PATH,
	DEP_GIT,
	DEP_REV,
	DEP_TAG,
	DEP_BRANCH,
	DEP_NKEYS
};

/* Keys that cannot be combined in one dependency, checked in this order. */
static const int dep_conflicts[][2] = {
	{ DEP_GIT, DEP_PATH },	   { DEP_REGISTRY, DEP_PATH },
	{ DEP_REGISTRY, DEP_GIT }, { DEP_REV, DEP_TAG },
	{ DEP_REV, DEP_BRANCH },   { DEP_TAG, DEP_BRANCH },
};

static int dep_field(struct manifest_reader *r, struct manifest_map_iter *it,
		     struct manifest_dep *d)
{
	char **const strs[] = {
		[DEP_REGISTRY] = &d->registry, [DEP_GIT] = &d->git,
		[DEP_REV] = &d->rev,	       [DEP_TAG] = &d->tag,
		[DEP_BRANCH] = &d->branch,
	};

	if (it->index == DEP_VERSION)
		return manifest_get_requirement(r, it->val, it->field,
						&d->version);
	if (it->index == DEP_PATH)
		return manifest_get_path(r, it->val, it->field, &d->path);
	return manifest_get_nonempty(r, it->val, it->field, strs[it->index]);
}

static const yaml_node_t *later(const yaml_node_t *a, const yaml_node_t *b)
{
	return a->start_mark.index > b->start_mark.index ? a : b;
}

static int parse_dep_map(struct manifest_reader *r,
			 const struct manifest_map_iter *at,
			 struct manifest_dep *d)
{
	const yaml_node_t *keys[DEP_NKEYS] = { NULL };
	struct manifest_map_iter it;
	int ret;

	manifest_map_start(&it, at->val, at->field, dep_keys);
	while ((ret = manifest_map_next(r, &it)) > 0) {
		keys[it.index] = it.knode;
		ret = dep_field(r, &it, d);
		if (ret)
			return ret;
	}
	if (ret)
		return ret;
	/* Report a clash where it happens: at the second key of the pair. */
	for (size_t i = 0; i < sizeof(dep_conflicts) / sizeof(*dep_conflicts);
	     i++) {
		int a = dep_conflicts[i][0], b = dep_conflicts[i][1];

		if (keys[a] && keys[b])
			return manifest_fail(r, later(keys[a], keys[b]),
					     "'%s' has both '%s' and '%s'",
					     at->field, dep_keys[a],
					     dep_keys[b]);
	}
	for (int k = DEP_REV; k <= DEP_BRANCH; k++)
		if (keys[k] && !keys[DEP_GIT])
			return manifest_fail(r, keys[k],
					     "'%s' has '%s' but no 'git'",
					     at->field, dep_keys[k]);
	if (!keys[DEP_VERSION] && !keys[DEP_PATH] && !keys[DEP_GIT])
		return manifest_fail(r, at->knode,
				     "'%s' needs a 'version', 'path' or 'git'",
				     at->field);
	d->kind = d->path  ? MANIFEST_DEP_PATH
		  : d->git ? MANIFEST_DEP_GIT
			   : MANIFEST_DEP_REGISTRY;
	return 0;
}

struct deps_ctx {
	struct manifest *m;
	size_t cap;
};

static int dep_key(struct manifest_reader *r,
		   const struct manifest_map_iter *it)
{
	return manifest_check_key_name(r, it, "package");
}

static int dep_entry(struct manifest_reader *r, struct manifest_map_iter *it,
		     void *vctx)
{
	struct deps_ctx *c = vctx;
	struct manifest *m = c->m;
	struct manifest_dep *d;

	XGROW(m->deps, c->cap, m->ndeps + 1);
	d = &m->deps[m->ndeps++];
	memset(d, 0, sizeof(*d));
	d->name = xstrdup(it->key);
	d->pos = manifest_pos_of(it->knode);
	if (it->val->type == YAML_MAPPING_NODE)
		return parse_dep_map(r, it, d);
	if (it->val->type == YAML_SCALAR_NODE && !manifest_is_null(it->val))
		return manifest_get_requirement(r, it->val, it->field,
						&d->version);
	return manifest_fail(r, it->val,
			     "expected a version requirement or a mapping "
			     "for '%s', found %s",
			     it->field, manifest_kind(it->val));
}

int manifest_parse_deps(struct manifest_reader *r,
			const struct manifest_map_iter *at, struct manifest *m)
{
	struct deps_ctx c = { m, 0 };

	return manifest_each_entry(r, at, dep_key, dep_entry, &c);
}
