/* SPDX-License-Identifier: MIT */
/* manifest_schema.c - the osdk.yaml schema: sections, fields, their rules. */
#include "core/manifest/manifest_yaml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/boot/accel.h"
#include "core/manifest/manifest.h"
#include "util/err.h"
#include "util/xalloc.h"

#define NAME_RULE "[a-z0-9][a-z0-9_-]*, at most 64 characters"

const char *const manifest_boot_methods[] = {"qemu-direct", "grub-rescue-iso",
					     NULL};
static const char *const boot_protocols[] = {"multiboot2", NULL};
static const char *const package_types[] = {"kernel", "library", NULL};
static const enum manifest_pkg_type package_type_values[] = {
    MANIFEST_PKG_KERNEL, MANIFEST_PKG_LIBRARY};

/* ---- field readers with osdk.yaml's rules ---- */

static struct manifest_pos pos_of(const yaml_node_t *n)
{
	struct manifest_pos p = {(int)n->start_mark.line + 1,
				 (int)n->start_mark.column + 1};

	return p;
}

static int missing(struct manifest_reader *r, const yaml_node_t *at,
		   const char *field, const char *key)
{
	return manifest_fail(r, at, "'%s' is missing required field '%s'",
			     field, key);
}

static int get_nonempty(struct manifest_reader *r, yaml_node_t *n,
			const char *field, char **out)
{
	int ret = manifest_get_str(r, n, field, out);

	if (!ret && !**out)
		ret = manifest_fail(r, n, "'%s' must not be empty", field);
	return ret;
}

static int check_name(struct manifest_reader *r, yaml_node_t *n,
		      const char *field, const char *value)
{
	char shown[MANIFEST_SHOW_MAX];

	if (manifest_valid_name(value))
		return 0;
	return manifest_fail(
	    r, n, "'%s' must be a package name (" NAME_RULE "), not '%s'",
	    field, manifest_show(shown, value));
}

static int get_name(struct manifest_reader *r, yaml_node_t *n,
		    const char *field, char **out)
{
	int ret = manifest_get_str(r, n, field, out);

	return ret ? ret : check_name(r, n, field, *out);
}

static int get_version(struct manifest_reader *r, yaml_node_t *n,
		       const char *field, char **out)
{
	char shown[MANIFEST_SHOW_MAX];
	int ret = manifest_get_str(r, n, field, out);

	if (!ret && !manifest_valid_version(*out))
		ret = manifest_fail(r, n,
				    "'%s' must be a semantic version like "
				    "1.2.3, not '%s'",
				    field, manifest_show(shown, *out));
	return ret;
}

static int get_requirement(struct manifest_reader *r, yaml_node_t *n,
			   const char *field, char **out)
{
	char shown[MANIFEST_SHOW_MAX];
	int ret = manifest_get_str(r, n, field, out);

	if (!ret && !manifest_valid_requirement(*out))
		ret = manifest_fail(r, n,
				    "'%s' must be a version requirement like "
				    "^1.2 or >=1.0, <2.0, not '%s'",
				    field, manifest_show(shown, *out));
	return ret;
}

/* A map key that names something (a dependency, a scheme). */
static int check_key_name(struct manifest_reader *r,
			  const struct manifest_map_iter *it, const char *what)
{
	if (manifest_valid_name(it->key))
		return 0;
	return manifest_fail(r, it->knode,
			     "'%s' is not a valid %s name (" NAME_RULE ")",
			     it->field, what);
}

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

/* ---- sections ---- */

static const char *const package_keys[] = {"name",    "version",     "type",
					   "trusted", "description", "license",
					   "authors", "repository",  NULL};
enum {
	PKG_NAME,
	PKG_VERSION,
	PKG_TYPE,
	PKG_TRUSTED,
	PKG_DESCRIPTION,
	PKG_LICENSE,
	PKG_AUTHORS,
	PKG_REPOSITORY
};

static int package_field(struct manifest_reader *r,
			 struct manifest_map_iter *it, struct manifest *m)
{
	size_t type;
	int ret;

