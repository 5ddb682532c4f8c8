/* SPDX-License-Identifier: MIT */
/* manifest_schema.c - the osdk.yaml schema: sections, fields, their rules. */
#include "core/manifest/manifest_yaml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/manifest/manifest.h"
#include "util/err.h"
#include "util/xalloc.h"

#define NAME_RULE "[a-z0-9][a-z0-9_-]*, at most 64 characters"

const char *const manifest_boot_methods[] = { "qemu-direct", "grub-rescue-iso",
					      "grub-qcow2",
					      NULL };
static const char *const boot_protocols[] = { "multiboot2", NULL };
static const char *const package_types[] = { "kernel", "library", NULL };
static const enum manifest_pkg_type package_type_values[] = {
	MANIFEST_PKG_KERNEL, MANIFEST_PKG_LIBRARY
};

/* ---- field readers with osdk.yaml's rules ---- */

struct manifest_pos manifest_pos_of(const yaml_node_t *n)
{
	struct manifest_pos p = { (int)n->start_mark.line + 1,
				  (int)n->start_mark.column + 1 };

	return p;
}

int manifest_missing(struct manifest_reader *r, const yaml_node_t *at,
		     const char *field, const char *key)
{
	return manifest_fail(r, at, "'%s' is missing required field '%s'",
			     field, key);
}

int manifest_get_nonempty(struct manifest_reader *r, yaml_node_t *n,
			  const char *field, char **out)
{
	int ret = manifest_get_str(r, n, field, out);

	if (!ret && !**out)
		ret = manifest_fail(r, n, "'%s' must not be empty", field);
	return ret;
}

int manifest_check_name(struct manifest_reader *r, yaml_node_t *n,
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

	return ret ? ret : manifest_check_name(r, n, field, *out);
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

int manifest_get_requirement(struct manifest_reader *r, yaml_node_t *n,
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
int manifest_check_key_name(struct manifest_reader *r,
			    const struct manifest_map_iter *it,
			    const char *what)
{
	if (manifest_valid_name(it->key))
		return 0;
	return manifest_fail(r, it->knode,
			     "'%s' is not a valid %s name (" NAME_RULE ")",
			     it->field, what);
}

int manifest_each_entry(struct manifest_reader *r,
			const struct manifest_map_iter *at,
			manifest_key_check check_key, manifest_entry_fn fn,
			void *ctx)
{
	struct manifest_map_iter it;
	int ret;

	ret = manifest_expect_map(r, at->val, at->field);
	if (ret)
		return ret;
	manifest_map_start(&it, at->val, at->field, NULL);
	while ((ret = manifest_map_next(r, &it)) > 0) {
		ret = check_key ? check_key(r, &it) : 0;
		if (!ret)
			ret = fn(r, &it, ctx);
		if (ret)
			return ret;
	}
	return ret;
}

/* ---- sections ---- */

static const char *const package_keys[] = { "name",    "version",     "type",
					    "trusted", "description", "license",
					    "authors", "repository",  NULL };
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
		m->package.trusted_pos = manifest_pos_of(it->val);
		return manifest_get_bool(r, it->val, it->field,
					 &m->package.trusted);
	case PKG_DESCRIPTION:
		return manifest_get_str(r, it->val, it->field,
					&m->package.description);
	case PKG_LICENSE:
		return manifest_get_nonempty(r, it->val, it->field,
					     &m->package.license);
	case PKG_AUTHORS:
		return manifest_get_strlist(r, it->val, it->field, NULL,
					    &m->package.authors,
					    &m->package.nauthors);
	default:
		return manifest_get_nonempty(r, it->val, it->field,
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
		return manifest_missing(r, at->knode, at->field, "name");
	if (!m->package.version)
		return manifest_missing(r, at->knode, at->field, "version");
	return 0;
}

static const char *const boot_keys[] = {
	"method",   "protocol",		  "cmdline", "initramfs", "init-args",
	"init-env", "initramfs-compress", NULL
};
enum {
	BOOT_METHOD,
	BOOT_PROTOCOL,
	BOOT_CMDLINE,
	BOOT_INITRAMFS,
	BOOT_INIT_ARGS,
	BOOT_INIT_ENV,
	BOOT_COMPRESS
};
static const char *const compressions[] = { "none", "gzip", NULL };

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

static const char *const qemu_keys[] = {
	"path", "args", "accel", "ovmf-code", "ovmf-vars", "confidential",
	"tdvf", NULL,
};
const char *const manifest_confidential[] = { "none", "tdx", NULL };

static int qemu_field(struct manifest_reader *r, struct manifest_map_iter *it,
		      struct manifest_settings *s)
{
	int ret;

	if (it->index == 1)
		return manifest_get_str(r, it->val, it->field, &s->qemu_args);
	if (it->index == 2) {
		struct osdk_err why = OSDK_ERR_INIT;

		ret = manifest_get_nonempty(r, it->val, it->field,
					    &s->qemu_accel);
		if (!ret && manifest_check_accel(s->qemu_accel, &why))
			ret = manifest_fail(r, it->val, "%s: %s", it->field,
					    why.msg);
		return ret;
	}
	/* UEFI firmware for grub-qcow2: files next to the manifest. */
	if (it->index == 3)
		return manifest_get_path(r, it->val, it->field,
					 &s->qemu_ovmf_code);
	if (it->index == 4)
		return manifest_get_path(r, it->val, it->field,
					 &s->qemu_ovmf_vars);
	if (it->index == 5) {
		size_t i;

		ret = manifest_get_enum(r, it->val, it->field,
					manifest_confidential, &i);
		if (!ret) {
			free(s->qemu_confidential);
			s->qemu_confidential = xstrdup(manifest_confidential[i]);
		}
		return ret;
	}
	if (it->index == 6)
		return manifest_get_path(r, it->val, it->field, &s->qemu_tdvf);
	/* A bare name is looked up in $PATH; one with a slash is a file
	 * next to the manifest, wherever osdk runs from. */
	ret = manifest_get_nonempty(r, it->val, it->field, &s->qemu_path);
	if (!ret && strchr(s->qemu_path, '/'))
		ret = manifest_get_path(r, it->val, it->field, &s->qemu_path);
	return ret;
}

static const char *const grub_keys[] = { "boot-protocol", NULL };
const char *const manifest_grub_protocols[] = { "multiboot2", "linux", NULL };

static int grub_field(struct manifest_reader *r, struct manifest_map_iter *it,
		      struct manifest_settings *s)
{
	size_t i;
	int ret = manifest_get_enum(r, it->val, it->field,
				    manifest_grub_protocols, &i);

	if (!ret) {
		free(s->grub_boot_protocol);
		s->grub_boot_protocol = xstrdup(manifest_grub_protocols[i]);
	}
	return ret;
}

typedef int (*group_field)(struct manifest_reader *r,
			   struct manifest_map_iter *it,
			   struct manifest_settings *s);

/* One group of settings, boot:, qemu: or grub:, into one settings layer. */
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

static int parse_grub(struct manifest_reader *r, yaml_node_t *val,
		      const char *field, struct manifest_settings *s)
{
	return parse_group(r, val, field, grub_keys, grub_field, s);
}

static const char *const run_keys[] = { "boot", "qemu", "grub", NULL };
static const char *const test_keys[] = { "boot", "qemu", "grub", "timeout",
					 NULL };

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
		else if (it.index == 2)
			ret = parse_grub(r, it.val, it.field, s);
		else
			ret = manifest_get_posint(r, it.val, it.field,
						  &s->test_timeout);
		if (ret)
			return ret;
	}
	return ret;
}

