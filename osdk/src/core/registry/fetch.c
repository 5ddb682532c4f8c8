/* SPDX-License-Identifier: MIT */
/* fetch.c - libgit2 fetches into bare mirrors, and checkouts from them. */
#include "core/registry/fetch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "core/registry/transport.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"

const char *const fetch_registry_refspecs[] = {
	"+HEAD:refs/remotes/origin/HEAD",
	NULL,
};

const char *const fetch_git_refspecs[] = {
	"+refs/heads/*:refs/remotes/origin/*",
	"+refs/tags/*:refs/tags/*",
	"+HEAD:refs/remotes/origin/HEAD",
	NULL,
};

static void shutdown_libgit2(void)
{
	git_libgit2_shutdown();
}

void fetch_libgit2_init(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	git_libgit2_init();
	atexit(shutdown_libgit2);
}

const char *fetch_git_errmsg(void)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : "unknown libgit2 error";
}

int fetch_lock_cache(const char *home, void (*waiting)(void *ctx), void *ctx,
		     struct fetch_lock *lk, struct osdk_err *err)
{
	char *dir = fs_join(home, "cache"), *path = fs_join(dir, ".lock");
	int ret = fs_mkdirs(dir, err);

	lk->fd = -1;
	if (!ret)
		ret = fetch_lock_file(path, waiting, ctx, lk, err);
	free(path);
	free(dir);
	return ret;
}