	switch (it->index) {
	case PKG_NAME:
		return get_name(r, it->val, it->field, &m->package.name);
	case PKG_VERSION:
		return get_version(r, it->val, it->field, &m->package.version);
	case PKG_TYPE:
		ret = manifest_get_enum(r, it->val, it->field, package_types,
					&type);
		if (!ret)
			m->package.type = package_type_values[type];
		return ret;
	case PKG_TRUSTED:
		m->package.trusted_pos = pos_of(it->val);
		return manifest_get_bool(r, it->val, it->field,
					 &m->package.trusted);
	case PKG_DESCRIPTION:
		return manifest_get_str(r, it->val, it->field,
					&m->package.description);
	case PKG_LICENSE:
		return get_nonempty(r, it->val, it->field, &m->package.license);
	case PKG_AUTHORS:
		return manifest_get_strlist(r, it->val, it->field, NULL,
					    &m->package.authors,
					    &m->package.nauthors);
	default:
		return get_nonempty(r, it->val, it->field,
				    &m->package.repository);
	}
}

static int parse_package(struct manifest_reader *r,
			 const struct manifest_map_iter *at, struct manifest *m)
{
	struct manifest_map_iter it;
	int ret;

	ret = manifest_expect_map(r, at->val, at->field);
	if (ret)
		return ret;
	m->has_package = true;
	manifest_map_start(&it, at->val, at->field, package_keys);
	while ((ret = manifest_map_next(r, &it)) > 0) {
		ret = package_field(r, &it, m);
		if (ret)
			return ret;
	}
	if (ret)
		return ret;
	/* Point at the section header: the field is missing from there. */
	if (!m->package.name)
		return missing(r, at->knode, at->field, "name");
	if (!m->package.version)
		return missing(r, at->knode, at->field, "version");
	return 0;
}

static const char *const workspace_keys[] = {"members", "trusted", NULL};

static int parse_workspace(struct manifest_reader *r,
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
			ret = manifest_get_strlist(
			    r, it.val, it.field, check_name,
			    &m->workspace.trusted, &m->workspace.ntrusted);
		}
		if (ret)
			return ret;
	}
	if (!ret && !has_members)
		ret = missing(r, at->knode, at->field, "members");
	return ret;
}

static const char *const dep_keys[] = {"version", "registry", "path",	"git",
				       "rev",	  "tag",      "branch", NULL};
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
    {DEP_GIT, DEP_PATH}, {DEP_REGISTRY, DEP_PATH}, {DEP_REGISTRY, DEP_GIT},
    {DEP_REV, DEP_TAG},	 {DEP_REV, DEP_BRANCH},	   {DEP_TAG, DEP_BRANCH},
};

static int dep_field(struct manifest_reader *r, struct manifest_map_iter *it,
		     struct manifest_dep *d)
{
	char **const strs[] = {
	    [DEP_REGISTRY] = &d->registry, [DEP_GIT] = &d->git,
	    [DEP_REV] = &d->rev,	   [DEP_TAG] = &d->tag,
	    [DEP_BRANCH] = &d->branch,
	};

	if (it->index == DEP_VERSION)
		return get_requirement(r, it->val, it->field, &d->version);
	if (it->index == DEP_PATH)
		return manifest_get_path(r, it->val, it->field, &d->path);
	return get_nonempty(r, it->val, it->field, strs[it->index]);
}

static const yaml_node_t *later(const yaml_node_t *a, const yaml_node_t *b)
{
	return a->start_mark.index > b->start_mark.index ? a : b;
}

