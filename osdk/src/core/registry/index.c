/* SPDX-License-Identifier: MIT */
/* index.c - reading and writing index lines and index files. */
#include "core/registry/index.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/manifest/manifest.h"
#include "core/manifest/semver.h"
#include "util/err.h"
#include "util/xalloc.h"

/* A line longer than this is refused rather than parsed. */
#define INDEX_LINE_MAX (256u << 10)

char *index_path(const char *name)
{
	size_t n = strlen(name);

	if (n <= 2)
		return xasprintf("%zu/%s", n, name);
	if (n == 3)
		return xasprintf("3/%c/%s", name[0], name);
	return xasprintf("%.2s/%.2s/%s", name, name + 2, name);
}

static bool is_hex64(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == 64;
}

/* An optional string member: absent or null is NULL; else must be a string. */
static int opt_string(const cJSON *obj, const char *key, char **out,
		      const char *where, struct osdk_err *err)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = NULL;
	if (!it || cJSON_IsNull(it))
		return 0;
	if (!cJSON_IsString(it))
		return err_set(err, -EINVAL, "%s: '%s' must be a string", where,
			       key);
	*out = xstrdup(it->valuestring);
	return 0;
}

static int req_string(const cJSON *obj, const char *key, char **out,
		      const char *where, struct osdk_err *err)
{
	int ret = opt_string(obj, key, out, where, err);

	if (!ret && !*out)
		ret = err_set(err, -EINVAL, "%s: no '%s'", where, key);
	return ret;
}

static int parse_dep(const cJSON *d, struct index_dep *out, const char *where,
		     struct osdk_err *err)
{
	struct semver_req r;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!cJSON_IsObject(d))
		return err_set(err, -EINVAL,
			       "%s: each of 'deps' must be an "
			       "object",
			       where);
	ret = req_string(d, "name", &out->name, where, err);
	if (!ret)
		ret = req_string(d, "req", &out->req, where, err);
	if (!ret)
		ret = opt_string(d, "registry", &out->registry, where, err);
	if (ret)
		return ret;
	if (!manifest_valid_name(out->name))
		return err_set(err, -EINVAL,
			       "%s: dependency name '%s' is not a "
			       "valid package name",
			       where, out->name);
	if (semver_req_parse(out->req, &r))
		return err_set(err, -EINVAL,
			       "%s: dependency '%s' has a bad "
			       "requirement '%s'",
			       where, out->name, out->req);
	semver_req_release(&r);
	return 0;
}

static int parse_obj(const cJSON *o, struct index_entry *e, const char *where,
		     struct osdk_err *err)
{
	const cJSON *deps, *yanked, *sum, *d;
	int ret;

	ret = req_string(o, "name", &e->name, where, err);
	if (!ret)
		ret = req_string(o, "version", &e->version, where, err);
	if (!ret)
		ret = opt_string(o, "type", &e->type, where, err);
	if (!ret)
		ret = opt_string(o, "description", &e->description, where, err);
	if (!ret)
		ret = opt_string(o, "license", &e->license, where, err);
	if (ret)
		return ret;
	if (!manifest_valid_name(e->name))
		return err_set(err, -EINVAL,
			       "%s: '%s' is not a valid package "
			       "name",
			       where, e->name);
	if (!manifest_valid_version(e->version))
		return err_set(err, -EINVAL,
			       "%s: version '%s' is not a "
			       "semantic version",
			       where, e->version);
	if (!e->type)
		e->type = xstrdup("library");

	sum = cJSON_GetObjectItemCaseSensitive(o, "sha256");
	if (!cJSON_IsString(sum) || !is_hex64(sum->valuestring))
		return err_set(err, -EINVAL,
			       "%s: 'sha256' must be 64 lowercase "
			       "hex digits",
			       where);
	memcpy(e->sha256, sum->valuestring, 65);

	yanked = cJSON_GetObjectItemCaseSensitive(o, "yanked");
	if (yanked && !cJSON_IsBool(yanked))
		return err_set(err, -EINVAL,
			       "%s: 'yanked' must be true or "
			       "false",
			       where);
	e->yanked = yanked && cJSON_IsTrue(yanked);

	deps = cJSON_GetObjectItemCaseSensitive(o, "deps");
	if (deps && !cJSON_IsArray(deps) && !cJSON_IsNull(deps))
		return err_set(err, -EINVAL, "%s: 'deps' must be an array",
			       where);
	e->deps =
		xcalloc((size_t)cJSON_GetArraySize(deps) + 1, sizeof(*e->deps));
	cJSON_ArrayForEach(d, deps)
	{
		ret = parse_dep(d, &e->deps[e->ndeps], where, err);
		e->ndeps++;
		if (ret)
			return ret;
	}
	return 0;
}

int index_entry_parse(const char *text, size_t len, const char *file, int line,
		      struct index_entry *e, struct osdk_err *err)
{
	char *where = xasprintf("%s:%d", file, line);
	const char *end = NULL;
	cJSON *o = NULL;
	int ret;

	memset(e, 0, sizeof(*e));
	if (len > INDEX_LINE_MAX) {
		ret = err_set(err, -EFBIG, "%s: index line longer than %u KiB",
			      where, INDEX_LINE_MAX >> 10);
		goto out;
	}
	o = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!o || !cJSON_IsObject(o)) {
		ret = err_set(err, -EINVAL, "%s: malformed index line: %s",
			      where,
			      o ? "expected a JSON object" : "not valid JSON");
		goto out;
	}
	for (; end && end < text + len; end++)
		if (*end != ' ' && *end != '\t' && *end != '\r') {
			ret = err_set(err, -EINVAL,
				      "%s: malformed index line: "
				      "text after the JSON object",
				      where);
			goto out;
		}
	ret = parse_obj(o, e, where, err);
