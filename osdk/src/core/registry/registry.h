/* SPDX-License-Identifier: MIT */
/* registry.h - a package registry: a git repository of index and archives. */
#ifndef OSDK_CORE_REGISTRY_H
#define OSDK_CORE_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

struct git_repository;
struct index_file;
struct osdk_err;
struct strbuf;

/* What `format` in config.json this osdk reads and writes. */
#define REGISTRY_FORMAT 1
/* The branch `osdk registry init` creates. */
#define REGISTRY_BRANCH "main"

/*
 * One snapshot of a registry: a commit of its repository, read through
 * libgit2 without a work tree. For reading, the repository is the cache's
 * mirror of the registry; for publishing to a local registry, the registry
 * itself.
 */
struct registry {
	char *url; /* canonical */
	char *dir; /* the repository read */
	char *ref; /* the reference the snapshot was taken from */
	char commit[41];
	char *archives; /* directory of the archives, from config.json */
	struct git_repository *repo;
};

#define REGISTRY_INIT                               \
	{                                           \
		NULL, NULL, NULL, { 0 }, NULL, NULL \
	}

/*
 * Create an empty registry at `path`: a bare repository whose branch main
 * holds one commit with config.json. `path` must not exist, or be an empty
 * directory. Built beside `path` and renamed into place.
 */
int registry_init(const char *path, struct osdk_err *err);

/* How registry_open_cached may use the network. */
enum registry_fetch {
	REGISTRY_FETCH_NEVER,	   /* offline: the cache or an error */
	REGISTRY_FETCH_IF_MISSING, /* only when there is no copy yet */
	REGISTRY_FETCH_ALWAYS,	   /* bring the copy up to date first */
};

/*
 * Open the cache's copy of `url` below `home`, fetching as `mode` allows;
 * *fetched says whether it did. With REGISTRY_FETCH_NEVER and no copy, the
 * error says the registry is not in the cache and that --offline forbids
 * fetching it.
 */
int registry_open_cached(const char *home, const char *url,
			 enum registry_fetch mode, bool *fetched,
			 struct registry *r, struct osdk_err *err);

/*
 * The registry as it is now, for publishers: a local registry (file://)
 * read in place at its HEAD; any other fetched into the cache under `home`
 * first (holding the cache lock while fetching).
 */
int registry_open_latest(const char *home, const char *url, struct registry *r,
			 struct osdk_err *err);

/* Open the repository `dir` at `ref` (a reference or "HEAD"). */
int registry_open_dir(const char *dir, const char *url, const char *ref,
		      struct registry *r, struct osdk_err *err);

void registry_close(struct registry *r);

/*
 * The index file of package `name` in the snapshot. -ENOENT (with a
 * message) when the registry has no such package; a malformed line is
 * -EINVAL naming the registry, the file and the line.
 */
int registry_read_index(const struct registry *r, const char *name,
			struct index_file *f, struct osdk_err *err);

/* The bytes of `path` at `commit` (NULL: the snapshot), appended to out.
 * -ENOENT, without a message, when there is no such file. */
int registry_read_file(const struct registry *r, const char *path,
		       const char *commit, struct strbuf *out,
		       struct osdk_err *err);

/* Where the archive of name-version lives in the repository; caller frees. */
char *registry_archive_path(const struct registry *r, const char *name,
			    const char *version);

/*
 * The archive of name-version, read at `commit` (NULL: the snapshot). Its
 * checksum is not checked here; fetch.c's callers compare it against the
 * index.
 */
int registry_read_archive(const struct registry *r, const char *name,
			  const char *version, const char *commit,
			  struct strbuf *out, struct osdk_err *err);

/*
 * Call fn for every package's index file in the snapshot, in path order.
 * Stops at the first error, fn's or a malformed file's.
 */
int registry_each(const struct registry *r,
		  int (*fn)(void *ctx, const struct index_file *f), void *ctx,
		  struct osdk_err *err);

#endif