static int parse_dep_map(struct manifest_reader *r,
			 const struct manifest_map_iter *at,
			 struct manifest_dep *d)
{
	const yaml_node_t *keys[DEP_NKEYS] = {NULL};
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

static int parse_deps(struct manifest_reader *r,
		      const struct manifest_map_iter *at, struct manifest *m)
{
	struct manifest_map_iter it;
	size_t cap = 0;
	int ret;

	ret = manifest_expect_map(r, at->val, at->field);
	if (ret)
		return ret;
	manifest_map_start(&it, at->val, at->field, NULL);
	while ((ret = manifest_map_next(r, &it)) > 0) {
		struct manifest_dep *d;

		ret = check_key_name(r, &it, "package");
		if (ret)
			return ret;
		XGROW(m->deps, cap, m->ndeps + 1);
		d = &m->deps[m->ndeps++];
		memset(d, 0, sizeof(*d));
		d->name = xstrdup(it.key);
		d->pos = pos_of(it.knode);
		if (it.val->type == YAML_MAPPING_NODE)
			ret = parse_dep_map(r, &it, d);
		else if (it.val->type == YAML_SCALAR_NODE &&
			 !manifest_is_null(it.val))
			ret = get_requirement(r, it.val, it.field, &d->version);
		else
			ret = manifest_fail(r, it.val,
					    "expected a version requirement or "
					    "a mapping for '%s', found %s",
					    it.field, manifest_kind(it.val));
		if (ret)
			return ret;
	}
	return ret;
}

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

static int parse_images(struct manifest_reader *r,
			const struct manifest_map_iter *at, struct manifest *m)
{
	struct manifest_map_iter it;
	size_t cap = 0;
	int ret;

	ret = manifest_expect_map(r, at->val, at->field);
	if (ret)
		return ret;
	manifest_map_start(&it, at->val, at->field, NULL);
	while ((ret = manifest_map_next(r, &it)) > 0) {
		struct manifest_user_image *u;

		if (!manifest_valid_image_name(it.key))
			return manifest_fail(r, it.knode,
					     "'%s' is not a valid image name "
					     "([a-z_][a-z0-9_]*, at most 64 "
					     "characters: it names symbols)",
					     it.field);
		XGROW(m->build.user_images, cap, m->build.nuser_images + 1);
		u = &m->build.user_images[m->build.nuser_images++];
		memset(u, 0, sizeof(*u));
		u->name = xstrdup(it.key);
		u->pos = pos_of(it.knode);
		ret = parse_image(r, &it, u);
		if (ret)
			return ret;
	}
	return ret;
}

static const char *const build_keys[] = { "linker-script", "cflags",
					  "service-prelude", "user-images",
					  NULL };

static int parse_build(struct manifest_reader *r,
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
		else
			ret = parse_images(r, &it, m);
		if (ret)
			return ret;
	}
	return ret;
}

static const char *const boot_keys[] = {
    "method",	 "protocol",  "cmdline",	    "initramfs",
    "init-args", "init-env", "initramfs-compress", NULL};
enum {
	BOOT_METHOD,
	BOOT_PROTOCOL,
	BOOT_CMDLINE,
	BOOT_INITRAMFS,
	BOOT_INIT_ARGS,
	BOOT_INIT_ENV,
	BOOT_COMPRESS
};
static const char *const compressions[] = {"none", "gzip", NULL};

static int boot_field(struct manifest_reader *r, struct manifest_map_iter *it,
		      struct manifest_settings *s)
{
	size_t i;
	int ret;

	switch (it->index) {
	case BOOT_METHOD:
		ret = manifest_get_enum(r, it->val, it->field,
					manifest_boot_methods, &i);
		if (!ret) {
			free(s->boot_method);
			s->boot_method = xstrdup(manifest_boot_methods[i]);
		}
		return ret;
	case BOOT_PROTOCOL:
		ret = manifest_get_enum(r, it->val, it->field, boot_protocols,
					&i);
		if (!ret) {
			free(s->boot_protocol);
			s->boot_protocol = xstrdup(boot_protocols[i]);
		}
		return ret;
	case BOOT_CMDLINE:
		return manifest_get_str(r, it->val, it->field,
					&s->boot_cmdline);
	case BOOT_INITRAMFS:
		return manifest_get_initramfs(r, it->val, it->field,
					      &s->boot_initramfs);
	case BOOT_INIT_ARGS:
		return manifest_get_init_args(r, it->val, it->field,
					      &s->boot_init_args);
	case BOOT_INIT_ENV:
		return manifest_get_init_env(r, it->val, it->field,
					     &s->boot_init_env);
	default:
		ret = manifest_get_enum(r, it->val, it->field, compressions,
					&i);
		if (!ret) {
			free(s->boot_initramfs_compress);
			s->boot_initramfs_compress = xstrdup(compressions[i]);
		}
		return ret;
	}
}

