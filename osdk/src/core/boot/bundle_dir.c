/* SPDX-License-Identifier: MIT */
/* bundle_dir.c - a built bundle kept in a directory, to boot elsewhere. */
#include "core/boot/bundle_dir.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The most a bundle file may hold: it is a few hundred bytes. */
#define BUNDLE_DIR_MAX (64u << 10)

static const char *const kind_names[] = {
	[BUNDLE_DIR_KERNEL] = "kernel",
	[BUNDLE_DIR_KTEST] = "ktest",
};

const char *bundle_dir_kind_name(enum bundle_dir_kind k)
{
	return kind_names[k];
}

/* Add @path under @key as its name within @dir; NULL becomes null. */
static int add_file(cJSON *o, const char *key, const char *dir,
		    const char *path, struct osdk_err *err)
{
	char *abs_dir, *abs, *slash;
	int ret = 0;

	if (!path) {
		cJSON_AddNullToObject(o, key);
		return 0;
	}
	abs_dir = fs_abspath(dir);
	abs = fs_abspath(path);
	slash = strrchr(abs, '/');
	if (!slash || (size_t)(slash - abs) != strlen(abs_dir) ||
	    strncmp(abs, abs_dir, strlen(abs_dir)))
		ret = err_set(err, -EINVAL,
			      "the bundle's %s '%s' is not in '%s'", key, path,
			      dir);
	else
		cJSON_AddStringToObject(o, key, slash + 1);
	free(abs_dir);
	free(abs);
	return ret;
}

static void add_str(cJSON *o, const char *key, const char *s)
{
	if (s)
		cJSON_AddStringToObject(o, key, s);
	else
		cJSON_AddNullToObject(o, key);
}

int bundle_dir_write(const char *dir, const struct bundle_dir *bd,
		     struct osdk_err *err)
{
	cJSON *o = cJSON_CreateObject();
	char *path = NULL, *text = NULL;
	int ret;

	cJSON_AddNumberToObject(o, "schema", BUNDLE_DIR_SCHEMA);
	cJSON_AddStringToObject(o, "kind", kind_names[bd->kind]);
	cJSON_AddStringToObject(o, "package", bd->package);
	cJSON_AddStringToObject(o, "boot_method",
				bundle_method_name(bd->method));
	ret = add_file(o, "kernel", dir, bd->kernel, err);
	if (!ret)
		ret = add_file(o, "image", dir, bd->image, err);
	if (!ret)
		ret = add_file(o, "initramfs", dir, bd->initramfs, err);
	if (ret)
		goto out;
	add_str(o, "cmdline", bd->cmdline);
	add_str(o, "qemu", bd->qemu);
	add_str(o, "qemu_args", bd->qemu_args);
	add_str(o, "accel", bd->accel);
	cJSON_AddNumberToObject(o, "test_timeout", bd->test_timeout);
	cJSON_AddStringToObject(o, "grub_boot_protocol",
				bundle_protocol_name(bd->protocol));
	add_str(o, "confidential",
		bd->confidential ? bd->confidential : "none");
	ret = add_file(o, "ovmf_code", dir, bd->ovmf_code, err);
	if (!ret)
		ret = add_file(o, "ovmf_vars", dir, bd->ovmf_vars, err);
	if (!ret)
		ret = add_file(o, "tdvf", dir, bd->tdvf, err);
	if (ret)
		goto out;
	text = cJSON_Print(o);
	path = fs_join(dir, BUNDLE_DIR_FILE);
	ret = fs_write_atomic(path, text, strlen(text), err);
out:
	cJSON_Delete(o);
	free(text);
	free(path);
	return ret;
}

/* The string member @key of @o into *@out (NULL for null when @nullable). */
static int get_str(const cJSON *o, const char *key, bool nullable, char **out,
		   const char *file, struct osdk_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	*out = NULL;
	if (nullable && (!v || cJSON_IsNull(v)))
		return 0;
	if (!cJSON_IsString(v))
		return err_set(err, -EINVAL, "%s: '%s' must be a string%s",
			       file, key, nullable ? " or null" : "");
	*out = xstrdup(v->valuestring);
	return 0;
}

/* A file member: a plain name, made absolute in @dir, that must exist. */
static int get_file(const cJSON *o, const char *key, bool nullable,
		    const char *dir, char **out, const char *file,
		    struct osdk_err *err)
{
	char *name;
	int ret = get_str(o, key, nullable, &name, file, err);

	if (ret || !name)
		return ret;
	if (!*name || strchr(name, '/') || !strcmp(name, "..") ||
	    !strcmp(name, "."))
		ret = err_set(err, -EINVAL,
			      "%s: '%s' must name a file in the bundle's "
			      "directory, not '%s'",
			      file, key, name);
	else
		*out = fs_join(dir, name);
	free(name);
	if (!ret && !fs_exists(*out))
		ret = err_set(err, -EINVAL, "%s: its %s '%s' is missing", file,
			      key, *out);
	return ret;
}

