/* SPDX-License-Identifier: MIT */
/* manifest.c - loading osdk.yaml, and the grammar of names and versions. */
#include "core/manifest/manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <yaml.h>

#include "core/manifest/manifest_yaml.h"
#include "core/manifest/yload.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/suggest.h"
#include "util/xalloc.h"

/* A manifest is a page of YAML; anything bigger is a mistake, not a file. */
#define MANIFEST_MAX_BYTES (4u << 20)

/* ---- names, versions and paths ---- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_ident(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || c == '-';
}

bool manifest_valid_name(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		bool ok = is_digit(c) || (c >= 'a' && c <= 'z') ||
			  (i > 0 && (c == '_' || c == '-'));

		if (!ok)
			return false;
	}
	return true;
}

bool manifest_valid_image_name(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		bool ok = (c >= 'a' && c <= 'z') || c == '_' ||
			  (i > 0 && is_digit(c));

		if (!ok)
			return false;
	}
	return true;
}

/* A version number: no leading zero, and it must fit in 64 bits. */
static const char *scan_num(const char *s)
{
	uint64_t v = 0;

	if (!is_digit(*s) || (*s == '0' && is_digit(s[1])))
		return NULL;
	for (; is_digit(*s); s++) {
		unsigned d = (unsigned)(*s - '0');

		if (v > (UINT64_MAX - d) / 10)
			return NULL;
		v = v * 10 + d;
	}
	return s;
}

/* Dot-separated [0-9A-Za-z-]+; in a pre-release numbers lose leading 0s. */
static const char *scan_idents(const char *s, bool pre)
{
	for (;;) {
		const char *start = s;
		bool numeric = true;

		for (; is_ident(*s); s++)
			numeric = numeric && is_digit(*s);
		if (s == start ||
		    (pre && numeric && *start == '0' && s - start > 1))
			return NULL;
		if (*s != '.')
			return s;
		s++;
	}
}

static const char *scan_tail(const char *s)
{
	if (s && *s == '-')
		s = scan_idents(s + 1, true);
	if (s && *s == '+')
		s = scan_idents(s + 1, false);
	return s;
}

bool manifest_valid_version(const char *v)
{
	const char *s = scan_num(v);

	for (int i = 0; i < 2 && s; i++)
		s = *s == '.' ? scan_num(s + 1) : NULL;
	s = scan_tail(s);
	return s && !*s;
}

/* MAJOR[.MINOR[.PATCH[-pre][+build]]], where a wildcard ends the numbers. */
static const char *scan_partial(const char *s)
{
	bool wild = false;
	int parts = 1;

	s = scan_num(s);
	while (s && *s == '.' && parts < 3) {
		s++;
		parts++;
		if (*s == '*' || *s == 'x' || *s == 'X')
			s++, wild = true;
		else if (wild)
			return NULL;
		else
			s = scan_num(s);
	}
	return parts == 3 && !wild ? scan_tail(s) : s;
}

static const char *skip_spaces(const char *s)
{
	while (*s == ' ')
		s++;
	return s;
}

bool manifest_valid_requirement(const char *s)
{
	for (;;) {
		s = skip_spaces(s);
		if (*s == '*') {
			s++;
		} else {
			if (*s == '>' || *s == '<')
				s += s[1] == '=' ? 2 : 1;
			else if (*s == '=' || *s == '^' || *s == '~')
				s++;
			s = scan_partial(skip_spaces(s));
			if (!s)
				return false;
		}
		s = skip_spaces(s);
		if (!*s)
			return true;
		if (*s++ != ',')
			return false;
	}
}

char *manifest_join_path(const char *dir, const char *path)
{
	char *joined = fs_join(dir, path);
	char *abs = fs_abspath(joined);

	free(joined);
	return abs;
}

