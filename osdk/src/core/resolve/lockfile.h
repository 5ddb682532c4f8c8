/* SPDX-License-Identifier: MIT */
/* lockfile.h - osdk.lock: the exact packages a workspace builds with. */
#ifndef OSDK_CORE_LOCKFILE_H
#define OSDK_CORE_LOCKFILE_H

#include <stdbool.h>
#include <stddef.h>

struct osdk_err;

#define LOCK_NAME    "osdk.lock"
#define LOCK_VERSION 1

/*
 * One resolved package. `source` is a resolver source ("registry+URL",
 * "git+URL?tag=v1", "path+DIR" with DIR relative to the lock file's
 * directory). `commit` is the git commit it came from: for a git package
 * the one built, for a registry package the registry's commit it was first
 * resolved at (its archive is fetched from there if the registry later
 * lost it). `sha256` is the registry archive's checksum. Paths have
 * neither.
 */
struct lock_pkg {
	char *name;
	char *version;
	char *source;
	char *commit; /* 40 hex digits, or NULL */
	char *sha256; /* 64 hex digits, or NULL */
	char **deps;  /* names of the packages it requires, sorted */
	size_t ndeps;
};

struct lockfile {
	struct lock_pkg *v;
	size_t n;
};

#define LOCKFILE_INIT   \
	{               \
		NULL, 0 \
	}

/*
 * Read `path`. A missing file is -ENOENT without a message. Errors name
 * the file, line and column: YAML syntax, a `version` other than 1, unknown
 * keys, missing fields, bad versions, commits or checksums, and a package
 * listed twice.
 */
int lock_load(const char *path, struct lockfile *lf, struct osdk_err *err);

/* Sort (by name, deps by name) and write atomically, as lock_format. */
int lock_save(const char *path, struct lockfile *lf, struct osdk_err *err);

/* The file's text: a fixed header, fixed key order, sorted entries, so the
 * same resolution always writes the same bytes. Caller frees. */
char *lock_format(struct lockfile *lf);

void lock_sort(struct lockfile *lf);

const struct lock_pkg *lock_find(const struct lockfile *lf, const char *name);

/* Append a copy of p. */
void lock_add(struct lockfile *lf, const struct lock_pkg *p);

/* Whether two lock files record the same packages (in any order). */
bool lock_equal(const struct lockfile *a, const struct lockfile *b);

enum lock_change {
	LOCK_ADDED,
	LOCK_REMOVED,
	LOCK_UPDATED, /* another version or source */
};

/* Call fn for each difference from `old` to `new`, in name order. */
void lock_diff(const struct lockfile *old, const struct lockfile *new_,
	       void (*fn)(void *ctx, enum lock_change what,
			  const struct lock_pkg *from,
			  const struct lock_pkg *to),
	       void *ctx);

void lock_release(struct lockfile *lf);

#endif
