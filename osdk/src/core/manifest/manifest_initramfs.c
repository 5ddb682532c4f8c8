/* SPDX-License-Identifier: MIT */
/* manifest_initramfs.c - the boot keys that describe what init receives. */
#include "core/manifest/manifest_yaml.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/manifest/manifest.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static struct manifest_pos pos_of(const yaml_node_t *n)
{
	struct manifest_pos p = { (int)n->start_mark.line + 1,
				  (int)n->start_mark.column + 1 };

	return p;
}

/* Whether the kernel can carry @s in a word: no quote, no control byte. */
static bool cmdline_safe(const char *s)
{
	for (; *s; s++)
		if (*s == '"' || (unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static int check_arg(struct manifest_reader *r, yaml_node_t *n,
		     const char *field, const char *value)
{
	char shown[MANIFEST_SHOW_MAX];

	if (!*value)
		return manifest_fail(r, n, "'%s' must not be empty", field);
	if (!cmdline_safe(value))
		return manifest_fail(r, n,
				     "'%s' cannot go on the kernel command "
				     "line (a double quote or a control "
				     "character), not '%s'",
				     field, manifest_show(shown, value));
	return 0;
}

int manifest_get_init_args(struct manifest_reader *r, yaml_node_t *n,
			   const char *field, struct manifest_strlist *out)
{
	int ret =
		manifest_get_strlist(r, n, field, check_arg, &out->v, &out->n);

	if (!ret)
		out->set = true;
	return ret;
}

/* An environment name a shell can use: [A-Za-z_][A-Za-z0-9_]*. */
static bool env_name(const char *s, size_t len)
{
	if (!len || (*s >= '0' && *s <= '9'))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!(s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

/* A KEY=VALUE word: a shell name, then what the kernel can carry. */
static int check_env(struct manifest_reader *r, yaml_node_t *n,
		     const char *field, const char *word)
{
	char shown[MANIFEST_SHOW_MAX];
	const char *eq = strchr(word, '=');

	if (!eq || !env_name(word, (size_t)(eq - word)))
		return manifest_fail(r, n,
				     "'%s' must be KEY=VALUE with KEY a "
				     "variable name ([A-Za-z_][A-Za-z0-9_]*), "
				     "not '%s'",
				     field, manifest_show(shown, word));
	return check_arg(r, n, field, word);
}

static int env_from_map(struct manifest_reader *r, yaml_node_t *n,
			const char *field, struct manifest_strlist *out)
{
	struct manifest_map_iter it;
	size_t cap = 0;
	int ret;

	manifest_map_start(&it, n, field, NULL);
	while ((ret = manifest_map_next(r, &it)) > 0) {
		char shown[MANIFEST_SHOW_MAX];
		char *value = NULL, *word;

		if (!env_name(it.key, strlen(it.key)))
			return manifest_fail(r, it.knode,
					     "'%s' is not a variable name "
					     "([A-Za-z_][A-Za-z0-9_]*)",
					     manifest_show(shown, it.key));
		ret = manifest_get_str(r, it.val, it.field, &value);
		if (ret)
			return ret;
		word = xasprintf("%s=%s", it.key, value);
		free(value);
		ret = check_arg(r, it.val, it.field, word);
		if (ret) {
			free(word);
			return ret;
		}
		XGROW(out->v, cap, out->n + 1);
		out->v[out->n++] = word;
	}
	return ret;
}

int manifest_get_init_env(struct manifest_reader *r, yaml_node_t *n,
			  const char *field, struct manifest_strlist *out)
{
	struct manifest_strlist got = { NULL, 0, true };
	int ret;

	if (n->type == YAML_MAPPING_NODE)
		ret = env_from_map(r, n, field, &got);
	else if (n->type == YAML_SEQUENCE_NODE || manifest_is_null(n))
		ret = manifest_get_strlist(r, n, field, check_env, &got.v,
					   &got.n);
	else
		ret = manifest_fail(r, n,
				    "expected a mapping or a sequence of "
				    "KEY=VALUE for '%s', found %s",
				    field, manifest_kind(n));
	if (ret) {
		manifest_strv_free(got.v, got.n);
		return ret;
	}
	manifest_strv_free(out->v, out->n);
	*out = got;
	return 0;
}

/* ---- boot.initramfs ---- */

/*
 * @in as an archive path: absolute, repeated and trailing slashes folded.
 * NULL (nothing allocated) when it is relative or has a "." or ".." part.
 */
static char *rd_path(const char *in)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = in;

	if (*in != '/')
		return NULL;
	while (*p) {
		size_t len;

		while (*p == '/')
			p++;
		len = strcspn(p, "/");
		if (!len)
			break;
		if ((len == 1 && p[0] == '.') ||
		    (len == 2 && p[0] == '.' && p[1] == '.')) {
			strbuf_release(&sb);
			return NULL;
		}
		strbuf_addch(&sb, '/');
		strbuf_add(&sb, p, len);
		p += len;
	}
	if (!sb.len)
		strbuf_addch(&sb, '/');
	return strbuf_detach(&sb);
}

/* Octal permission bits, as chmod takes them: 0755, 1777, 644. */
static int get_mode(struct manifest_reader *r, yaml_node_t *n,
		    const char *field, int *out)
{
	char shown[MANIFEST_SHOW_MAX];
	char *s = NULL;
	long v = 0;
	int ret;

	ret = manifest_get_str(r, n, field, &s);
	if (ret)
		return ret;
	for (const char *c = s; *c && v <= 07777; c++) {
		if (*c < '0' || *c > '7') {
			v = -1;
			break;
		}
		v = v * 8 + (*c - '0');
	}
	if (!*s || v < 0 || v > 07777)
		ret = manifest_fail(r, n,
				    "'%s' must be octal permission bits like "
				    "0755 or 01777 (at most 07777), not '%s'",
				    field, manifest_show(shown, s));
	else
		*out = (int)v;
	free(s);
	return ret;
}

static const char *const entry_keys[] = { "path",    "source",	"content",
					  "dir",     "symlink", "tree",
					  "char",    "block",	"mode",
					  "applets", NULL };
enum {
	RD_PATH,
	RD_SOURCE,
	RD_CONTENT,
	RD_DIR,
	RD_SYMLINK,
	RD_TREE,
	RD_CHAR,
	RD_BLOCK,
	RD_MODE,
	RD_APPLETS,
	RD_NKEYS
};

/* The key that makes each kind, in the order of enum manifest_rd_kind. */
static const int kind_key[] = { RD_SOURCE, RD_CONTENT, RD_DIR,	RD_SYMLINK,
				RD_TREE,   RD_CHAR,    RD_BLOCK };

/* "MAJOR:MINOR" in decimal, within what Linux's dev_t holds. */
static int get_devnum(struct manifest_reader *r, yaml_node_t *n,
		      const char *field, struct manifest_rd_entry *e)
{
	char shown[MANIFEST_SHOW_MAX];
	unsigned long v[2] = { 0, 0 };
	const char *c;
	int part = 0, digits = 0, ret;

	ret = manifest_get_str(r, n, field, &e->value);
	if (ret)
		return ret;
	for (c = e->value; *c && v[0] <= 4095 && v[1] <= 1048575; c++) {
		if (*c == ':' && part == 0 && digits) {
			part = 1;
			digits = 0;
		} else if (*c >= '0' && *c <= '9') {
			v[part] = v[part] * 10 + (unsigned long)(*c - '0');
			digits++;
		} else {
			break;
		}
	}
	if (*c || part != 1 || !digits || v[0] > 4095 || v[1] > 1048575)
		return manifest_fail(r, n,
				     "'%s' must be MAJOR:MINOR in decimal "
				     "(major at most 4095, minor at most "
				     "1048575) like \"5:1\", not '%s'",
				     field, manifest_show(shown, e->value));
	e->major = (unsigned)v[0];
	e->minor = (unsigned)v[1];
	return 0;
}

static int entry_value(struct manifest_reader *r, struct manifest_map_iter *it,
		       struct manifest_rd_entry *e)
{
	bool yes = false;
	int ret;

	e->value_pos = pos_of(it->val);
	switch (it->index) {
	case RD_SOURCE:
	case RD_TREE:
		return manifest_get_path(r, it->val, it->field, &e->value);
	case RD_CONTENT:
		return manifest_get_str(r, it->val, it->field, &e->value);
	case RD_CHAR:
	case RD_BLOCK:
		return get_devnum(r, it->val, it->field, e);
	case RD_SYMLINK:
		ret = manifest_get_str(r, it->val, it->field, &e->value);
		if (!ret && !*e->value)
			ret = manifest_fail(r, it->val,
					    "'%s' must not be empty",
					    it->field);
		return ret;
	default:
		ret = manifest_get_bool(r, it->val, it->field, &yes);
		if (!ret && !yes)
			ret = manifest_fail(r, it->val,
					    "'%s' must be true (leave the "
					    "entry out for no directory)",
					    it->field);
		return ret;
	}
}

static int entry_field(struct manifest_reader *r, struct manifest_map_iter *it,
		       struct manifest_rd_entry *e)
{
	char shown[MANIFEST_SHOW_MAX];
	char *raw = NULL;
	int ret;

	switch (it->index) {
	case RD_PATH:
		ret = manifest_get_str(r, it->val, it->field, &raw);
		if (ret)
			return ret;
		free(e->path);
		e->path = rd_path(raw);
		if (!e->path)
			ret = manifest_fail(r, it->val,
					    "'%s' must be an absolute path in "
					    "the archive without '.' or '..' "
					    "parts, like /bin/sh, not '%s'",
					    it->field,
					    manifest_show(shown, raw));
		free(raw);
		return ret;
	case RD_MODE:
		return get_mode(r, it->val, it->field, &e->mode);
	case RD_APPLETS:
		e->applets_pos = pos_of(it->knode);
		return manifest_get_bool(r, it->val, it->field, &e->applets);
	default:
		return entry_value(r, it, e);
	}
}

static const yaml_node_t *later(const yaml_node_t *a, const yaml_node_t *b)
{
	return a->start_mark.index > b->start_mark.index ? a : b;
}

/* Which kind the keys make: exactly one of the kind keys, checked. */
static int entry_kind(struct manifest_reader *r, yaml_node_t *n,
		      const char *field, yaml_node_t *const *keys,
		      struct manifest_rd_entry *e)
{
	const yaml_node_t *first = NULL;
	int found = -1;

	for (size_t k = 0; k < sizeof(kind_key) / sizeof(*kind_key); k++) {
		const yaml_node_t *at = keys[kind_key[k]];

		if (!at)
			continue;
		if (first)
			return manifest_fail(r, later(first, at),
					     "'%s' has both '%s' and '%s'",
					     field, entry_keys[kind_key[found]],
					     entry_keys[kind_key[k]]);
		first = at;
		found = (int)k;
	}
	if (found < 0)
		return manifest_fail(r, n,
				     "'%s' needs one of 'source', 'content', "
				     "'dir', 'symlink', 'tree', 'char' or "
				     "'block'",
				     field);
	e->kind = (enum manifest_rd_kind)found;
	return 0;
}

static int parse_entry(struct manifest_reader *r, yaml_node_t *n,
		       const char *field, struct manifest_rd_entry *e)
{
	yaml_node_t *keys[RD_NKEYS] = { NULL };
	struct manifest_map_iter it;
	int ret;

	e->mode = -1;
	e->field = xstrdup(field);
	e->pos = pos_of(n);
	if (n->type != YAML_MAPPING_NODE)
		return manifest_fail(r, n,
				     "expected a mapping for '%s' (an entry "
				     "like { path: /bin/sh, symlink: busybox "
				     "}), found %s",
				     field, manifest_kind(n));
	manifest_map_start(&it, n, field, entry_keys);
	while ((ret = manifest_map_next(r, &it)) > 0) {
		keys[it.index] = it.knode;
		ret = entry_field(r, &it, e);
		if (ret)
			return ret;
	}
	if (ret)
		return ret;
	if (!e->path)
		return manifest_fail(r, n,
				     "'%s' is missing required field "
				     "'path'",
				     field);
	ret = entry_kind(r, n, field, keys, e);
	if (ret)
		return ret;
	if (keys[RD_MODE] &&
	    (e->kind == MANIFEST_RD_SYMLINK || e->kind == MANIFEST_RD_TREE))
		return manifest_fail(
			r, keys[RD_MODE],
			"'%s' has 'mode', which a %s does not "
			"take (%s)",
			field, e->kind == MANIFEST_RD_TREE ? "tree" : "symlink",
			e->kind == MANIFEST_RD_TREE
				? "its files keep their own"
				: "a link's mode is always 0777");
	if (keys[RD_APPLETS] && e->kind != MANIFEST_RD_SOURCE)
		return manifest_fail(r, keys[RD_APPLETS],
				     "'%s' has 'applets' but no 'source' "
				     "(the busybox binary to ask)",
				     field);
	if (!strcmp(e->path, "/") && e->kind != MANIFEST_RD_TREE)
		return manifest_fail(r, n,
				     "'%s.path' is '/': only a 'tree' can be "
				     "merged in at the root",
				     field);
	return 0;
}

static void entries_free(struct manifest_rd_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].value);
		free(v[i].field);
	}
	free(v);
}

void manifest_initramfs_free(struct manifest_initramfs *rd)
{
	if (!rd)
		return;
	free(rd->file);
	free(rd->field);
	free(rd->path);
	entries_free(rd->entries, rd->nentries);
	free(rd);
}

/* Two entries (trees aside) for one archive path would hide one another. */
static int check_unique(struct manifest_reader *r, yaml_node_t *n,
			const struct manifest_initramfs *rd)
{
	const struct manifest_rd_entry *e = &rd->entries[rd->nentries - 1];

	if (e->kind == MANIFEST_RD_TREE)
		return 0;
	for (size_t i = 0; i + 1 < rd->nentries; i++) {
		const struct manifest_rd_entry *o = &rd->entries[i];

		if (o->kind != MANIFEST_RD_TREE && !strcmp(o->path, e->path))
			return manifest_fail(r, n,
					     "'%s.path' '%s' is already given "
					     "by '%s'",
					     e->field, e->path, o->field);
	}
	return 0;
}

static int parse_entries(struct manifest_reader *r, yaml_node_t *n,
			 const char *field, struct manifest_initramfs *rd)
{
	char item[MANIFEST_FIELD_MAX + 24];
	size_t cap = 0;
	int ret = 0;

	for (yaml_node_item_t *i = n->data.sequence.items.start;
	     i < n->data.sequence.items.top; i++) {
		yaml_node_t *e = yaml_document_get_node(r->doc, *i);

		if (!e)
			return manifest_fail(r, n, "malformed sequence '%s'",
					     field);
		snprintf(item, sizeof(item), "%s[%zu]", field, rd->nentries);
		XGROW(rd->entries, cap, rd->nentries + 1);
		memset(&rd->entries[rd->nentries], 0, sizeof(*rd->entries));
		rd->nentries++;
		ret = parse_entry(r, e, item, &rd->entries[rd->nentries - 1]);
		if (!ret)
			ret = check_unique(r, e, rd);
		if (ret)
			return ret;
	}
	return 0;
}

int manifest_get_initramfs(struct manifest_reader *r, yaml_node_t *n,
			   const char *field, struct manifest_initramfs **out)
{
	struct manifest_initramfs *rd = xcalloc(1, sizeof(*rd));
	int ret;

	rd->file = xstrdup(r->file);
	rd->field = xstrdup(field);
	rd->pos = pos_of(n);
	if (n->type == YAML_SEQUENCE_NODE)
		ret = parse_entries(r, n, field, rd);
	else if (n->type == YAML_SCALAR_NODE && !manifest_is_null(n))
		ret = manifest_get_path(r, n, field, &rd->path);
	else
		ret = manifest_fail(r, n,
				    "expected a path or a sequence of entries "
				    "for '%s', found %s",
				    field, manifest_kind(n));
	if (ret) {
		manifest_initramfs_free(rd);
		return ret;
	}
	manifest_initramfs_free(*out);
	*out = rd;
	return 0;
}