/* The absolute directory of `path`, which need not exist. */
static int dir_of(const char *path, char **out, struct osdk_err *err)
{
	const char *slash = strrchr(path, '/');
	char *parent, *cwd = NULL;
	int ret = 0;

	parent =
	    slash ? xstrndup(path, (size_t)(slash - path) + 1) : xstrdup(".");
	if (parent[0] != '/') {
		cwd = getcwd(NULL, 0);
		if (!cwd) {
			ret = err_set(err, -errno,
				      "could not determine the current "
				      "directory: %s",
				      strerror(errno));
			goto out;
		}
	}
	*out = manifest_join_path(cwd ? cwd : "/", parent);
out:
	free(cwd);
	free(parent);
	return ret;
}

/* ---- loading ---- */

/* libyaml's own words, at libyaml's position, in our FILE:LINE:COL form. */
static int syntax_error(const yaml_parser_t *p, const char *file,
			const char *text, size_t len, struct osdk_err *err)
{
	size_t line = 1, col = 1;

	if (p->error == YAML_MEMORY_ERROR)
		return err_set(err, -ENOMEM, "%s: out of memory", file);
	if (p->error == YAML_READER_ERROR) {
		/* Encoding errors carry a byte offset instead of a mark. */
		for (size_t i = 0; i < p->problem_offset && i < len; i++) {
			col++;
			if (text[i] == '\n')
				line++, col = 1;
		}
		return err_set(err, -EINVAL, "%s:%zu:%zu: %s", file, line, col,
			       p->problem ? p->problem : "unreadable input");
	}
	if (p->context)
		return err_set(
		    err, -EINVAL, "%s:%zu:%zu: %s (%s at %zu:%zu)", file,
		    p->problem_mark.line + 1, p->problem_mark.column + 1,
		    p->problem ? p->problem : "syntax error", p->context,
		    p->context_mark.line + 1, p->context_mark.column + 1);
	return err_set(err, -EINVAL, "%s:%zu:%zu: %s", file,
		       p->problem_mark.line + 1, p->problem_mark.column + 1,
		       p->problem ? p->problem : "syntax error");
}

/* A second "---" document would be silently ignored: refuse it instead. */
static int expect_end(yaml_parser_t *p, struct manifest_reader *r,
		      const char *text, size_t len)
{
	yaml_document_t next;
	yaml_node_t *root;
	int ret = 0;

	if (!yload_document(p, &next))
		return syntax_error(p, r->file, text, len, r->err);
	root = yaml_document_get_root_node(&next);
	/* A trailing "---" opens an empty document, which says nothing. */
	if (root && !manifest_is_null(root))
		ret = manifest_fail(r, root,
				    "a manifest is a single yaml document; "
				    "remove this second one");
	yaml_document_delete(&next);
	return ret;
}

int manifest_parse(const char *path, const char *text, size_t len,
		   struct manifest **out, struct osdk_err *err)
{
	struct manifest_reader r = {.file = path, .err = err};
	struct manifest *m = xcalloc(1, sizeof(*m));
	yaml_parser_t parser;
	yaml_document_t doc;
	int ret;

