/* SPDX-License-Identifier: MIT */
/* fetch.h - bringing registries and git sources into the cache (libgit2). */
#ifndef OSDK_CORE_FETCH_H
#define OSDK_CORE_FETCH_H

#include <stdbool.h>

struct git_remote;
struct git_repository;
struct osdk_err;

/* Start libgit2 once per process; every git_* call comes after this. */
void fetch_libgit2_init(void);

/* The last libgit2 error, for messages; never NULL. */
const char *fetch_git_errmsg(void);

/*
 * An anonymous remote for `url` in repo. git's url.*.insteadOf rewriting is
 * skipped: libgit2 1.5 looks it up with a regular expression whose match
 * data it leaks on every miss.
 */
int fetch_remote_new(struct git_remote **out, struct git_repository *repo,
		     const char *url);

/*
 * The cache lock: one process at a time fetches into or unpacks in
 * $OSDK_HOME/cache, the way cargo guards its package cache. flock(2), so a
 * process that dies releases it. `waiting` (may be NULL) is called once
 * before blocking on a lock another process holds.
 */
struct fetch_lock {
	int fd;
};

#define FETCH_LOCK_INIT \
	{               \
		-1      \
	}

int fetch_lock_cache(const char *home, void (*waiting)(void *ctx), void *ctx,
		     struct fetch_lock *lk, struct osdk_err *err);
/*
 * fetch_lock_file() - an exclusive flock on @path (created if missing),
 * waiting for it; @waiting (may be NULL) is called once before a wait. The
 * kernel drops the lock when the process ends, however it ends.
 */
int fetch_lock_file(const char *path, void (*waiting)(void *ctx), void *ctx,
		    struct fetch_lock *lk, struct osdk_err *err);
void fetch_unlock(struct fetch_lock *lk);

/* The refspecs of a registry mirror: the remote's HEAD, nothing else. */
extern const char *const fetch_registry_refspecs[];
/* The refspecs of a git source: branches, tags and HEAD. */
extern const char *const fetch_git_refspecs[];

/*
 * Make the bare repository `dir` a current copy of `url` for `refspecs`
 * (NULL-terminated). A first fetch builds the mirror beside `dir` and renames
 * it into place, so `dir` never holds half a clone. A later fetch that
 * breaks off (a dropped connection) leaves `dir` as it was: libgit2 moves
 * a pack into place only once it is whole and indexed, and refs only
 * after that. Errors name the URL and say what libgit2 reported; an
 * authentication failure is -EACCES (see transport.h).
 */
int fetch_mirror(const char *url, const char *dir, const char *const *refspecs,
		 struct osdk_err *err);

enum fetch_ref_kind {
	FETCH_REF_DEFAULT, /* the remote's HEAD */
	FETCH_REF_BRANCH,
	FETCH_REF_TAG,
	FETCH_REF_REV, /* a commit id (full or abbreviated) or any revision */
};

/*
 * The commit `ref` names in the git mirror `dir`, as 40 hex digits. An
 * unknown branch, tag or revision is -ENOENT naming it and `url`.
 */
int fetch_git_resolve(const char *dir, const char *url,
		      enum fetch_ref_kind kind, const char *ref, char hex[41],
		      struct osdk_err *err);

/* Whether the git mirror `dir` holds commit `hex`. */
bool fetch_git_has_commit(const char *dir, const char *hex);

/*
 * Write the tree of commit `hex` of the mirror `dir` into `dest`, unless a
 * finished checkout is already there. Files get their git modes; symbolic
 * links are made as links; submodules are left out. Built beside dest and
 * renamed into place.
 */
int fetch_git_checkout(const char *dir, const char *hex, const char *dest,
		       struct osdk_err *err);

/*
 * Publish a finished directory: rename `tmp` to `dest`. When another
 * process got there first, tmp is removed and that is not an error.
 */
int fetch_install_dir(const char *tmp, const char *dest, struct osdk_err *err);

#endif
