/* SPDX-License-Identifier: MIT */
/* registry_write.c - one commit per change, moved in by compare-and-swap. */
#include "core/registry/registry_write.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "core/registry/fetch.h"
#include "core/registry/home.h"
#include "core/registry/index.h"
#include "core/registry/registry.h"
#include "core/registry/transport.h"
#include "core/manifest/semver.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The registry moved under us: build the change again on its new tip. */
#define RACED (-EAGAIN)
/* The registry already is as asked: nothing to commit. */
#define NOTHING (-EALREADY)
/* A reference lock file is in the way (git's "<ref>.lock"). */
#define LOCKED (-ENOLCK)

/*
 * Every osdk writing to a local registry holds an flock on this file in the
 * repository for the whole write, and the kernel drops it when a writer
 * dies. So a writer holding it that finds a ref lock file knows no osdk is
 * using that lock: it was left by a writer killed between creating the lock
 * and renaming it, or belongs to another program (git) writing right now.
 * One older than STALE_LOCK_SECS is the former (git holds a ref lock for
 * milliseconds) and is removed; a younger one is waited for, up to
 * LOCK_WAIT_SECS, then named in the error.
 */
#define WRITE_LOCK_FILE "osdk-write.lock"
#define STALE_LOCK_SECS 5
#define LOCK_WAIT_SECS	10

/*
 * A change: given a snapshot of the registry, stage the new files in idx
 * (which holds the snapshot's tree) and say what the commit message is.
 */
struct change {
	int (*edit)(void *ctx, const struct registry *snap, git_index *idx,
		    struct strbuf *msg, struct osdk_err *err);
	void *ctx;
};

static int stage(git_repository *repo, git_index *idx, const char *path,
		 const void *data, size_t len, struct osdk_err *err)
{
	git_index_entry ie;

	memset(&ie, 0, sizeof(ie));
	ie.mode = GIT_FILEMODE_BLOB;
	ie.path = path;
	if (git_blob_create_from_buffer(&ie.id, repo, data, len) < 0 ||
	    git_index_add(idx, &ie) < 0)
		return err_set(err, -EIO, "could not stage '%s': %s", path,
			       fetch_git_errmsg());
	return 0;
}

static int signature(git_repository *repo, git_signature **sig)
{
	if (git_signature_default(sig, repo) == 0)
		return 0;
	return git_signature_now(sig, "osdk", "osdk@localhost");
}

/* Make the change's commit on top of snap's commit; *out is its id. */
static int build_commit(const struct registry *snap, const struct change *ch,
			git_oid *out, struct osdk_err *err)
{
	git_repository *repo = snap->repo;
	struct strbuf msg = STRBUF_INIT;
	git_commit *parent = NULL;
	git_tree *tree = NULL, *new_tree = NULL;
	git_signature *sig = NULL;
	git_index *idx = NULL;
	git_oid base, tree_id;
	int ret;

	git_oid_fromstr(&base, snap->commit);
	if (git_commit_lookup(&parent, repo, &base) < 0 ||
	    git_commit_tree(&tree, parent) < 0 || git_index_new(&idx) < 0 ||
	    git_index_read_tree(idx, tree) < 0) {
		ret = err_set(err, -EIO,
			      "could not read registry '%s' at "
			      "%.12s: %s",
			      snap->url, snap->commit, fetch_git_errmsg());
		goto out;
	}
	ret = ch->edit(ch->ctx, snap, idx, &msg, err);
	if (ret)
		goto out;
	if (git_index_write_tree_to(&tree_id, idx, repo) < 0 ||
	    git_tree_lookup(&new_tree, repo, &tree_id) < 0 ||
	    signature(repo, &sig) < 0 ||
	    git_commit_create(out, repo, NULL, sig, sig, NULL, msg.buf,
			      new_tree, 1, (const git_commit **)&parent) < 0)
		ret = err_set(err, -EIO,
			      "could not commit to registry '%s': %s",
			      snap->url, fetch_git_errmsg());
out:
	git_signature_free(sig);
	git_index_free(idx);
	git_tree_free(new_tree);
	git_tree_free(tree);
	git_commit_free(parent);
	strbuf_release(&msg);
	return ret;
}

