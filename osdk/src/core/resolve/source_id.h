/* SPDX-License-Identifier: MIT */
/* source_id.h - where a package comes from, as a parsed value. */
#ifndef OSDK_CORE_SOURCE_ID_H
#define OSDK_CORE_SOURCE_ID_H

/*
 * The resolver, osdk.lock and the workspace name a package's origin with a
 * one-line source id:
 *
 *   registry+URL
 *   git+URL[?tag=T|?branch=B|?rev=R][#COMMIT]
 *   path+DIR
 *
 * The string is what is stored and compared; this struct is how code reads
 * it, so that no caller counts prefix lengths.
 */

enum source_kind {
	SOURCE_REGISTRY,
	SOURCE_GIT,
	SOURCE_PATH,
};

enum source_ref {
	SOURCE_REF_NONE, /* git: the default branch */
	SOURCE_REF_TAG,
	SOURCE_REF_BRANCH,
	SOURCE_REF_REV,
};

struct source_id {
	enum source_kind kind;
	char *where; /* the registry or git URL, or the directory */
	enum source_ref ref_kind;
	char *ref;    /* git: the tag, branch or rev; else NULL */
	char *commit; /* git: the resolved commit after '#', or NULL */
};

#define SOURCE_ID_INIT                                             \
	{                                                          \
		SOURCE_REGISTRY, NULL, SOURCE_REF_NONE, NULL, NULL \
	}

/*
 * Parse `s`. -EINVAL for an unknown prefix, an empty URL or directory, an
 * unknown git query key, an empty ref or commit, or a '#' outside git.
 * On failure *out is left released.
 */
int source_id_parse(const char *s, struct source_id *out);

/* The query key of a ref kind: "tag", "branch", "rev", or NULL. */
const char *source_ref_key(enum source_ref k);

void source_id_release(struct source_id *id);

#endif
