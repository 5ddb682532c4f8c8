/* SPDX-License-Identifier: MIT */
/* manifest_yaml.c - typed, positioned reading of a libyaml document. */
#include "core/manifest/manifest_yaml.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/manifest/manifest.h"
#include "core/manifest/ynode.h"
#include "util/err.h"
#include "util/suggest.h"
#include "util/xalloc.h"

int manifest_fail(struct manifest_reader *r, const yaml_node_t *n,
		  const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = ynode_vfail(r->err, r->file, n, fmt, ap);
	va_end(ap);
	return ret;
}

/*
 * Messages are one line and quote what the user wrote, so a key or value
 * with a newline or escape sequence in it must not break the line or the
 * terminal; long values are cut, but never inside a UTF-8 character.
 */
const char *manifest_show(char buf[MANIFEST_SHOW_MAX], const char *s)
{
	const size_t room = MANIFEST_SHOW_MAX - 4; /* "..." and NUL */
	size_t o = 0;

	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		char esc[8];
		size_t n;

		if (ch == '\n' || ch == '\t' || ch == '\r')
			n = (size_t)snprintf(esc, sizeof(esc), "\\%c",
					     ch == '\n'	  ? 'n'
					     : ch == '\t' ? 't'
							  : 'r');
		else if (ch < 0x20 || ch == 0x7f)
			n = (size_t)snprintf(esc, sizeof(esc), "\\x%02x", ch);
		else
			esc[0] = (char)ch, n = 1;
		if (o + n > room) {
			if ((ch & 0xc0) == 0x80) {
				while (o && ((unsigned char)buf[o - 1] &
					     0xc0) == 0x80)
					o--;
				if (o && (unsigned char)buf[o - 1] >= 0xc0)
					o--;
			}
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		memcpy(buf + o, esc, n);
		o += n;
	}
	buf[o] = '\0';
	return buf;
}

static const char *scalar(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static bool is_plain(const yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE &&
	       n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

bool manifest_is_null(const yaml_node_t *n)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};

	if (!n || n->type != YAML_SCALAR_NODE)
		return false;
	if (n->tag && !strcmp((const char *)n->tag, YAML_NULL_TAG))
		return true;
	if (!is_plain(n))
		return false;
	for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (!strcmp(scalar(n), nulls[i]))
			return true;
	return false;
}

const char *manifest_kind(const yaml_node_t *n)
{
	if (n->type == YAML_MAPPING_NODE)
		return "a mapping";
	if (n->type == YAML_SEQUENCE_NODE)
		return "a sequence";
	return manifest_is_null(n) ? "null" : "a scalar";
}

int manifest_expect_map(struct manifest_reader *r, yaml_node_t *n,
			const char *field)
{
	if (n->type == YAML_MAPPING_NODE || manifest_is_null(n))
		return 0;
	return manifest_fail(r, n, "expected a mapping for '%s', found %s",
			     field, manifest_kind(n));
}

void manifest_map_start(struct manifest_map_iter *it, yaml_node_t *map,
			const char *path, const char *const *keys)
{
	memset(it, 0, sizeof(*it));
	it->map = map && map->type == YAML_MAPPING_NODE ? map : NULL;
	it->path = path;
	it->keys = keys;
	it->index = -1;
}

/* " in 'path'" or " at the top level", for key messages. */
static void where(char *buf, size_t size, const char *path)
{
	if (*path)
		snprintf(buf, size, " in '%s'", path);
	else
		snprintf(buf, size, " at the top level");
}

static int unknown_key(struct manifest_reader *r,
		       const struct manifest_map_iter *it)
{
	char shown[MANIFEST_SHOW_MAX], in[MANIFEST_FIELD_MAX + 16];
	char list[512] = "";
	const char *close = suggest_closest(it->key, it->keys);
	size_t o = 0;

	where(in, sizeof(in), it->path);
	manifest_show(shown, it->key);
	if (close)
		return manifest_fail(r, it->knode,
				     "unknown key '%s'%s; did you mean '%s'?",
				     shown, in, close);
	for (const char *const *k = it->keys; *k && o < sizeof(list); k++)
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
				      k == it->keys ? "" : ", ", *k);
	return manifest_fail(r, it->knode,
			     "unknown key '%s'%s; expected one of %s", shown,
			     in, list);
}