static const char *const qemu_keys[] = {"path", "args", "accel", NULL};

static int qemu_field(struct manifest_reader *r, struct manifest_map_iter *it,
		      struct manifest_settings *s)
{
	int ret;

	if (it->index == 1)
		return manifest_get_str(r, it->val, it->field, &s->qemu_args);
	if (it->index == 2) {
		struct osdk_err why = OSDK_ERR_INIT;

		ret = get_nonempty(r, it->val, it->field, &s->qemu_accel);
		if (!ret && accel_check_name(s->qemu_accel, &why))
			ret = manifest_fail(r, it->val, "%s: %s", it->field,
					    why.msg);
		return ret;
	}
	/* A bare name is looked up in $PATH; one with a slash is a file
	 * next to the manifest, wherever osdk runs from. */
	ret = get_nonempty(r, it->val, it->field, &s->qemu_path);
	if (!ret && strchr(s->qemu_path, '/'))
		ret = manifest_get_path(r, it->val, it->field, &s->qemu_path);
	return ret;
}

typedef int (*group_field)(struct manifest_reader *r,
			   struct manifest_map_iter *it,
			   struct manifest_settings *s);

/* One group of settings, boot: or qemu:, into one settings layer. */
static int parse_group(struct manifest_reader *r, yaml_node_t *val,
		       const char *field, const char *const *keys,
		       group_field one, struct manifest_settings *s)
{
	struct manifest_map_iter it;
	int ret;

	ret = manifest_expect_map(r, val, field);
	if (ret)
		return ret;
	manifest_map_start(&it, val, field, keys);
	while ((ret = manifest_map_next(r, &it)) > 0) {
		ret = one(r, &it, s);
		if (ret)
			return ret;
	}
	return ret;
}

static int parse_boot(struct manifest_reader *r, yaml_node_t *val,
		      const char *field, struct manifest_settings *s)
{
	return parse_group(r, val, field, boot_keys, boot_field, s);
}

static int parse_qemu(struct manifest_reader *r, yaml_node_t *val,
		      const char *field, struct manifest_settings *s)
{
	return parse_group(r, val, field, qemu_keys, qemu_field, s);
}

static const char *const run_keys[] = {"boot", "qemu", NULL};
static const char *const test_keys[] = {"boot", "qemu", "timeout", NULL};

/* run: or test: (by `keys`), at the top level or in a scheme. */
static int parse_action(struct manifest_reader *r, yaml_node_t *val,
			const char *field, const char *const *keys,
			struct manifest_settings *s)
{
	struct manifest_map_iter it;
	int ret;

	ret = manifest_expect_map(r, val, field);
	if (ret)
		return ret;
	manifest_map_start(&it, val, field, keys);
	while ((ret = manifest_map_next(r, &it)) > 0) {
		if (it.index == 0)
			ret = parse_boot(r, it.val, it.field, s);
		else if (it.index == 1)
			ret = parse_qemu(r, it.val, it.field, s);
		else
			ret = manifest_get_posint(r, it.val, it.field,
						  &s->test_timeout);
		if (ret)
			return ret;
	}
	return ret;
}

static const char *const scheme_keys[] = {"boot", "qemu", "run", "test", NULL};

static int parse_scheme(struct manifest_reader *r,
			const struct manifest_map_iter *at,
			struct manifest_scheme *sc)
{
	struct manifest_map_iter it;
	int ret;