/* The branch a local registry's HEAD names, e.g. "refs/heads/main". */
static int head_branch(const char *path, const char *url, char **branch,
		       struct osdk_err *err)
{
	git_repository *repo = NULL;
	git_reference *head = NULL;
	int ret = 0;

	if (git_repository_open_bare(&repo, path) < 0)
		return err_set(err, -EINVAL,
			       "registry '%s' is not a bare git "
			       "repository (%s); osdk publishes only to bare "
			       "ones",
			       url, fetch_git_errmsg());
	if (git_reference_lookup(&head, repo, "HEAD") < 0 ||
	    git_reference_type(head) != GIT_REFERENCE_SYMBOLIC)
		ret = err_set(err, -EINVAL,
			      "registry '%s' has no branch at "
			      "HEAD",
			      url);
	else
		*branch = xstrdup(git_reference_symbolic_target(head));
	git_reference_free(head);
	git_repository_free(repo);
	return ret;
}

static int local_attempt(const char *path, const char *url,
			 const struct change *ch,
			 struct registry_write_result *res,
			 struct osdk_err *err)
{
	struct registry snap;
	git_reference *ref = NULL;
	char *branch = NULL;
	git_oid new_id, base;
	int ret = head_branch(path, url, &branch, err);

	if (ret)
		return ret;
	ret = registry_open_dir(path, url, branch, &snap, err);
	if (ret)
		goto out_branch;
	ret = build_commit(&snap, ch, &new_id, err);
	if (ret)
		goto out_close;
	git_oid_fromstr(&base, snap.commit);
	ret = git_reference_create_matching(&ref, snap.repo, branch, &new_id, 1,
					    &base, "osdk");
	if (ret == GIT_EMODIFIED) {
		ret = RACED;
	} else if (ret == GIT_ELOCKED) {
		ret = LOCKED;
	} else if (ret < 0) {
		ret = err_set(err, -EIO,
			      "could not move '%s' in registry "
			      "'%s': %s",
			      branch, url, fetch_git_errmsg());
	} else {
		git_oid_tostr(res->commit, sizeof(res->commit), &new_id);
		ret = 0;
	}
	git_reference_free(ref);
out_close:
	registry_close(&snap);
out_branch:
	free(branch);
	return ret;
}

/* libgit2 hands every callback the one payload: the credential callback
 * takes auth, push_status recovers the whole struct from it. */
struct push_state {
	struct fetch_auth auth;
	char *rejected;
};

static int push_status(const char *ref, const char *status, void *data)
{
	struct push_state *ps =
		(struct push_state *)((char *)data -
				      offsetof(struct push_state, auth));

	(void)ref;
	if (status && !ps->rejected)
		ps->rejected = xstrdup(status);
	return 0;
}

/* The remote's default branch, asked over a fetch connection. */
static int remote_branch(git_remote *remote, const char *url, char **branch,
			 struct osdk_err *err)
{
	struct fetch_auth auth = FETCH_AUTH_INIT(url);
	git_remote_callbacks cb;
	git_proxy_options proxy;
	git_buf buf = { 0 };
	int ret = 0, gret;

	git_remote_init_callbacks(&cb, GIT_REMOTE_CALLBACKS_VERSION);
	transport_callbacks(&cb, &auth);
	transport_proxy(&proxy);
	gret = git_remote_connect(remote, GIT_DIRECTION_FETCH, &cb, &proxy,
				  NULL);
	if (gret == 0)
		gret = git_remote_default_branch(&buf, remote);
	if (transport_auth_finish(&auth, gret))
		ret = transport_auth_error(&auth, "reach registry", err);
	else if (gret < 0)
		ret = err_set(err, -EIO,
			      "could not find the branch of registry "
			      "'%s': %s%s",
			      url, fetch_git_errmsg(), transport_hint());
	else
		*branch = xstrdup(buf.ptr);
	git_remote_disconnect(remote);
	git_buf_dispose(&buf);
	transport_auth_release(&auth);
	return ret;
}