static bool same_key(const yaml_node_t *a, const yaml_node_t *b)
{
	return a->type == YAML_SCALAR_NODE &&
	       a->data.scalar.length == b->data.scalar.length &&
	       !memcmp(a->data.scalar.value, b->data.scalar.value,
		       b->data.scalar.length);
}

/* Whether the current key already appeared among the earlier pairs. */
static bool seen_before(struct manifest_reader *r,
			const struct manifest_map_iter *it)
{
	yaml_node_pair_t *pairs = it->map->data.mapping.pairs.start;

	if (it->keys)
		return it->seen & (1UL << it->index);
	for (size_t i = 0; i + 1 < it->next; i++) {
		yaml_node_t *k = yaml_document_get_node(r->doc, pairs[i].key);

		if (k && same_key(k, it->knode))
			return true;
	}
	return false;
}

int manifest_map_next(struct manifest_reader *r, struct manifest_map_iter *it)
{
	char shown[MANIFEST_SHOW_MAX], in[MANIFEST_FIELD_MAX + 16];
	yaml_node_pair_t *pair;

	if (!it->map || it->map->data.mapping.pairs.start + it->next >=
			    it->map->data.mapping.pairs.top)
		return 0;
	pair = it->map->data.mapping.pairs.start + it->next++;
	it->knode = yaml_document_get_node(r->doc, pair->key);
	it->val = yaml_document_get_node(r->doc, pair->value);
	it->index = -1;
	where(in, sizeof(in), it->path);
	if (!it->knode || !it->val)
		return manifest_fail(r, it->map, "malformed mapping%s", in);
	if (it->knode->type != YAML_SCALAR_NODE || manifest_is_null(it->knode))
		return manifest_fail(r, it->knode,
				     "a key%s must be a string, found %s", in,
				     manifest_kind(it->knode));
	it->key = scalar(it->knode);
	if (strlen(it->key) != it->knode->data.scalar.length)
		return manifest_fail(r, it->knode,
				     "a key%s contains a NUL character", in);
	manifest_show(shown, it->key);
	if (*it->path)
		snprintf(it->field, sizeof(it->field), "%s.%s", it->path,
			 shown);
	else
		snprintf(it->field, sizeof(it->field), "%s", shown);
	if (it->keys) {
		for (int i = 0; it->keys[i]; i++)
			if (!strcmp(it->keys[i], it->key))
				it->index = i;
		if (it->index < 0)
			return unknown_key(r, it);
	}
	if (seen_before(r, it))
		return manifest_fail(r, it->knode, "duplicate key '%s'%s",
				     shown, in);
	if (it->keys)
		it->seen |= 1UL << it->index;
	return 1;
}

int manifest_get_str(struct manifest_reader *r, yaml_node_t *n,
		     const char *field, char **out)
{
	if (n->type != YAML_SCALAR_NODE || manifest_is_null(n))
		return manifest_fail(r, n,
				     "expected a string for '%s', found %s",
				     field, manifest_kind(n));
	if (strlen(scalar(n)) != n->data.scalar.length)
		return manifest_fail(r, n, "'%s' contains a NUL character",
				     field);
	free(*out);
	*out = xstrndup(scalar(n), n->data.scalar.length);
	return 0;
}

int manifest_get_path(struct manifest_reader *r, yaml_node_t *n,
		      const char *field, char **out)
{
	char *s = NULL;
	int ret;

	ret = manifest_get_str(r, n, field, &s);
	if (ret)
		goto out;
	if (!*s) {
		ret = manifest_fail(r, n, "'%s' must not be empty", field);
		goto out;
	}
	free(*out);
	*out = manifest_join_path(r->dir, s);
out:
	free(s);
	return ret;
}