	ret = manifest_expect_map(r, at->val, at->field);
	if (ret)
		return ret;
	manifest_map_start(&it, at->val, at->field, scheme_keys);
	while ((ret = manifest_map_next(r, &it)) > 0) {
		switch (it.index) {
		case 0:
			ret = parse_boot(r, it.val, it.field, &sc->base);
			break;
		case 1:
			ret = parse_qemu(r, it.val, it.field, &sc->base);
			break;
		case 2:
			ret = parse_action(r, it.val, it.field, run_keys,
					   &sc->run);
			break;
		default:
			ret = parse_action(r, it.val, it.field, test_keys,
					   &sc->test);
		}
		if (ret)
			return ret;
	}
	return ret;
}

static int parse_schemes(struct manifest_reader *r,
			 const struct manifest_map_iter *at, struct manifest *m)
{
	struct manifest_map_iter it;
	size_t cap = 0;
	int ret;

	ret = manifest_expect_map(r, at->val, at->field);
	if (ret)
		return ret;
	manifest_map_start(&it, at->val, at->field, NULL);
	while ((ret = manifest_map_next(r, &it)) > 0) {
		struct manifest_scheme *sc;

		ret = check_key_name(r, &it, "scheme");
		if (ret)
			return ret;
		XGROW(m->schemes, cap, m->nschemes + 1);
		sc = &m->schemes[m->nschemes++];
		memset(sc, 0, sizeof(*sc));
		sc->name = xstrdup(it.key);
		sc->pos = pos_of(it.knode);
		ret = parse_scheme(r, &it, sc);
		if (ret)
			return ret;
	}
	return ret;
}

static const char *const top_keys[] = {
    "package", "workspace", "dependencies", "build",   "boot",
    "qemu",    "run",	    "test",	    "schemes", "prove",	NULL};
enum {
	TOP_PACKAGE,
	TOP_WORKSPACE,
	TOP_DEPENDENCIES,
	TOP_BUILD,
	TOP_BOOT,
	TOP_QEMU,
	TOP_RUN,
	TOP_TEST,
	TOP_SCHEMES,
	TOP_PROVE
};

static int top_field(struct manifest_reader *r, struct manifest_map_iter *it,
		     struct manifest *m)
{
	switch (it->index) {
	case TOP_PACKAGE:
		return parse_package(r, it, m);
	case TOP_WORKSPACE:
		return parse_workspace(r, it, m);
	case TOP_DEPENDENCIES:
		return parse_deps(r, it, m);
	case TOP_BUILD:
		return parse_build(r, it, m);
	case TOP_BOOT:
		return parse_boot(r, it->val, it->field, &m->top);
	case TOP_QEMU:
		return parse_qemu(r, it->val, it->field, &m->top);
	case TOP_RUN:
		return parse_action(r, it->val, it->field, run_keys, &m->run);
	case TOP_TEST:
		return parse_action(r, it->val, it->field, test_keys, &m->test);
	case TOP_PROVE:
		return manifest_parse_prove(r, it->knode, it->val, it->field,
					    m);
	default:
		return parse_schemes(r, it, m);
	}
}

int manifest_parse_root(struct manifest_reader *r, struct manifest *m)
{
	yaml_node_t *root = yaml_document_get_root_node(r->doc);
	struct manifest_map_iter it;
	int ret;

	if (!root || manifest_is_null(root))
		return err_set(r->err, -EINVAL,
			       "%s: empty manifest; expected 'package' or "
			       "'workspace'",
			       r->file);
	if (root->type != YAML_MAPPING_NODE)
		return manifest_fail(r, root,
				     "expected a mapping at the top level, "
				     "found %s",
				     manifest_kind(root));
	manifest_map_start(&it, root, "", top_keys);
	while ((ret = manifest_map_next(r, &it)) > 0) {
		ret = top_field(r, &it, m);
		if (ret)
			return ret;
	}
	if (!ret && !m->has_package && !m->has_workspace)
		ret = manifest_fail(r, root,
				    "expected 'package' or 'workspace' at the "
				    "top level");
	return ret;
}
