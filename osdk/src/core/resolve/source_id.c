/* SPDX-License-Identifier: MIT */
/* source_id.c - reading "registry+URL", "git+URL?tag=T#C" and "path+DIR". */
#include "core/resolve/source_id.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static const struct {
	const char *prefix;
	enum source_kind kind;
} kinds[] = {
	{ "registry+", SOURCE_REGISTRY },
	{ "git+", SOURCE_GIT },
	{ "path+", SOURCE_PATH },
};

static const char *const ref_keys[] = {
	[SOURCE_REF_NONE] = NULL,
	[SOURCE_REF_TAG] = "tag",
	[SOURCE_REF_BRANCH] = "branch",
	[SOURCE_REF_REV] = "rev",
};

const char *source_ref_key(enum source_ref k)
{
	return k <= SOURCE_REF_REV ? ref_keys[k] : NULL;
}

/* "tag=T" (up to `end`) into out's ref. */
static int parse_query(const char *q, const char *end, struct source_id *out)
{
	const char *eq = memchr(q, '=', (size_t)(end - q));

	if (!eq || eq + 1 == end)
		return -EINVAL;
	for (int k = SOURCE_REF_TAG; k <= SOURCE_REF_REV; k++) {
		size_t n = strlen(ref_keys[k]);

		if ((size_t)(eq - q) == n && !strncmp(q, ref_keys[k], n)) {
			out->ref_kind = (enum source_ref)k;
			out->ref = xstrndup(eq + 1, (size_t)(end - eq - 1));
			return 0;
		}
	}
	return -EINVAL;
}

static int parse_git(const char *rest, struct source_id *out)
{
	const char *hash = strchr(rest, '#');
	const char *end = hash ? hash : rest + strlen(rest);
	const char *q = memchr(rest, '?', (size_t)(end - rest));
	const char *url_end = q ? q : end;

	if (url_end == rest)
		return -EINVAL;
	out->where = xstrndup(rest, (size_t)(url_end - rest));
	if (q && parse_query(q + 1, end, out))
		return -EINVAL;
	if (hash) {
		if (!hash[1] || strchr(hash + 1, '#'))
			return -EINVAL;
		out->commit = xstrdup(hash + 1);
	}
	return 0;
}

int source_id_parse(const char *s, struct source_id *out)
{
	int ret = -EINVAL;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; s && i < sizeof(kinds) / sizeof(*kinds); i++) {
		size_t n = strlen(kinds[i].prefix);

		if (strncmp(s, kinds[i].prefix, n) != 0)
			continue;
		out->kind = kinds[i].kind;
		if (out->kind == SOURCE_GIT)
			ret = parse_git(s + n, out);
		else if (s[n])
			ret = (out->where = xstrdup(s + n)) ? 0 : -ENOMEM;
		break;
	}
	if (ret)
		source_id_release(out);
	return ret;
}

void source_id_release(struct source_id *id)
{
	free(id->where);
	free(id->ref);
	free(id->commit);
	memset(id, 0, sizeof(*id));
}
