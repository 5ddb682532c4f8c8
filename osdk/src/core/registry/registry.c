/* SPDX-License-Identifier: MIT */
/* registry.c - creating registries and reading snapshots of them. */
#include "core/registry/registry.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <git2.h>

#include "core/registry/fetch.h"
#include "core/registry/home.h"
#include "core/registry/index.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define CONFIG_JSON "config.json"

/* The signature of osdk's own commits: git's user if configured. */
static int signature(git_repository *repo, git_signature **sig)
{
	if (git_signature_default(sig, repo) == 0)
		return 0;
	return git_signature_now(sig, "osdk", "osdk@localhost");
}

static const char config_text[] = "{\n"
				  "  \"format\": 1,\n"
				  "  \"archives\": \"archives\"\n"
				  "}\n";

static int first_commit(git_repository *repo, struct osdk_err *err)
{
	git_treebuilder *tb = NULL;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_oid blob, tree_id, commit;
	int ret = -EIO;

	if (git_blob_create_from_buffer(&blob, repo, config_text,
					sizeof(config_text) - 1) < 0 ||
	    git_treebuilder_new(&tb, repo, NULL) < 0 ||
	    git_treebuilder_insert(NULL, tb, CONFIG_JSON, &blob,
				   GIT_FILEMODE_BLOB) < 0 ||
	    git_treebuilder_write(&tree_id, tb) < 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) < 0 ||
	    signature(repo, &sig) ||
	    git_commit_create(&commit, repo, "HEAD", sig, sig, NULL,
			      "Create the osdk registry\n", tree, 0, NULL) < 0)
		err_set(err, ret, "could not write the first commit: %s",
			fetch_git_errmsg());
	else
		ret = 0;
	git_signature_free(sig);
	git_tree_free(tree);
	git_treebuilder_free(tb);
	return ret;
}

static bool empty_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	bool empty = d != NULL;

	while (d && empty && (de = readdir(d)))
		empty = !strcmp(de->d_name, ".") || !strcmp(de->d_name, "..");
	if (d)
		closedir(d);
	return empty;
}