int fetch_lock_file(const char *path, void (*waiting)(void *ctx), void *ctx,
		    struct fetch_lock *lk, struct osdk_err *err)
{
	lk->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (lk->fd < 0)
		return err_set(err, -errno, "could not open the lock '%s': %s",
			       path, strerror(errno));
	if (flock(lk->fd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	if (waiting)
		waiting(ctx);
	while (flock(lk->fd, LOCK_EX) < 0) {
		int ret = -errno;

		if (errno == EINTR)
			continue;
		close(lk->fd);
		lk->fd = -1;
		return err_set(err, ret, "could not lock '%s': %s", path,
			       strerror(-ret));
	}
	return 0;
}

void fetch_unlock(struct fetch_lock *lk)
{
	if (lk->fd >= 0)
		close(lk->fd); /* releases the flock */
	lk->fd = -1;
}

int fetch_remote_new(struct git_remote **out, struct git_repository *repo,
		     const char *url)
{
	git_remote_create_options o;

	git_remote_create_options_init(&o, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	o.repository = repo;
	o.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF |
		  GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	return git_remote_create_with_opts(out, url, &o);
}

static int do_fetch(git_repository *repo, const char *url,
		    const char *const *refspecs, struct osdk_err *err)
{
	git_fetch_options fo;
	git_remote *remote = NULL;
	struct fetch_auth auth = FETCH_AUTH_INIT(url);
	struct transport_pipes pipes;
	git_strarray specs;
	int ret, gret = -1;
	size_t n = 0;

	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	while (refspecs[n])
		n++;
	specs.strings = (char **)refspecs;
	specs.count = n;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	fo.update_fetchhead = 0;
	transport_callbacks(&fo.callbacks, &auth);
	transport_proxy(&fo.proxy_opts);
	ret = transport_prepare(url, err);
	if (ret)
		goto out;
	transport_pipes_begin(&pipes);
	if (fetch_remote_new(&remote, repo, url) == 0)
		gret = git_remote_fetch(remote, &specs, &fo, NULL);
	if (transport_auth_finish(&auth, gret))
		ret = transport_auth_error(&auth, "fetch", err);
	else if (gret < 0)
		ret = err_set(err, -EIO, "could not fetch '%s': %s%s", url,
			      fetch_git_errmsg(), transport_hint());
	git_remote_free(remote); /* may still talk to the server */
	transport_pipes_end(&pipes);
out:
	transport_auth_release(&auth);
	return ret;
}

int fetch_install_dir(const char *tmp, const char *dest, struct osdk_err *err)
{
	if (rename(tmp, dest) == 0)
		return 0;
	if (errno == EEXIST || errno == ENOTEMPTY)
		return fs_remove_tree(tmp, err);
	return err_set(err, -errno, "could not move '%s' to '%s': %s", tmp,
		       dest, strerror(errno));
}

static char *parent_of(const char *path)
{
	char *p = xstrdup(path), *slash = strrchr(p, '/');

	if (slash && slash != p)
		*slash = '\0';
	return p;
}

/*
 * Remove the "<dir>.tmp.<pid>" first fetches of processes that died (killed
 * in the middle): never trusted, since only a finished one is renamed to
 * dir, but garbage. A live process's is left alone.
 */
static void remove_dead_tmps(const char *dir, const char *parent)
{
	const char *base = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
	char *prefix = xasprintf("%s.tmp.", base);
	size_t plen = strlen(prefix);
	DIR *d = opendir(parent);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		char *end;
		long pid;

		if (strncmp(de->d_name, prefix, plen))
			continue;
		pid = strtol(de->d_name + plen, &end, 10);
		if (*end || pid <= 0 || kill((pid_t)pid, 0) == 0 ||
		    errno != ESRCH)
			continue;
		end = fs_join(parent, de->d_name);
		fs_remove_tree(end, NULL);
		free(end);
	}
	if (d)
		closedir(d);
	free(prefix);
}

int fetch_mirror(const char *url, const char *dir, const char *const *refspecs,
		 struct osdk_err *err)
{
	bool fresh = !fs_is_dir(dir);
	char *work = fresh ? xasprintf("%s.tmp.%ld", dir, (long)getpid())
			   : xstrdup(dir);
	char *parent = parent_of(dir);
	git_repository *repo = NULL;
	int ret;

	fetch_libgit2_init();
	ret = fs_mkdirs(parent, err);
	if (ret)
		goto out;
	if (fresh) {
		remove_dead_tmps(dir, parent);
		ret = fs_remove_tree(work, err);
		if (!ret && git_repository_init(&repo, work, 1) < 0)
			ret = err_set(err, -EIO, "could not create '%s': %s",
				      work, fetch_git_errmsg());
	} else if (git_repository_open_bare(&repo, dir) < 0) {
		ret = err_set(err, -EIO,
			      "could not open the cached copy '%s' "
			      "of '%s': %s; remove it to fetch anew",
			      dir, url, fetch_git_errmsg());
	}
	if (!ret)
		ret = do_fetch(repo, url, refspecs, err);
	git_repository_free(repo);
	if (fresh && !ret)
		ret = fetch_install_dir(work, dir, err);
	if (fresh && ret)
		fs_remove_tree(work, NULL);
out:
	free(parent);
	free(work);
	return ret;
}

static int lookup_commit(git_repository *repo, const char *refname,
			 git_oid *oid)
{
	git_object *obj = NULL, *peeled = NULL;
	int ret = git_revparse_single(&obj, repo, refname);

	if (!ret)
		ret = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
	if (!ret)
		git_oid_cpy(oid, git_object_id(peeled));
	git_object_free(peeled);
	git_object_free(obj);
	return ret;
}

int fetch_git_resolve(const char *dir, const char *url,
		      enum fetch_ref_kind kind, const char *ref, char hex[41],
		      struct osdk_err *err)
{
	git_repository *repo = NULL;
	char *name = NULL;
	git_oid oid;
	int ret;

	fetch_libgit2_init();
	if (git_repository_open_bare(&repo, dir) < 0)
		return err_set(err, -EIO,
			       "could not open the cached copy '%s' "
			       "of '%s': %s",
			       dir, url, fetch_git_errmsg());
	switch (kind) {
	case FETCH_REF_DEFAULT:
		name = xstrdup("refs/remotes/origin/HEAD");
		break;
	case FETCH_REF_BRANCH:
		name = xasprintf("refs/remotes/origin/%s", ref);
		break;
	case FETCH_REF_TAG:
		name = xasprintf("refs/tags/%s", ref);
		break;
	case FETCH_REF_REV:
		name = xstrdup(ref);
		break;
	}
	ret = lookup_commit(repo, name, &oid);
	if (ret && kind == FETCH_REF_REV) {
		free(name);
		name = xasprintf("refs/remotes/origin/%s", ref);
		ret = lookup_commit(repo, name, &oid);
	}
	if (ret) {
		static const char *const what[] = { "default branch", "branch",
						    "tag", "revision" };

		ret = err_set(err, -ENOENT, "no %s%s%s%s in '%s'", what[kind],
			      ref ? " '" : "", ref ? ref : "", ref ? "'" : "",
			      url);
	} else {
		git_oid_tostr(hex, 41, &oid);
	}
	free(name);
	git_repository_free(repo);
	return ret;
}

bool fetch_git_has_commit(const char *dir, const char *hex)
{
	git_repository *repo = NULL;
	git_commit *c = NULL;
	git_oid oid;
	bool ok;

	fetch_libgit2_init();
	if (git_oid_fromstr(&oid, hex) < 0 ||
	    git_repository_open_bare(&repo, dir) < 0)
		return false;
	ok = git_commit_lookup(&c, repo, &oid) == 0;
	git_commit_free(c);
	git_repository_free(repo);
	return ok;
}

static int write_blob(git_repository *repo, const git_tree_entry *te,
		      const char *path, struct osdk_err *err)
{
	git_blob *blob = NULL;
	git_filemode_t mode = git_tree_entry_filemode(te);
	int ret;

	if (git_blob_lookup(&blob, repo, git_tree_entry_id(te)) < 0)
		return err_set(err, -EIO, "could not read '%s' from git: %s",
			       path, fetch_git_errmsg());
	if (mode == GIT_FILEMODE_LINK) {
		char *target = xstrndup(git_blob_rawcontent(blob),
					(size_t)git_blob_rawsize(blob));

		ret = symlink(target, path) < 0
			      ? err_set(err, -errno,
					"could not create link "
					"'%s': %s",
					path, strerror(errno))
			      : 0;
		free(target);
	} else {
		ret = fs_write_atomic(path, git_blob_rawcontent(blob),
				      (size_t)git_blob_rawsize(blob), err);
		if (!ret && chmod(path, mode == GIT_FILEMODE_BLOB_EXECUTABLE
						? 0755
						: 0644) < 0)
			ret = err_set(err, -errno,
				      "could not set the mode of "
				      "'%s': %s",
				      path, strerror(errno));
	}
	git_blob_free(blob);
	return ret;
}

static int write_tree(git_repository *repo, git_tree *tree, const char *dir,
		      struct osdk_err *err)
{
	int ret = fs_mkdirs(dir, err);

	for (size_t i = 0; !ret && i < git_tree_entrycount(tree); i++) {
		const git_tree_entry *te = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(te);
		git_filemode_t mode = git_tree_entry_filemode(te);
		char *path;

		if (!strcmp(name, ".") || !strcmp(name, "..") ||
		    !strcmp(name, ".git") || strchr(name, '/'))
			continue;
		path = fs_join(dir, name);
		if (mode == GIT_FILEMODE_TREE) {
			git_tree *sub = NULL;

			if (git_tree_lookup(&sub, repo, git_tree_entry_id(te)))
				ret = err_set(err, -EIO,
					      "could not read tree "
					      "'%s' from git: %s",
					      path, fetch_git_errmsg());
			else
				ret = write_tree(repo, sub, path, err);
			git_tree_free(sub);
		} else if (mode != GIT_FILEMODE_COMMIT) {
			ret = write_blob(repo, te, path, err);
		}
		free(path);
	}
	return ret;
}

int fetch_git_checkout(const char *dir, const char *hex, const char *dest,
		       struct osdk_err *err)
{
	git_repository *repo = NULL;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	char *tmp = NULL, *parent = NULL;
	git_oid oid;
	int ret = 0;

	if (fs_is_dir(dest))
		return 0;
	fetch_libgit2_init();
	if (git_oid_fromstr(&oid, hex) < 0 ||
	    git_repository_open_bare(&repo, dir) < 0 ||
	    git_commit_lookup(&commit, repo, &oid) < 0 ||
	    git_commit_tree(&tree, commit) < 0) {
		ret = err_set(err, -EIO,
			      "could not read commit %s from '%s': "
			      "%s",
			      hex, dir, fetch_git_errmsg());
		goto out;
	}
	parent = parent_of(dest);
	tmp = xasprintf("%s.tmp.%ld", dest, (long)getpid());
	ret = fs_mkdirs(parent, err);
	if (!ret)
		ret = fs_remove_tree(tmp, err);
	if (!ret)
		ret = write_tree(repo, tree, tmp, err);
	if (!ret)
		ret = fetch_install_dir(tmp, dest, err);
	if (ret)
		fs_remove_tree(tmp, NULL);
out:
	git_tree_free(tree);
	git_commit_free(commit);
	git_repository_free(repo);
	free(tmp);
	free(parent);
	return ret;
}