static int remote_attempt(const char *home, const char *url,
			  const struct change *ch,
			  struct registry_write_result *res,
			  struct osdk_err *err)
{
	struct push_state ps = { FETCH_AUTH_INIT(url), NULL };
	struct transport_pipes pipes;
	struct registry snap;
	git_push_options po;
	git_remote *remote = NULL;
	git_reference *ref = NULL;
	char *branch = NULL, *spec = NULL;
	git_strarray specs;
	git_oid new_id;
	bool fetched;
	int ret;

	memset(&snap, 0, sizeof(snap));
	transport_pipes_begin(&pipes);
	ret = registry_open_cached(home, url, REGISTRY_FETCH_ALWAYS, &fetched,
				   &snap, err);
	if (ret)
		goto out;
	ret = build_commit(&snap, ch, &new_id, err);
	if (ret)
		goto out;
	if (git_reference_create(&ref, snap.repo, "refs/osdk/publish", &new_id,
				 1, "osdk") < 0 ||
	    fetch_remote_new(&remote, snap.repo, url) < 0) {
		ret = err_set(err, -EIO,
			      "could not prepare the push to '%s': "
			      "%s",
			      url, fetch_git_errmsg());
		goto out;
	}
	ret = remote_branch(remote, url, &branch, err);
	if (ret)
		goto out;
	spec = xasprintf("refs/osdk/publish:%s", branch);
	specs.strings = &spec;
	specs.count = 1;
	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	transport_callbacks(&po.callbacks, &ps.auth);
	transport_proxy(&po.proxy_opts);
	po.callbacks.push_update_reference = push_status;
	ret = git_remote_push(remote, &specs, &po);
	if (transport_auth_finish(&ps.auth, ret)) {
		/* Not a race: another attempt would be refused as well. */
		ret = transport_auth_error(&ps.auth, "push to registry", err);
	} else if (ret == GIT_ENONFASTFORWARD || (!ret && ps.rejected)) {
		ret = RACED;
	} else if (ret < 0) {
		ret = err_set(err, -EIO,
			      "could not push to registry '%s': %s%s", url,
			      fetch_git_errmsg(), transport_hint());
	} else {
		git_oid_tostr(res->commit, sizeof(res->commit), &new_id);
		ret = 0;
	}
out:
	transport_auth_release(&ps.auth);
	free(ps.rejected);
	free(spec);
	free(branch);
	git_remote_free(remote);
	transport_pipes_end(&pipes);
	git_reference_free(ref);
	registry_close(&snap);
	return ret;
}

/*
 * A ref lock is in the way of a local write: remove the ones that are stale
 * (see WRITE_LOCK_FILE), or wait a little for a young one. 0: try again;
 * -EBUSY naming the lock once a young one has been waited for too long.
 */
static int clear_ref_lock(const char *path, const char *url, time_t start,
			  struct registry_write_result *res,
			  struct osdk_err *err)
{
	char *branch = NULL, *names[2] = { NULL, NULL };
	const char *young = NULL;
	long young_age = 0;
	int ret = head_branch(path, url, &branch, err);