int registry_init(const char *path, struct osdk_err *err)
{
	git_repository_init_options io;
	git_repository *repo = NULL;
	char *abs = fs_abspath(path);
	char *tmp = xasprintf("%s.tmp.%ld", abs, (long)getpid());
	bool was_empty = false;
	int ret = 0;

	fetch_libgit2_init();
	git_repository_init_options_init(&io,
					 GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	if (fs_exists(abs) && !(was_empty = empty_dir(abs))) {
		ret = err_set(err, -EEXIST,
			      "'%s' already exists; a new registry "
			      "needs a new or empty directory",
			      path);
		goto out;
	}
	io.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH |
		   GIT_REPOSITORY_INIT_NO_REINIT;
	io.initial_head = REGISTRY_BRANCH;
	fs_remove_tree(tmp, NULL);
	if (git_repository_init_ext(&repo, tmp, &io) < 0) {
		ret = err_set(err, -EIO,
			      "could not create a git repository in "
			      "'%s': %s",
			      tmp, fetch_git_errmsg());
		goto out;
	}
	ret = first_commit(repo, err);
	git_repository_free(repo);
	if (!ret && was_empty)
		rmdir(abs);
	if (!ret && rename(tmp, abs) < 0)
		ret = err_set(err, -errno, "could not create '%s': %s", path,
			      strerror(errno));
out:
	if (ret)
		fs_remove_tree(tmp, NULL);
	free(tmp);
	free(abs);
	return ret;
}

/* Read `path` at commit `id` into out. -ENOENT when it is not there. */
static int read_at(git_repository *repo, const git_oid *id, const char *path,
		   struct strbuf *out)
{
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_tree_entry *te = NULL;
	git_blob *blob = NULL;
	int ret = -EIO;

	if (git_commit_lookup(&c, repo, id) < 0 ||
	    git_commit_tree(&tree, c) < 0)
		goto out;
	if (git_tree_entry_bypath(&te, tree, path) < 0 ||
	    git_tree_entry_type(te) != GIT_OBJECT_BLOB) {
		ret = -ENOENT;
		goto out;
	}
	if (git_blob_lookup(&blob, repo, git_tree_entry_id(te)) < 0)
		goto out;
	strbuf_add(out, git_blob_rawcontent(blob),
		   (size_t)git_blob_rawsize(blob));
	ret = 0;
out:
	git_blob_free(blob);
	git_tree_entry_free(te);
	git_tree_free(tree);
	git_commit_free(c);
	return ret;
}

static bool safe_dir(const char *s)
{
	return *s && *s != '/' && !strstr(s, "..") && !strstr(s, "//");
}

static int read_config(struct registry *r, const git_oid *id,
		       struct osdk_err *err)
{
	struct strbuf text = STRBUF_INIT;
	const cJSON *fmt, *arch;
	cJSON *o = NULL;
	int ret = read_at(r->repo, id, CONFIG_JSON, &text);

	if (ret) {
		ret = err_set(err, -EINVAL,
			      "registry '%s' has no readable %s "
			      "at commit %.12s; is it an osdk registry?",
			      r->url, CONFIG_JSON, r->commit);
		goto out;
	}
	o = cJSON_ParseWithLength(text.buf, text.len);
	fmt = cJSON_GetObjectItemCaseSensitive(o, "format");
	arch = cJSON_GetObjectItemCaseSensitive(o, "archives");
	if (!cJSON_IsObject(o) || !cJSON_IsNumber(fmt)) {
		ret = err_set(err, -EINVAL,
			      "registry '%s': %s is not a JSON "
			      "object with a numeric 'format'",
			      r->url, CONFIG_JSON);
	} else if (fmt->valuedouble != REGISTRY_FORMAT) {
		ret = err_set(err, -ENOTSUP,
			      "registry '%s' uses format %g; "
			      "this osdk reads format %d (upgrade osdk)",
			      r->url, fmt->valuedouble, REGISTRY_FORMAT);
	} else if (arch &&
		   (!cJSON_IsString(arch) || !safe_dir(arch->valuestring))) {
		ret = err_set(err, -EINVAL,
			      "registry '%s': 'archives' in %s "
			      "must be a relative directory",
			      r->url, CONFIG_JSON);
	} else {
		r->archives = xstrdup(arch ? arch->valuestring : "archives");
	}
out:
	cJSON_Delete(o);
	strbuf_release(&text);
	return ret;
}

int registry_open_dir(const char *dir, const char *url, const char *ref,
		      struct registry *r, struct osdk_err *err)
{
	git_object *obj = NULL, *peeled = NULL;
	int ret = 0;

	memset(r, 0, sizeof(*r));
	fetch_libgit2_init();
	r->url = xstrdup(url);
	r->dir = xstrdup(dir);
	r->ref = xstrdup(ref);
	if (git_repository_open(&r->repo, dir) < 0) {
		ret = err_set(err, -ENOENT,
			      "could not open registry '%s' in "
			      "'%s': %s",
			      url, dir, fetch_git_errmsg());
		goto out;
	}
	if (git_revparse_single(&obj, r->repo, ref) < 0 ||
	    git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0) {
		ret = err_set(err, -ENOENT,
			      "registry '%s' has no commit at "
			      "'%s': %s",
			      url, ref, fetch_git_errmsg());
		goto out;
	}
	git_oid_tostr(r->commit, sizeof(r->commit), git_object_id(peeled));
	ret = read_config(r, git_object_id(peeled), err);
out:
	git_object_free(peeled);
	git_object_free(obj);
	if (ret)
		registry_close(r);
	return ret;
}

int registry_open_cached(const char *home, const char *url,
			 enum registry_fetch mode, bool *fetched,
			 struct registry *r, struct osdk_err *err)
{
	char *dir = home_cache_path(home, "registry", url);
	bool have = fs_is_dir(dir);
	int ret = 0;

	*fetched = false;
	memset(r, 0, sizeof(*r));
	if (!have && mode == REGISTRY_FETCH_NEVER) {
		ret = err_set(err, -ENOENT,
			      "registry '%s' is not in the cache "
			      "(%s) and --offline forbids fetching it",
			      url, dir);
		goto out;
	}
	if (!have || mode == REGISTRY_FETCH_ALWAYS) {
		ret = fetch_mirror(url, dir, fetch_registry_refspecs, err);
		if (ret)
			goto out;
		*fetched = true;
	}
	ret = registry_open_dir(dir, url, "refs/remotes/origin/HEAD", r, err);
out:
	free(dir);
	return ret;
}

int registry_open_latest(const char *home, const char *url, struct registry *r,
			 struct osdk_err *err)
{
	struct fetch_lock lk = FETCH_LOCK_INIT;
	char *path = home_local_path(url);
	bool fetched;
	int ret;

	if (path) {
		ret = registry_open_dir(path, url, "HEAD", r, err);
		free(path);
		return ret;
	}
	ret = fetch_lock_cache(home, NULL, NULL, &lk, err);
	if (!ret)
		ret = registry_open_cached(home, url, REGISTRY_FETCH_ALWAYS,
					   &fetched, r, err);
	fetch_unlock(&lk);
	return ret;
}

void registry_close(struct registry *r)
{
	git_repository_free(r->repo);
	free(r->url);
	free(r->dir);
	free(r->ref);
	free(r->archives);
	memset(r, 0, sizeof(*r));
}

int registry_read_index(const struct registry *r, const char *name,
			struct index_file *f, struct osdk_err *err)
{
	struct strbuf text = STRBUF_INIT;
	char *path = index_path(name);
	git_oid id;
	int ret;

	memset(f, 0, sizeof(*f));
	git_oid_fromstr(&id, r->commit);
	ret = read_at(r->repo, &id, path, &text);
	if (ret == -ENOENT)
		err_set(err, ret, "no package named '%s' in registry '%s'",
			name, r->url);
	else if (ret)
		err_set(err, ret, "could not read '%s' from registry '%s': %s",
			path, r->url, fetch_git_errmsg());
	else if ((ret = index_file_parse(text.buf, text.len, path, name, f,
					 err)))
		err_prefix(err, ret, "registry '%s'", r->url);
	strbuf_release(&text);
	free(path);
	return ret;
}

int registry_read_file(const struct registry *r, const char *path,
		       const char *commit, struct strbuf *out,
		       struct osdk_err *err)
{
	git_oid id;
	int ret;

	if (git_oid_fromstr(&id, commit ? commit : r->commit) < 0)
		return err_set(err, -EINVAL, "'%s' is not a commit id", commit);
	ret = read_at(r->repo, &id, path, out);
	if (ret && ret != -ENOENT)
		err_set(err, ret, "could not read '%s' from registry '%s': %s",
			path, r->url, fetch_git_errmsg());
	return ret;
}

char *registry_archive_path(const struct registry *r, const char *name,
			    const char *version)
{
	char *ip = index_path(name);
	char *dir = xstrdup(ip);
	char *slash = strrchr(dir, '/');
	char *p;

	*slash = '\0';
	p = xasprintf("%s/%s/%s-%s.tar", r->archives, dir, name, version);
	free(dir);
	free(ip);
	return p;
}

int registry_read_archive(const struct registry *r, const char *name,
			  const char *version, const char *commit,
			  struct strbuf *out, struct osdk_err *err)
{
	char *path = registry_archive_path(r, name, version);
	git_oid id;
	int ret;

	if (git_oid_fromstr(&id, commit ? commit : r->commit) < 0)
		ret = err_set(err, -EINVAL, "'%s' is not a commit id", commit);
	else if ((ret = read_at(r->repo, &id, path, out)) == -ENOENT)
		err_set(err, ret,
			"registry '%s' has no archive '%s' for %s "
			"v%s at commit %.12s",
			r->url, path, name, version,
			commit ? commit : r->commit);
	else if (ret)
		err_set(err, ret,
			"could not read '%s' from registry '%s' at "
			"commit %.12s: %s",
			path, r->url, commit ? commit : r->commit,
			fetch_git_errmsg());
	free(path);
	return ret;
}

struct each {
	const struct registry *r;
	int (*fn)(void *ctx, const struct index_file *f);
	void *ctx;
	struct osdk_err *err;
	int ret;
};

static int each_entry(const char *root, const git_tree_entry *te, void *p)
{
	struct each *e = p;
	const char *name = git_tree_entry_name(te);
	char *want, *path;
	struct index_file f;

	if (!*root && (!strcmp(name, CONFIG_JSON) || name[0] == '.' ||
		       !strcmp(name, e->r->archives)))
		return git_tree_entry_type(te) == GIT_OBJECT_TREE ? 1 : 0;
	if (git_tree_entry_type(te) != GIT_OBJECT_BLOB)
		return 0;
	want = index_path(name);
	path = xasprintf("%s%s", root, name);
	if (!strcmp(want, path)) {
		e->ret = registry_read_index(e->r, name, &f, e->err);
		if (!e->ret) {
			e->ret = e->fn(e->ctx, &f);
			index_file_release(&f);
		}
	}
	free(path);
	free(want);
	return e->ret ? -1 : 0;
}

int registry_each(const struct registry *r,
		  int (*fn)(void *ctx, const struct index_file *f), void *ctx,
		  struct osdk_err *err)
{
	struct each e = { r, fn, ctx, err, 0 };
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_oid id;
	int ret = 0;

	git_oid_fromstr(&id, r->commit);
	if (git_commit_lookup(&c, r->repo, &id) < 0 ||
	    git_commit_tree(&tree, c) < 0)
		ret = err_set(err, -EIO, "could not read registry '%s': %s",
			      r->url, fetch_git_errmsg());
	else if (git_tree_walk(tree, GIT_TREEWALK_PRE, each_entry, &e) < 0)
		ret = e.ret ? e.ret
			    : err_set(err, -EIO,
				      "could not walk registry "
				      "'%s': %s",
				      r->url, fetch_git_errmsg());
	git_tree_free(tree);
	git_commit_free(c);
	return ret;
}