int bundle_dir_read(const char *dir, struct bundle_dir *bd,
		    struct osdk_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	char *abs = fs_abspath(dir), *file = fs_join(abs, BUNDLE_DIR_FILE);
	char *kind = NULL, *method = NULL, *proto = NULL;
	const cJSON *v;
	cJSON *o = NULL;
	int ret;

	memset(bd, 0, sizeof(*bd));
	if (!fs_exists(file)) {
		ret = err_set(err, -ENOENT,
			      "'%s' is not a bundle directory: it has no %s "
			      "(made by 'osdk build -o DIR' or 'osdk test -o "
			      "DIR')",
			      dir, BUNDLE_DIR_FILE);
		goto out;
	}
	ret = fs_read_max(file, &sb, BUNDLE_DIR_MAX, err);
	if (ret)
		goto out;
	o = cJSON_ParseWithLength(sb.buf, sb.len);
	if (!cJSON_IsObject(o)) {
		ret = err_set(err, -EINVAL, "%s: not a JSON object", file);
		goto out;
	}
	v = cJSON_GetObjectItemCaseSensitive(o, "schema");
	if (!cJSON_IsNumber(v) || v->valuedouble != BUNDLE_DIR_SCHEMA) {
		ret = err_set(err, -EINVAL,
			      "%s: schema %s; this osdk reads schema %d", file,
			      cJSON_IsNumber(v) ? "of another osdk" : "missing",
			      BUNDLE_DIR_SCHEMA);
		goto out;
	}
	ret = get_str(o, "kind", false, &kind, file, err);
	if (!ret && strcmp(kind, "kernel") && strcmp(kind, "ktest"))
		ret = err_set(err, -EINVAL,
			      "%s: kind '%s' is neither kernel nor ktest", file,
			      kind);
	if (ret)
		goto out;
	bd->kind =
		strcmp(kind, "kernel") ? BUNDLE_DIR_KTEST : BUNDLE_DIR_KERNEL;
	ret = get_str(o, "package", false, &bd->package, file, err);
	if (!ret)
		ret = get_str(o, "boot_method", false, &method, file, err);
	if (!ret && bundle_method_parse(method, &bd->method, err))
		ret = err_prefix(err, -EINVAL, "%s", file);
	if (!ret)
		ret = get_file(o, "kernel", false, abs, &bd->kernel, file, err);
	if (!ret)
		ret = get_file(o, "image", true, abs, &bd->image, file, err);
	if (!ret)
		ret = get_file(o, "initramfs", true, abs, &bd->initramfs, file,
			       err);
	if (!ret)
		ret = get_str(o, "cmdline", true, &bd->cmdline, file, err);
	if (!ret)
		ret = get_str(o, "qemu", false, &bd->qemu, file, err);
	if (!ret)
		ret = get_str(o, "qemu_args", true, &bd->qemu_args, file, err);
	if (!ret)
		ret = get_str(o, "accel", true, &bd->accel, file, err);
	v = cJSON_GetObjectItemCaseSensitive(o, "test_timeout");
	if (!ret && (!cJSON_IsNumber(v) || v->valuedouble < 1 ||
		     v->valuedouble > 86400))
		ret = err_set(err, -EINVAL,
			      "%s: 'test_timeout' must be seconds, 1 to 86400",
			      file);
	if (!ret)
		bd->test_timeout = (int)v->valuedouble;
	/* The members below came later in schema 1: absent means what osdk
	 * did before them (multiboot2, Debian's firmware, no TEE). */
	if (!ret)
		ret = get_str(o, "grub_boot_protocol", true, &proto, file, err);
	if (!ret && proto && bundle_protocol_parse(proto, &bd->protocol, err))
		ret = err_prefix(err, -EINVAL, "%s", file);
	if (!ret)
		ret = get_str(o, "confidential", true, &bd->confidential, file,
			      err);
	if (!ret && !bd->confidential)
		bd->confidential = xstrdup("none");
	if (!ret && strcmp(bd->confidential, "none") &&
	    strcmp(bd->confidential, "tdx"))
		ret = err_set(err, -EINVAL,
			      "%s: 'confidential' is '%s', neither none nor "
			      "tdx",
			      file, bd->confidential);
	if (!ret)
		ret = get_file(o, "ovmf_code", true, abs, &bd->ovmf_code, file,
			       err);
	if (!ret)
		ret = get_file(o, "ovmf_vars", true, abs, &bd->ovmf_vars, file,
			       err);
	if (!ret)
		ret = get_file(o, "tdvf", true, abs, &bd->tdvf, file, err);
out:
	if (ret)
		bundle_dir_release(bd);
	cJSON_Delete(o);
	strbuf_release(&sb);
	free(kind);
	free(method);
	free(proto);
	free(abs);
	free(file);
	return ret;
}

/* Copy @from into @dir under its own name; *@out is the copy. */
static int copy_in(const char *dir, const char *from, char **out,
		   struct osdk_err *err)
{
	const char *base = strrchr(from, '/');
	int ret;

	*out = fs_join(dir, base ? base + 1 : from);
	ret = fs_copy_file(from, *out, err);
	if (ret) {
		free(*out);
		*out = NULL;
	}
	return ret;
}

int bundle_dir_add_firmware(const char *dir, struct bundle_dir *bd,
			    const char *ovmf_code, const char *ovmf_vars,
			    const char *tdvf, struct osdk_err *err)
{
	int ret = 0;

	if (ovmf_code)
		ret = copy_in(dir, ovmf_code, &bd->ovmf_code, err);
	if (!ret && ovmf_vars)
		ret = copy_in(dir, ovmf_vars, &bd->ovmf_vars, err);
	if (!ret && tdvf)
		ret = copy_in(dir, tdvf, &bd->tdvf, err);
	return ret;
}

void bundle_dir_release(struct bundle_dir *bd)
{
	free(bd->package);
	free(bd->kernel);
	free(bd->image);
	free(bd->initramfs);
	free(bd->cmdline);
	free(bd->qemu);
	free(bd->qemu_args);
	free(bd->accel);
	free(bd->ovmf_code);
	free(bd->ovmf_vars);
	free(bd->tdvf);
	free(bd->confidential);
	memset(bd, 0, sizeof(*bd));
}