	if (ret)
		return ret;
	names[0] = xasprintf("%s.lock", branch);
	names[1] = xstrdup("packed-refs.lock");
	for (size_t i = 0; i < 2; i++) {
		char *full = xasprintf("%s/%s", path, names[i]);
		struct stat st;
		long age;

		if (stat(full, &st) == 0) {
			age = (long)(time(NULL) - st.st_mtime);
			if (age >= STALE_LOCK_SECS && unlink(full) == 0) {
				snprintf(res->stale_lock,
					 sizeof(res->stale_lock), "%s",
					 names[i]);
			} else if (!young) {
				young = names[i];
				young_age = age;
			}
		}
		free(full);
	}
	if (young && time(NULL) - start >= LOCK_WAIT_SECS)
		ret = err_set(err, -EBUSY,
			      "registry '%s' is locked: '%s' in it was made "
			      "%lds ago by another program writing to it, "
			      "and is still there after %ds; if nothing else "
			      "writes to the registry, remove that file",
			      url, young, young_age, LOCK_WAIT_SECS);
	else if (young)
		usleep(100000);
	free(names[0]);
	free(names[1]);
	free(branch);
	return ret;
}

static int transact(const char *home, const char *url, const struct change *ch,
		    struct registry_write_result *res, struct osdk_err *err)
{
	struct fetch_lock lk = FETCH_LOCK_INIT;
	char *path = home_local_path(url);
	time_t start = time(NULL);
	int ret;

	memset(res, 0, sizeof(*res));
	fetch_libgit2_init();
	if (path) {
		char *lock = xasprintf("%s/%s", path, WRITE_LOCK_FILE);

		ret = fetch_lock_file(lock, NULL, NULL, &lk, err);
		free(lock);
	} else {
		/* A remote registry is written through the cache's mirror. */
		ret = fetch_lock_cache(home, NULL, NULL, &lk, err);
	}
	if (ret)
		goto out;
	ret = RACED;
	srand((unsigned)(getpid() ^ time(NULL)));
	while (ret == RACED || ret == LOCKED) {
		if (ret == LOCKED) {
			ret = clear_ref_lock(path, url, start, res, err);
			if (ret)
				break;
		} else if (res->attempts >= REGISTRY_WRITE_ATTEMPTS) {
			break;
		} else if (res->attempts++) {
			usleep(10000 + (unsigned)(rand() % 40000));
		}
		ret = path ? local_attempt(path, url, ch, res, err)
			   : remote_attempt(home, url, ch, res, err);
	}
out:
	free(path);
	fetch_unlock(&lk);
	if (ret == NOTHING)
		return 0;
	if (ret == RACED)
		return err_set(err, -EBUSY,
			       "registry '%s' kept changing while "
			       "osdk wrote to it; gave up after %d attempts",
			       url, res->attempts);
	res->changed = ret == 0;
	return ret;
}

/* ---- publish ---- */

struct publish_ctx {
	const struct index_entry *e;
	const void *archive;
	size_t len;
};

static int publish_edit(void *p, const struct registry *snap, git_index *idx,
			struct strbuf *msg, struct osdk_err *err)
{
	struct publish_ctx *c = p;
	const struct index_entry *e = c->e;
	struct strbuf text = STRBUF_INIT, probe = STRBUF_INIT;
	struct index_file f = INDEX_FILE_INIT;
	char *ipath = index_path(e->name), *line = NULL;
	char *apath = registry_archive_path(snap, e->name, e->version);
	int ret = registry_read_file(snap, ipath, NULL, &text, err);

	if (ret == -ENOENT)
		ret = 0;
	if (!ret && (ret = index_file_parse(text.buf, text.len, ipath, e->name,
					    &f, err)))
		err_prefix(err, ret, "registry '%s'", snap->url);
	if (!ret && index_file_find(&f, e->version))
		ret = err_set(err, -EEXIST,
			      "%s v%s is already in registry "
			      "'%s'; a published version never changes, so "
			      "bump the version",
			      e->name, e->version, snap->url);
	if (!ret &&
	    registry_read_file(snap, apath, NULL, &probe, NULL) != -ENOENT)
		ret = err_set(err, -EEXIST,
			      "registry '%s' already holds '%s' "
			      "although its index does not list %s v%s",
			      snap->url, apath, e->name, e->version);
	if (ret)
		goto out;
	if (text.len && text.buf[text.len - 1] != '\n')
		strbuf_addch(&text, '\n');
	line = index_entry_format(e);
	strbuf_adds(&text, line);
	strbuf_addch(&text, '\n');
	ret = stage(snap->repo, idx, apath, c->archive, c->len, err);
	if (!ret)
		ret = stage(snap->repo, idx, ipath, text.buf, text.len, err);
	strbuf_addf(msg, "Publish %s v%s\n", e->name, e->version);
out:
	index_file_release(&f);
	strbuf_release(&probe);
	strbuf_release(&text);
	free(line);
	free(apath);
	free(ipath);
	return ret;
}