out:
	if (ret)
		index_entry_release(e);
	cJSON_Delete(o);
	free(where);
	return ret;
}

static void add_str(cJSON *o, const char *key, const char *val)
{
	if (val)
		cJSON_AddStringToObject(o, key, val);
	else
		cJSON_AddNullToObject(o, key);
}

char *index_entry_format(const struct index_entry *e)
{
	cJSON *o = cJSON_CreateObject(), *deps;
	char *s, *out;

	cJSON_AddStringToObject(o, "name", e->name);
	cJSON_AddStringToObject(o, "version", e->version);
	cJSON_AddStringToObject(o, "type", e->type ? e->type : "library");
	deps = cJSON_AddArrayToObject(o, "deps");
	for (size_t i = 0; i < e->ndeps; i++) {
		cJSON *d = cJSON_CreateObject();

		cJSON_AddStringToObject(d, "name", e->deps[i].name);
		cJSON_AddStringToObject(d, "req", e->deps[i].req);
		if (e->deps[i].registry)
			cJSON_AddStringToObject(d, "registry",
						e->deps[i].registry);
		cJSON_AddItemToArray(deps, d);
	}
	cJSON_AddStringToObject(o, "sha256", e->sha256);
	cJSON_AddBoolToObject(o, "yanked", e->yanked);
	add_str(o, "description", e->description);
	add_str(o, "license", e->license);
	s = cJSON_PrintUnformatted(o);
	if (!s) /* cJSON fails only when out of memory; see xalloc.h */
		abort();
	out = xstrdup(s);
	cJSON_free(s);
	cJSON_Delete(o);
	return out;
}

void index_entry_release(struct index_entry *e)
{
	free(e->name);
	free(e->version);
	for (size_t i = 0; i < e->ndeps; i++) {
		free(e->deps[i].name);
		free(e->deps[i].req);
		free(e->deps[i].registry);
	}
	free(e->deps);
	free(e->type);
	free(e->description);
	free(e->license);
	memset(e, 0, sizeof(*e));
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void index_entry_copy(struct index_entry *dst, const struct index_entry *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->name = dup_or_null(src->name);
	dst->version = dup_or_null(src->version);
	dst->deps = xcalloc(src->ndeps + 1, sizeof(*dst->deps));
	for (size_t i = 0; i < src->ndeps; i++) {
		dst->deps[i].name = dup_or_null(src->deps[i].name);
		dst->deps[i].req = dup_or_null(src->deps[i].req);
		dst->deps[i].registry = dup_or_null(src->deps[i].registry);
	}
	dst->ndeps = src->ndeps;
	memcpy(dst->sha256, src->sha256, sizeof(dst->sha256));
	dst->yanked = src->yanked;
	dst->type = dup_or_null(src->type);
	dst->description = dup_or_null(src->description);
	dst->license = dup_or_null(src->license);
}

int index_file_parse(const char *text, size_t len, const char *file,
		     const char *name, struct index_file *out,
		     struct osdk_err *err)
{
	const char *p = text, *end = text + len;
	size_t cap = 0;
	int line = 0, ret = 0;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		struct index_entry e;
		const char *q = p;

		line++;
		while (q < eol && (*q == ' ' || *q == '\t' || *q == '\r'))
			q++;
		if (q == eol)
			goto next;
		ret = index_entry_parse(p, (size_t)(eol - p), file, line, &e,
					err);
		if (ret)
			break;
		if (strcmp(e.name, name) != 0) {
			ret = err_set(err, -EINVAL,
				      "%s:%d: index line names "
				      "package '%s' in the file of '%s'",
				      file, line, e.name, name);
			index_entry_release(&e);
			break;
		}
		if (index_file_find(out, e.version)) {
			ret = err_set(err, -EINVAL,
				      "%s:%d: version %s of '%s' "
				      "is listed twice",
				      file, line, e.version, name);
			index_entry_release(&e);
			break;
		}
		XGROW(out->v, cap, out->n + 1);
		out->v[out->n++] = e;
	next:
		p = nl ? nl + 1 : end;
	}
	if (ret)
		index_file_release(out);
	return ret;
}

void index_file_release(struct index_file *f)
{
	for (size_t i = 0; i < f->n; i++)
		index_entry_release(&f->v[i]);
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

const struct index_entry *index_file_find(const struct index_file *f,
					  const char *version)
{
	for (size_t i = 0; i < f->n; i++)
		if (semver_cmp_str(f->v[i].version, version) == 0)
			return &f->v[i];
	return NULL;
}

const struct index_entry *index_file_newest(const struct index_file *f)
{
	const struct index_entry *best = NULL, *best_pre = NULL;

	for (size_t i = 0; i < f->n; i++) {
		const struct index_entry *e = &f->v[i];
		bool pre = strchr(e->version, '-') &&
			   strcspn(e->version, "-") < strcspn(e->version, "+");
		const struct index_entry **slot = pre ? &best_pre : &best;

		if (e->yanked)
			continue;
		if (!*slot || semver_cmp_str(e->version, (*slot)->version) > 0)
			*slot = e;
	}
	return best ? best : best_pre;
}
