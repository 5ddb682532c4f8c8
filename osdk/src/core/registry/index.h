/* SPDX-License-Identifier: MIT */
/* index.h - a registry's index: one file per package, one JSON line each. */
#ifndef OSDK_CORE_INDEX_H
#define OSDK_CORE_INDEX_H

#include <stdbool.h>
#include <stddef.h>

struct osdk_err;

/* A dependency as published: requirement and where it is found. */
struct index_dep {
	char *name;
	char *req;	/* a semver requirement */
	char *registry; /* canonical URL; NULL = the package's own registry */
};

/* One published version: one line of the package's index file. */
struct index_entry {
	char *name;
	char *version;
	struct index_dep *deps;
	size_t ndeps;
	char sha256[65]; /* of the package archive, lowercase hex */
	bool yanked;
	char *type; /* "kernel" or "library" */
	char *description;
	char *license;
};

/* A package's index file: its versions in publication order. */
struct index_file {
	struct index_entry *v;
	size_t n;
};

#define INDEX_FILE_INIT \
	{               \
		NULL, 0 \
	}

/* Where a package's index file lives in the registry: cargo's tiers
 * ("1/a", "2/ab", "3/a/abc", "bl/k-/blk-queue"). Caller frees. */
char *index_path(const char *name);

/*
 * Parse one line. `file` and `line` only word the error:
 * "FILE:LINE: what is wrong". Checked: JSON object, name and version
 * syntax, each dependency's name and requirement, sha256 as 64 hex digits,
 * yanked as a boolean. Keys osdk does not know are ignored, so that older
 * versions of osdk can read newer registries.
 */
int index_entry_parse(const char *text, size_t len, const char *file, int line,
		      struct index_entry *e, struct osdk_err *err);

/* The entry as one line of JSON with a fixed key order, no newline. */
char *index_entry_format(const struct index_entry *e);

void index_entry_release(struct index_entry *e);

/* Deep copy. */
void index_entry_copy(struct index_entry *dst, const struct index_entry *src);

/*
 * Parse a whole index file. Blank lines are skipped; every other line must
 * parse, name the package `name`, and hold a version no earlier line holds.
 * Errors name `file` and the line.
 */
int index_file_parse(const char *text, size_t len, const char *file,
		     const char *name, struct index_file *out,
		     struct osdk_err *err);

void index_file_release(struct index_file *f);

/* The entry for `version`, or NULL. */
const struct index_entry *index_file_find(const struct index_file *f,
					  const char *version);

/* The newest version that is not yanked (pre-releases only if nothing else
 * is there), or NULL. */
const struct index_entry *index_file_newest(const struct index_file *f);

#endif
