/* SPDX-License-Identifier: MIT */
/* registry_write.h - publishing and yanking: one commit each, atomically. */
#ifndef OSDK_CORE_REGISTRY_WRITE_H
#define OSDK_CORE_REGISTRY_WRITE_H

#include <stdbool.h>
#include <stddef.h>

struct index_entry;
struct osdk_err;

/* How many times a change is rebuilt on a registry that moved meanwhile. */
#define REGISTRY_WRITE_ATTEMPTS 20

struct registry_write_result {
	char commit[41]; /* the new commit (empty when nothing changed) */
	int attempts;	 /* 1 unless another publisher raced us */
	bool changed;	 /* false: the registry already was as asked */
	/* A stale ref lock this write removed (a path in the repository, e.g.
	 * "refs/heads/main.lock", left by a write that was killed); empty
	 * when none. */
	char stale_lock[128];
};

/*
 * Publish `e` with its archive: one commit that adds the archive and appends
 * e's line to the package's index file, on top of the registry's branch.
 *
 * A local registry (file://) is changed in place: the objects are written
 * into it, then its branch moves from the commit the change was built on to
 * the new one under git's reference lock (compare and swap), the check a
 * git server makes on push. Any other URL is fetched into the cache under
 * `home` and the commit pushed with libgit2; the server refuses a push that
 * is not a fast-forward. Either way a registry that moved meanwhile means
 * fetching it again and rebuilding the change, up to
 * REGISTRY_WRITE_ATTEMPTS times. Until the branch moves the registry is
 * unchanged, so an interrupted publish leaves it as it was (at most with
 * unreferenced objects) and usable: writers to a local registry hold an
 * flock on its osdk-write.lock, so a ref lock file found by the holder was
 * left by a killed writer once it is a few seconds old, and is removed
 * (res->stale_lock names it); a young one belongs to another program and
 * is waited for, then named in the error (-EBUSY).
 *
 * Over https and ssh the credentials are git's (see transport.h); one the
 * server refuses fails the publish with -EACCES at once, since another
 * attempt would be refused as well.
 *
 * Refused without a commit: a version the index already lists (also when a
 * racing publisher added it), an archive path already taken, a malformed
 * index file, and a non-bare local registry.
 */
int registry_publish(const char *home, const char *url,
		     const struct index_entry *e, const void *archive,
		     size_t len, struct registry_write_result *res,
		     struct osdk_err *err);

/*
 * Set the yanked flag of name@version to `yanked` by rewriting that one
 * line of the index file in a new commit; other lines keep their bytes.
 * res->changed is false (and no commit is made) when the flag already had
 * that value. -ENOENT when the registry has no such package or version.
 */
int registry_yank(const char *home, const char *url, const char *name,
		  const char *version, bool yanked,
		  struct registry_write_result *res, struct osdk_err *err);

#endif
