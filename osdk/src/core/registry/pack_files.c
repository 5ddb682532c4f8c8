/* SPDX-License-Identifier: MIT */
/* pack_files.c - listing a package's files, and what git says changed. */
#include "core/registry/pack_files.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <git2.h>

#include "core/registry/fetch.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"
#include "util/sort.h"

#define MANIFEST_NAME "osdk.yaml"

/* The package directory and, when it is in a git work tree, the repo. */
struct walker {
	char *root; /* real path of the package */
	git_repository *repo;
	char *in_repo; /* root relative to the work tree, "" or "a/b/" */
	struct strvec *out;
	struct osdk_err *err;
};

/* Open the work tree around w->root, if there is one. */
static void open_repo(struct walker *w)
{
	const char *wd;
	size_t n;

	fetch_libgit2_init();
	if (git_repository_open_ext(&w->repo, w->root, 0, NULL) < 0) {
		w->repo = NULL;
		return;
	}
	wd = git_repository_workdir(w->repo);
	n = wd ? strlen(wd) : 0;
	if (!wd || strncmp(w->root, wd, n - 1) != 0 ||
	    (w->root[n - 1] != '/' && w->root[n - 1] != '\0')) {
		git_repository_free(w->repo);
		w->repo = NULL;
		return;
	}
	w->in_repo =
		w->root[n - 1] ? xasprintf("%s/", w->root + n) : xstrdup("");
}

static bool ignored(struct walker *w, const char *rel, bool dir)
{
	char *path;
	int ign = 0;

	if (!w->repo)
		return false;
	path = xasprintf("%s%s%s", w->in_repo, rel, dir ? "/" : "");
	if (git_ignore_path_is_ignored(&ign, w->repo, path) < 0)
		ign = 0;
	free(path);
	return ign == 1;
}

static int walk(struct walker *w, const char *rel)
{
	char *dir = *rel ? fs_join(w->root, rel) : xstrdup(w->root);
	struct dirent *de;
	DIR *d = opendir(dir);
	int ret = 0;

	if (!d) {
		ret = err_set(w->err, -errno, "could not open '%s': %s", dir,
			      strerror(errno));
		goto out_free;
	}
	while (!ret && (de = readdir(d))) {
		const char *n = de->d_name;
		char *sub, *full;
		struct stat st;

		if (!strcmp(n, ".") || !strcmp(n, "..") || !strcmp(n, ".git"))
			continue;
		if (!*rel && (!strcmp(n, "target") || !strcmp(n, "osdk.lock")))
			continue;
		sub = *rel ? fs_join(rel, n) : xstrdup(n);
		full = fs_join(w->root, sub);
		if (lstat(full, &st) < 0) {
			ret = err_set(w->err, -errno, "could not read '%s': %s",
				      full, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			char *m = fs_join(full, MANIFEST_NAME);

			if (!fs_exists(m) && !ignored(w, sub, true))
				ret = walk(w, sub);
			free(m);
		} else if (ignored(w, sub, false)) {
			/* left out, as git leaves it out */
		} else if (S_ISREG(st.st_mode)) {
			strvec_push(w->out, sub);
		} else {
			ret = err_set(w->err, -EINVAL,
				      "'%s' is %s; a package "
				      "holds regular files only (remove it, or "
				      "make git ignore it)",
				      full,
				      S_ISLNK(st.st_mode)
					      ? "a symbolic link"
					      : "not a regular file");
		}
		free(full);
		free(sub);
	}
	closedir(d);
out_free:
	free(dir);
	return ret;
}

static int walker_init(struct walker *w, const char *dir, struct strvec *out,
		       struct osdk_err *err)
{
	char real[PATH_MAX];

	memset(w, 0, sizeof(*w));
	if (!realpath(dir, real))
		return err_set(err, -errno, "could not resolve '%s': %s", dir,
			       strerror(errno));
	w->root = xstrdup(real);
	w->out = out;
	w->err = err;
	open_repo(w);
	return 0;
}

static void walker_release(struct walker *w)
{
	git_repository_free(w->repo);
	free(w->root);
	free(w->in_repo);
}

int pack_files_list(const char *dir, struct strvec *files, struct osdk_err *err)
{
	struct walker w;
	size_t first = files->n;
	int ret = walker_init(&w, dir, files, err);

	if (ret)
		return ret;
	ret = walk(&w, "");
	if (!ret && files->n > first)
		sort_strings(files->v + first, files->n - first);
	walker_release(&w);
	return ret;
}

/* Whether rel (below the package) lies in a nested package or target/. */
static bool outside_package(const char *root, const char *rel)
{
	char *copy = xstrdup(rel);
	bool out = strncmp(rel, "target/", 7) == 0 || !strcmp(rel, "osdk.lock");

	for (char *s = strchr(copy, '/'); s && !out; s = strchr(s + 1, '/')) {
		char *m;

		*s = '\0';
		m = xasprintf("%s/%s/%s", root, copy, MANIFEST_NAME);
		out = fs_exists(m);
		free(m);
		*s = '/';
	}
	free(copy);
	return out;
}

int pack_files_uncommitted(const char *dir, struct strvec *dirty, bool *in_repo,
			   struct osdk_err *err)
{
	git_status_options so;
	git_status_list *list = NULL;
	struct walker w;
	char *spec;
	int ret = walker_init(&w, dir, NULL, err);

	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
	*in_repo = false;
	if (ret)
		return ret;
	if (!w.repo)
		goto out;
	*in_repo = true;
	spec = xstrdup(w.in_repo);
	so.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
		   GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
		   GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if (*spec) {
		so.pathspec.strings = &spec;
		so.pathspec.count = 1;
	}
	if (git_status_list_new(&list, w.repo, &so) < 0) {
		ret = err_set(err, -EIO,
			      "could not read the git status of "
			      "'%s': %s",
			      w.root, fetch_git_errmsg());
		free(spec);
		goto out;
	}
	free(spec);
	for (size_t i = 0; i < git_status_list_entrycount(list); i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		const git_diff_delta *d = e->head_to_index
						  ? e->head_to_index
						  : e->index_to_workdir;
		const char *path = d ? d->new_file.path : NULL;
		size_t n = strlen(w.in_repo);

		if (e->status == GIT_STATUS_CURRENT ||
		    (e->status & GIT_STATUS_IGNORED) || !path ||
		    strncmp(path, w.in_repo, n) != 0)
			continue;
		if (!outside_package(w.root, path + n))
			strvec_push(dirty, path + n);
	}
out:
	git_status_list_free(list);
	walker_release(&w);
	return ret;
}