static const char *const scheme_keys[] = { "boot", "qemu", "run", "test",
					   "grub", NULL };

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
		case 4:
			ret = parse_grub(r, it.val, it.field, &sc->base);
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

struct schemes_ctx {
	struct manifest *m;
	size_t cap;
};

static int scheme_key(struct manifest_reader *r,
		      const struct manifest_map_iter *it)
{
	return manifest_check_key_name(r, it, "scheme");
}

static int scheme_entry(struct manifest_reader *r, struct manifest_map_iter *it,
			void *vctx)
{
	struct schemes_ctx *c = vctx;
	struct manifest *m = c->m;
	struct manifest_scheme *sc;

	XGROW(m->schemes, c->cap, m->nschemes + 1);
	sc = &m->schemes[m->nschemes++];
	memset(sc, 0, sizeof(*sc));
	sc->name = xstrdup(it->key);
	sc->pos = manifest_pos_of(it->knode);
	return parse_scheme(r, it, sc);
}

static int parse_schemes(struct manifest_reader *r,
			 const struct manifest_map_iter *at, struct manifest *m)
{
	struct schemes_ctx c = { m, 0 };

	return manifest_each_entry(r, at, scheme_key, scheme_entry, &c);
}

static const char *const top_keys[] = {
    "package", "workspace", "dependencies", "build",   "boot",
    "qemu",    "run",	    "test",	    "schemes", "prove",	"grub", NULL};
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
	TOP_PROVE,
	TOP_GRUB
};

static int top_field(struct manifest_reader *r, struct manifest_map_iter *it,
		     struct manifest *m)
{
	switch (it->index) {
	case TOP_PACKAGE:
		return parse_package(r, it, m);
	case TOP_WORKSPACE:
		return manifest_parse_workspace(r, it, m);
	case TOP_DEPENDENCIES:
		return manifest_parse_deps(r, it, m);
	case TOP_BUILD:
		return manifest_parse_build(r, it, m);
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
	case TOP_GRUB:
		return parse_grub(r, it->val, it->field, &m->top);
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