int registry_publish(const char *home, const char *url,
		     const struct index_entry *e, const void *archive,
		     size_t len, struct registry_write_result *res,
		     struct osdk_err *err)
{
	struct publish_ctx c = { e, archive, len };
	struct change ch = { publish_edit, &c };

	return transact(home, url, &ch, res, err);
}

/* ---- yank ---- */

struct yank_ctx {
	const char *name, *version;
	bool yanked;
};

/* Rewrite the line of c->version in text; other lines keep their bytes. */
static int flip_line(const struct yank_ctx *c, const char *file,
		     const struct strbuf *text, struct strbuf *out,
		     struct osdk_err *err)
{
	const char *p = text->buf, *end = text->buf + text->len;
	int line = 0, ret = -ENOENT;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		struct index_entry e;

		line++;
		if (ret == -ENOENT && eol > p &&
		    index_entry_parse(p, (size_t)(eol - p), file, line, &e,
				      NULL) == 0) {
			if (semver_cmp_str(e.version, c->version) == 0) {
				char *s;

				ret = e.yanked == c->yanked ? NOTHING : 0;
				e.yanked = c->yanked;
				s = index_entry_format(&e);
				strbuf_adds(out, s);
				free(s);
				index_entry_release(&e);
				strbuf_addch(out, '\n');
				p = nl ? nl + 1 : end;
				continue;
			}
			index_entry_release(&e);
		}
		strbuf_add(out, p, (size_t)(eol - p));
		strbuf_addch(out, '\n');
		p = nl ? nl + 1 : end;
	}
	if (ret == -ENOENT)
		err_set(err, ret, "there is no version %s of '%s'", c->version,
			c->name);
	return ret;
}

static int yank_edit(void *p, const struct registry *snap, git_index *idx,
		     struct strbuf *msg, struct osdk_err *err)
{
	struct yank_ctx *c = p;
	struct strbuf text = STRBUF_INIT, out = STRBUF_INIT;
	struct index_file f = INDEX_FILE_INIT;
	char *ipath = index_path(c->name);
	int ret = registry_read_file(snap, ipath, NULL, &text, err);

	if (ret == -ENOENT)
		err_set(err, ret, "no package named '%s'", c->name);
	if (!ret)
		ret = index_file_parse(text.buf, text.len, ipath, c->name, &f,
				       err);
	if (!ret)
		ret = flip_line(c, ipath, &text, &out, err);
	if (!ret)
		ret = stage(snap->repo, idx, ipath, out.buf, out.len, err);
	if (ret && ret != NOTHING)
		err_prefix(err, ret, "registry '%s'", snap->url);
	strbuf_addf(msg, "%s %s v%s\n", c->yanked ? "Yank" : "Unyank", c->name,
		    c->version);
	index_file_release(&f);
	strbuf_release(&out);
	strbuf_release(&text);
	free(ipath);
	return ret;
}

int registry_yank(const char *home, const char *url, const char *name,
		  const char *version, bool yanked,
		  struct registry_write_result *res, struct osdk_err *err)
{
	struct yank_ctx c = { name, version, yanked };
	struct change ch = { yank_edit, &c };

	return transact(home, url, &ch, res, err);
}
