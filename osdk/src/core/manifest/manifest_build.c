/* SPDX-License-Identifier: MIT */
/* manifest_build.c - the `build` section and the user images in it. */
#include "core/manifest/manifest_yaml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/manifest/manifest.h"
#include "util/err.h"
#include "util/xalloc.h"

/*
 * A path inside the package, kept as written: not absolute, no "..", and
 * not under src/, whose every source goes into the kernel itself.
 */
static int check_pkg_relative(struct manifest_reader *r, yaml_node_t *n,
			      const char *field, const char *value)
{
	char shown[MANIFEST_SHOW_MAX];
	const char *p = value;

	if (!*value)
		return manifest_fail(r, n, "'%s' must not be empty", field);
	if (*value == '/')
		return manifest_fail(r, n,
				     "'%s' must be a path relative to the "
				     "package, not '%s'",
				     field, manifest_show(shown, value));
	for (; *p; p = strchr(p, '/') ? strchr(p, '/') + 1 : p + strlen(p))
		if (!strncmp(p, "../", 3) || !strcmp(p, ".."))
			return manifest_fail(r, n,
					     "'%s' must stay inside the "
					     "package, not '%s'",
					     field,
					     manifest_show(shown, value));
	if (!strncmp(value, "src/", 4) || !strncmp(value, "./src/", 6))
		return manifest_fail(r, n,
				     "'%s' is under 'src/', whose sources "
				     "are all compiled into the kernel; put "
				     "user-image sources elsewhere, not '%s'",
				     field, manifest_show(shown, value));
	return 0;
}

static int get_pkg_relative(struct manifest_reader *r, yaml_node_t *n,
			    const char *field, char **out)
{
	int ret = manifest_get_str(r, n, field, out);

	return ret ? ret : check_pkg_relative(r, n, field, *out);
}

static const char *const image_keys[] = { "sources",	    "cflags",
					  "ldflags",	    "linker-script",
					  "version-script", NULL };
enum { IMG_SOURCES, IMG_CFLAGS, IMG_LDFLAGS, IMG_SCRIPT, IMG_VERSION };

static int parse_image(struct manifest_reader *r,
		       const struct manifest_map_iter *at,
		       struct manifest_user_image *u)
{
	struct manifest_map_iter it;
	int ret;

	ret = manifest_expect_map(r, at->val, at->field);
	if (ret)
		return ret;
	manifest_map_start(&it, at->val, at->field, image_keys);
	while ((ret = manifest_map_next(r, &it)) > 0) {
		switch (it.index) {
		case IMG_SOURCES:
			manifest_strv_free(u->sources, u->nsources);
			u->sources = NULL;
			u->nsources = 0;
			ret = manifest_get_strlist(r, it.val, it.field,
						   check_pkg_relative,
						   &u->sources, &u->nsources);
			break;
		case IMG_CFLAGS:
			ret = manifest_get_str(r, it.val, it.field, &u->cflags);
			break;
		case IMG_LDFLAGS:
			ret = manifest_get_str(r, it.val, it.field,
					       &u->ldflags);
			break;
		case IMG_SCRIPT:
			ret = get_pkg_relative(r, it.val, it.field,
					       &u->linker_script);
			break;
		default:
			ret = get_pkg_relative(r, it.val, it.field,
					       &u->version_script);
			break;
		}
		if (ret)
			return ret;
	}
	if (ret)
		return ret;
	if (!u->nsources)
		return manifest_fail(r, at->knode,
				     "'%s' needs at least one of 'sources'",
				     at->field);
	return 0;
}

struct images_ctx {
	struct manifest *m;
	size_t cap;
};

static int image_key(struct manifest_reader *r,
		     const struct manifest_map_iter *it)
{
	if (manifest_valid_image_name(it->key))
		return 0;
	return manifest_fail(
		r, it->knode,
		"'%s' is not a valid image name ([a-z_][a-z0-9_]*, "
		"at most 64 characters: it names symbols)",
		it->field);
}

static int image_entry(struct manifest_reader *r, struct manifest_map_iter *it,
		       void *vctx)
{
	struct images_ctx *c = vctx;
	struct manifest *m = c->m;
	struct manifest_user_image *u;

	XGROW(m->build.user_images, c->cap, m->build.nuser_images + 1);
	u = &m->build.user_images[m->build.nuser_images++];
	memset(u, 0, sizeof(*u));
	u->name = xstrdup(it->key);
	u->pos = manifest_pos_of(it->knode);
	return parse_image(r, it, u);
}

static int parse_images(struct manifest_reader *r,
			const struct manifest_map_iter *at, struct manifest *m)
{
	struct images_ctx c = { m, 0 };

	return manifest_each_entry(r, at, image_key, image_entry, &c);
}

static const char *const build_keys[] = {
	"linker-script", "cflags",	     "service-prelude",
	"user-images",	 "coverage-runtime", NULL,
};

int manifest_parse_build(struct manifest_reader *r,
			 const struct manifest_map_iter *at, struct manifest *m)
{
	struct manifest_map_iter it;
	int ret;

	ret = manifest_expect_map(r, at->val, at->field);
	if (ret)
		return ret;
	manifest_map_start(&it, at->val, at->field, build_keys);
	while ((ret = manifest_map_next(r, &it)) > 0) {
		if (it.index == 0)
			ret = manifest_get_path(r, it.val, it.field,
						&m->build.linker_script);
		else if (it.index == 1)
			ret = manifest_get_str(r, it.val, it.field,
					       &m->build.cflags);
		else if (it.index == 2)
			ret = manifest_get_path(r, it.val, it.field,
						&m->build.service_prelude);
		else if (it.index == 3)
			ret = parse_images(r, &it, m);
		else
			ret = manifest_get_path(r, it.val, it.field,
						&m->build.coverage_runtime);
		if (ret)
			return ret;
	}
	return ret;
}
