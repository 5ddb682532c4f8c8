/* SPDX-License-Identifier: MIT */
/* manifest_workspace.c - the `workspace` section: members and trust. */
#include "core/manifest/manifest_yaml.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/manifest/manifest.h"
#include "util/err.h"
#include "util/xalloc.h"

static int check_member(struct manifest_reader *r, yaml_node_t *n,
			const char *field, const char *value)
{
	char shown[MANIFEST_SHOW_MAX];

	if (!*value)
		return manifest_fail(r, n, "'%s' must not be empty", field);
	if (*value == '/')
		return manifest_fail(r, n,
				     "'%s' must be a directory relative to "
				     "the workspace, not '%s'",
				     field, manifest_show(shown, value));
	return 0;
}

static const char *const source_keys[] = { "name", "path", "git", "registry",
					   NULL };
enum { SRC_NAME, SRC_PATH, SRC_GIT, SRC_REGISTRY };

/* One mapping entry: `{ name: N, path|git|registry: WHERE }`. */
static int parse_source(struct manifest_reader *r, yaml_node_t *n,
			const char *field, struct manifest_trust *t)
{
	static const enum manifest_dep_kind kinds[] = {
		[SRC_PATH] = MANIFEST_DEP_PATH,
		[SRC_GIT] = MANIFEST_DEP_GIT,
		[SRC_REGISTRY] = MANIFEST_DEP_REGISTRY,
	};
	struct manifest_map_iter it;
	const char *where_key = NULL;
	int ret;

	t->pos.line = (int)n->start_mark.line + 1;
	t->pos.col = (int)n->start_mark.column + 1;
	manifest_map_start(&it, n, field, source_keys);
	while ((ret = manifest_map_next(r, &it)) > 0) {
		if (it.index == SRC_NAME) {
			ret = manifest_get_str(r, it.val, it.field, &t->name);
			if (!ret)
				ret = manifest_check_name(r, it.val, it.field,
							  t->name);
		} else if (where_key) {
			ret = manifest_fail(r, it.knode,
					    "'%s' has both '%s' and '%s'; a "
					    "trusted source is one of path, "
					    "git or registry",
					    field, where_key, it.key);
		} else {
			where_key = source_keys[it.index];
			t->kind = kinds[it.index];
			ret = it.index == SRC_PATH
				      ? manifest_get_path(r, it.val, it.field,
							  &t->where)
				      : manifest_get_str(r, it.val, it.field,
							 &t->where);
			if (!ret && !*t->where)
				ret = manifest_fail(r, it.val,
						    "'%s' must not be empty",
						    it.field);
		}
		if (ret)
			return ret;
	}
	if (ret)
		return ret;
	if (!t->name)
		return manifest_fail(r, n,
				     "'%s' is missing required field "
				     "'name'",
				     field);
	if (!where_key)
		return manifest_fail(r, n,
				     "'%s' needs a 'path', 'git' or 'registry' "
				     "saying where the trusted '%s' comes from",
				     field, t->name);
	return 0;
}

/*
 * workspace.trusted: plain names (packages of the workspace's own tree)
 * and mappings (a named package from one source outside it).
 */
static int parse_trusted(struct manifest_reader *r, yaml_node_t *n,
			 const char *field, struct manifest *m)
{
	char item[MANIFEST_FIELD_MAX + 24];
	size_t i = 0, ncap = 0, scap = 0;
	int ret = 0;

	if (n->type != YAML_SEQUENCE_NODE && !manifest_is_null(n))
		return manifest_fail(r, n,
				     "expected a sequence for '%s', found %s",
				     field, manifest_kind(n));
	if (n->type != YAML_SEQUENCE_NODE)
		return 0;
	for (yaml_node_item_t *p = n->data.sequence.items.start;
	     p < n->data.sequence.items.top; p++, i++) {
		yaml_node_t *e = yaml_document_get_node(r->doc, *p);
		snprintf(item, sizeof(item), "%s[%zu]", field, i);
		if (!e)
			return manifest_fail(r, n, "malformed sequence '%s'",
					     field);
		if (e->type == YAML_MAPPING_NODE) {
			struct manifest_trust *t;

			XGROW(m->workspace.sources, scap,
			      m->workspace.nsources + 1);
			t = &m->workspace.sources[m->workspace.nsources++];
			memset(t, 0, sizeof(*t));
			ret = parse_source(r, e, item, t);
		} else {
			char **v;

			XGROW(m->workspace.trusted, ncap,
			      m->workspace.ntrusted + 1);
			v = &m->workspace.trusted[m->workspace.ntrusted];
			*v = NULL;
			ret = manifest_get_str(r, e, item, v);
			if (*v)
				m->workspace.ntrusted++;
			if (!ret)
				ret = manifest_check_name(r, e, item, *v);
		}
		if (ret)
			return ret;
	}
	return 0;
}

static const char *const workspace_keys[] = { "members", "trusted", NULL };

int manifest_parse_workspace(struct manifest_reader *r,
			     const struct manifest_map_iter *at,
			     struct manifest *m)
{
	struct manifest_map_iter it;
	bool has_members = false;
	int ret;

	ret = manifest_expect_map(r, at->val, at->field);
	if (ret)
		return ret;
	m->has_workspace = true;
	manifest_map_start(&it, at->val, at->field, workspace_keys);
	while ((ret = manifest_map_next(r, &it)) > 0) {
		if (it.index == 0) {
			has_members = true;
			ret = manifest_get_strlist(
				r, it.val, it.field, check_member,
				&m->workspace.members, &m->workspace.nmembers);
		} else {
			ret = parse_trusted(r, it.val, it.field, m);
		}
		if (ret)
			return ret;
	}
	if (!ret && !has_members)
		ret = manifest_fail(r, at->knode,
				    "'%s' is missing required field '%s'",
				    at->field, "members");
	return ret;
}