int manifest_get_bool(struct manifest_reader *r, yaml_node_t *n,
		      const char *field, bool *out)
{
	static const char *const yes[] = {"true", "True", "TRUE"};
	static const char *const no[] = {"false", "False", "FALSE"};
	char shown[MANIFEST_SHOW_MAX];

	if (n->type != YAML_SCALAR_NODE || manifest_is_null(n))
		return manifest_fail(
		    r, n, "expected true or false for '%s', found %s", field,
		    manifest_kind(n));
	for (size_t i = 0; is_plain(n) && i < 3; i++) {
		if (!strcmp(scalar(n), yes[i]) || !strcmp(scalar(n), no[i])) {
			*out = !strcmp(scalar(n), yes[i]);
			return 0;
		}
	}
	return manifest_fail(r, n, "'%s' must be true or false%s, not '%s'",
			     field, is_plain(n) ? "" : " without quotes",
			     manifest_show(shown, scalar(n)));
}

int manifest_get_posint(struct manifest_reader *r, yaml_node_t *n,
			const char *field, int *out)
{
	const char *s;
	long long v = 0;

	if (n->type != YAML_SCALAR_NODE || manifest_is_null(n))
		return manifest_fail(r, n,
				     "expected an integer for '%s', found %s",
				     field, manifest_kind(n));
	s = scalar(n);
	/* Only plain decimal: "60" in quotes is a string, 0x3c is obscure. */
	if (!is_plain(n) || !*s)
		goto bad;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			goto bad;
		v = v * 10 + (*s - '0');
		if (v > INT_MAX)
			return manifest_fail(r, n, "'%s' must be at most %d",
					     field, INT_MAX);
	}
	if (v == 0)
		goto bad;
	*out = (int)v;
	return 0;
bad:
	return manifest_fail(r, n, "'%s' must be a positive integer", field);
}

int manifest_get_enum(struct manifest_reader *r, yaml_node_t *n,
		      const char *field, const char *const *choices,
		      size_t *idx)
{
	char shown[MANIFEST_SHOW_MAX], list[256] = "", hint[160] = "";
	char *s = NULL;
	const char *close;
	size_t o = 0;
	int ret;

	ret = manifest_get_str(r, n, field, &s);
	if (ret)
		return ret;
	for (size_t i = 0; choices[i]; i++) {
		if (!strcmp(choices[i], s)) {
			*idx = i;
			goto out;
		}
	}
	for (size_t i = 0; choices[i] && o < sizeof(list); i++)
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s%s",
				      i ? ", " : "", choices[i]);
	close = suggest_closest(s, choices);
	if (close)
		snprintf(hint, sizeof(hint), " (did you mean '%s'?)", close);
	ret = manifest_fail(r, n, "'%s' must be one of %s; got '%s'%s", field,
			    list, manifest_show(shown, s), hint);
out:
	free(s);
	return ret;
}

void manifest_strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int manifest_get_strlist(struct manifest_reader *r, yaml_node_t *n,
			 const char *field, manifest_item_check check,
			 char ***out, size_t *nout)
{
	char item[MANIFEST_FIELD_MAX + 24];
	char **v = NULL;
	size_t len = 0, cap = 0;
	int ret = 0;

	if (n->type != YAML_SEQUENCE_NODE && !manifest_is_null(n))
		return manifest_fail(r, n,
				     "expected a sequence for '%s', found %s",
				     field, manifest_kind(n));
	for (yaml_node_item_t *i = n->type == YAML_SEQUENCE_NODE
				       ? n->data.sequence.items.start
				       : NULL;
	     i && i < n->data.sequence.items.top; i++) {
		yaml_node_t *e = yaml_document_get_node(r->doc, *i);

		snprintf(item, sizeof(item), "%s[%zu]", field, len);
		XGROW(v, cap, len + 1);
		v[len] = NULL;
		ret = e ? manifest_get_str(r, e, item, &v[len])
			: manifest_fail(r, n, "malformed sequence '%s'", field);
		if (!ret && check)
			ret = check(r, e, item, v[len]);
		len++;
		if (ret)
			goto out_free;
	}
	manifest_strv_free(*out, *nout);
	*out = v;
	*nout = len;
	return 0;
out_free:
	manifest_strv_free(v, len);
	return ret;
}
