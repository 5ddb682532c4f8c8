/* SPDX-License-Identifier: MIT */
/* scaffold.c - instantiating a package template (osdk new). */
#include "core/manifest/scaffold.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/manifest/manifest.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

/* The name as a C identifier, in lower or upper case. */
static char *c_ident(const char *name, bool upper)
{
	char *s = xstrdup(name);

	for (char *p = s; *p; p++) {
		if (*p == '-')
			*p = '_';
		else if (upper && *p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	}
	return s;
}

char *scaffold_expand(const struct scaffold_opts *o, const char *in)
{
	struct strbuf sb = STRBUF_INIT;
	char *ident = c_ident(o->name, false);
	char *upper = c_ident(o->name, true);
	const struct {
		const char *key;
		const char *value;
	} vars[] = {
		{ "{{name}}", o->name },
		{ "{{ident}}", ident },
		{ "{{IDENT}}", upper },
		{ "{{frame_dep}}", o->frame_dep },
	};

	while (*in) {
		size_t i;

		for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
			size_t n = strlen(vars[i].key);

			if (strncmp(in, vars[i].key, n) == 0) {
				strbuf_adds(&sb, vars[i].value);
				in += n;
				break;
			}
		}
		if (i == sizeof(vars) / sizeof(vars[0]))
			strbuf_addch(&sb, *in++);
	}
	free(ident);
	free(upper);
	return strbuf_detach(&sb);
}

int scaffold_check_name(const char *name, struct osdk_err *err)
{
	if (!manifest_valid_name(name))
		return err_set(
			err, -EINVAL,
			"'%s' is not a valid package name: use lowercase "
			"letters, digits, '-' and '_', starting with a "
			"letter or digit",
			name);
	if (strcmp(name, "frame") == 0)
		return err_set(err, -EINVAL,
			       "a package cannot be named 'frame': the new "
			       "package depends on the frame, and would depend "
			       "on itself; choose another name (or --name)");
	return 0;
}

static bool dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	bool empty = true;

	if (!d)
		return false;
	while (empty && (e = readdir(d)))
		empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	closedir(d);
	return empty;
}

/* Where the package may go: a new or empty directory, or with in_place
 * any directory that is not a package yet. */
static int check_dest(const struct scaffold_opts *o, bool *existed,
		      struct osdk_err *err)
{
	char *manifest;
	bool taken;

	*existed = fs_exists(o->dest);
	if (!*existed)
		return 0;
	if (!fs_is_dir(o->dest))
		return err_set(err, -EEXIST,
			       "destination '%s' already exists and is not a "
			       "directory",
			       o->dest);
	manifest = fs_join(o->dest, "osdk.yaml");
	taken = fs_exists(manifest);
	free(manifest);
	if (taken)
		return err_set(err, -EEXIST,
			       "'%s' already holds a package (its osdk.yaml)",
			       o->dest);
	if (!o->in_place && !dir_is_empty(o->dest))
		return err_set(err, -EEXIST,
			       "destination '%s' already exists and is not "
			       "empty; to make a package of what is there, run "
			       "'osdk init' in it",
			       o->dest);
	return 0;
}

/* Undo a failed scaffold in a directory that was there before. */
static void forget_created(const char *dest, const struct strvec *created)
{
	for (size_t i = created->n; i-- > 0;) {
		char *path = fs_join(dest, created->v[i]);

		remove(path);
		free(path);
	}
}

int scaffold_new(const struct scaffold_opts *o, struct strvec *created,
		 struct osdk_err *err)
{
	static const char *const all[] = { "", NULL };
	struct strvec files = STRVEC_INIT;
	int ret;

	bool existed;

	ret = scaffold_check_name(o->name, err);
	if (ret)
		return ret;
	ret = check_dest(o, &existed, err);
	if (ret)
		return ret;
	if (!fs_is_dir(o->template_dir))
		return err_set(err, -ENOENT,
			       "template '%s' is missing; is osdk installed "
			       "(or OSDK_DATADIR set) correctly?",
			       o->template_dir);
	ret = fs_list_files(o->template_dir, all, &files, err);
	if (ret)
		goto out;
	for (size_t i = 0; i < files.n && !ret; i++) {
		struct strbuf text = STRBUF_INIT;
		char *src = fs_join(o->template_dir, files.v[i]);
		char *rel = scaffold_expand(o, files.v[i]);
		char *base = strrchr(rel, '/');
		char *dst, *dir, *body;
		struct stat st;

		base = base ? base + 1 : rel;
		if (strcmp(base, "gitignore") == 0) {
			char *dotted = xasprintf("%.*s.gitignore",
						 (int)(base - rel), rel);

			free(rel);
			rel = dotted;
		}
		dst = fs_join(o->dest, rel);
		if (o->in_place && fs_exists(dst)) {
			if (o->kept)
				strvec_push(o->kept, rel);
			free(src);
			free(rel);
			free(dst);
			continue;
		}
		dir = xstrdup(dst);
		*strrchr(dir, '/') = '\0';
		ret = fs_mkdirs(dir, err);
		if (!ret)
			ret = fs_read(src, &text, err);
		if (!ret) {
			body = scaffold_expand(o, text.buf);
			ret = fs_write_atomic(dst, body, strlen(body), err);
			free(body);
		}
		if (!ret && stat(src, &st) == 0)
			chmod(dst, st.st_mode & 0777);
		if (!ret)
			strvec_push(created, rel);
		strbuf_release(&text);
		free(src);
		free(rel);
		free(dst);
		free(dir);
	}
	if (ret && !existed)
		fs_remove_tree(o->dest, NULL);
	else if (ret)
		forget_created(o->dest, created);
out:
	strvec_clear(&files);
	return ret;
}