	*out = NULL;
	m->path = xstrdup(path);
	ret = dir_of(path, &m->dir, err);
	if (ret)
		goto out_free;
	r.dir = m->dir;
	ret = yload_check_encoding(path, text, len, err);
	if (ret)
		goto out_free;
	if (!yaml_parser_initialize(&parser)) {
		ret = err_set(err, -ENOMEM, "%s: out of memory", path);
		goto out_free;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	if (!yload_document(&parser, &doc)) {
		ret = syntax_error(&parser, path, text, len, err);
		goto out_parser;
	}
	r.doc = &doc;
	ret = manifest_parse_root(&r, m);
	if (!ret)
		ret = expect_end(&parser, &r, text, len);
	yaml_document_delete(&doc);
out_parser:
	yaml_parser_delete(&parser);
out_free:
	if (ret)
		manifest_free(m);
	else
		*out = m;
	return ret;
}

int manifest_load(const char *path, struct manifest **out, struct osdk_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	*out = NULL;
	ret = fs_read_max(path, &sb, MANIFEST_MAX_BYTES, err);
	if (!ret)
		ret = manifest_parse(path, sb.buf, sb.len, out, err);
	strbuf_release(&sb);
	return ret;
}

static void settings_release(struct manifest_settings *s)
{
	free(s->boot_method);
	free(s->boot_protocol);
	free(s->boot_cmdline);
	manifest_initramfs_free(s->boot_initramfs);
	free(s->boot_initramfs_compress);
	manifest_strv_free(s->boot_init_args.v, s->boot_init_args.n);
	manifest_strv_free(s->boot_init_env.v, s->boot_init_env.n);
	free(s->qemu_path);
	free(s->qemu_args);
	free(s->qemu_accel);
	free(s->qemu_ovmf_code);
	free(s->qemu_ovmf_vars);
	free(s->qemu_confidential);
	free(s->grub_boot_protocol);
	free(s->qemu_tdvf);
}

void manifest_free(struct manifest *m)
{
	if (!m)
		return;
	free(m->path);
	free(m->dir);
	free(m->package.name);
	free(m->package.version);
	free(m->package.description);
	free(m->package.license);
	manifest_strv_free(m->package.authors, m->package.nauthors);
	free(m->package.repository);
	manifest_strv_free(m->workspace.members, m->workspace.nmembers);
	manifest_strv_free(m->workspace.trusted, m->workspace.ntrusted);
	for (size_t i = 0; i < m->workspace.nsources; i++) {
		free(m->workspace.sources[i].name);
		free(m->workspace.sources[i].where);
	}
	free(m->workspace.sources);
	for (size_t i = 0; i < m->ndeps; i++) {
		struct manifest_dep *d = &m->deps[i];

		free(d->name);
		free(d->path);
		free(d->git);
		free(d->rev);
		free(d->tag);
		free(d->branch);
		free(d->version);
		free(d->registry);
	}
	free(m->deps);
	free(m->build.linker_script);
	free(m->build.cflags);
	free(m->build.service_prelude);
	free(m->build.coverage_runtime);
	for (size_t i = 0; i < m->build.nuser_images; i++) {
		struct manifest_user_image *u = &m->build.user_images[i];

		free(u->name);
		manifest_strv_free(u->sources, u->nsources);
		free(u->cflags);
		free(u->ldflags);
		free(u->linker_script);
		free(u->version_script);
	}
	free(m->build.user_images);
	manifest_strv_free(m->prove.files, m->prove.nfiles);
	manifest_strv_free(m->prove.provers, m->prove.nprovers);
	manifest_strv_free(m->prove.functions, m->prove.nfunctions);
	settings_release(&m->top);
	settings_release(&m->run);
	settings_release(&m->test);
	for (size_t i = 0; i < m->nschemes; i++) {
		free(m->schemes[i].name);
		settings_release(&m->schemes[i].base);
		settings_release(&m->schemes[i].run);
		settings_release(&m->schemes[i].test);
	}
	free(m->schemes);
	free(m);
}

const struct manifest_scheme *manifest_scheme(const struct manifest *m,
					      const char *name)
{
	for (size_t i = 0; i < m->nschemes; i++)
		if (!strcmp(m->schemes[i].name, name))
			return &m->schemes[i];
	return NULL;
}

static const char *const accel_names[] = {"auto", "kvm", "tcg", NULL};

int manifest_check_accel(const char *s, struct osdk_err *err)
{
	const char *near;

	for (size_t i = 0; accel_names[i]; i++)
		if (!strcmp(s, accel_names[i]))
			return 0;
	near = suggest_closest(s, accel_names);
	if (near)
		return err_set(err, -EINVAL,
			       "unknown accelerator '%s'; did you mean '%s'? "
			       "(auto, kvm or tcg)",
			       s, near);
	return err_set(err, -EINVAL,
		       "unknown accelerator '%s'; expected auto, kvm or tcg", s);
}
