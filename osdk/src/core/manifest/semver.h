/* SPDX-License-Identifier: MIT */
/* semver.h - semantic versions, their order, and version requirements. */
#ifndef OSDK_CORE_SEMVER_H
#define OSDK_CORE_SEMVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A version as semver 2.0 defines it: MAJOR.MINOR.PATCH, then an optional
 * pre-release ("-rc.1") and build metadata ("+git.5f1c"). `pre` and `build`
 * point into `text`'s own copy (NULL when absent); build metadata is kept for
 * display but plays no part in comparisons.
 */
struct semver {
	uint64_t major, minor, patch;
	char *pre;
	char *build;
	char *text; /* owned: the version as parsed, normalised */
};

#define SEMVER_INIT                       \
	{                                 \
		0, 0, 0, NULL, NULL, NULL \
	}

/* Parse `s`; -EINVAL when it is not a semantic version. */
int semver_parse(const char *s, struct semver *v);
void semver_release(struct semver *v);

/* Precedence per semver 2.0 section 11: <0, 0 or >0. */
int semver_cmp(const struct semver *a, const struct semver *b);

/* The same on version strings; an unparsable string sorts first. */
int semver_cmp_str(const char *a, const char *b);

enum semver_op {
	SEMVER_OP_CARET, /* ^1.2.3 and a bare 1.2.3 */
	SEMVER_OP_TILDE, /* ~1.2.3 */
	SEMVER_OP_EQ,	 /* =1.2.3, and the wildcards 1.* and 1.2.x */
	SEMVER_OP_GT,
	SEMVER_OP_GE,
	SEMVER_OP_LT,
	SEMVER_OP_LE,
};

/* One comparator; a partial version leaves minor and/or patch unset. */
struct semver_comparator {
	enum semver_op op;
	uint64_t major, minor, patch;
	bool has_minor, has_patch;
	char *pre; /* owned; NULL when the comparator names no pre-release */
};

/*
 * A requirement: comparators that must all hold ("*" has none). The
 * comparator syntax is cargo's: an optional operator, then MAJOR, MAJOR.MINOR
 * or a full version; `1.*`, `1.2.x` and `*` are wildcards.
 */
struct semver_req {
	struct semver_comparator *c;
	size_t n;
};

#define SEMVER_REQ_INIT \
	{               \
		NULL, 0 \
	}

/* Parse `s` (NULL or "" mean "*"); -EINVAL when it is malformed. */
int semver_req_parse(const char *s, struct semver_req *r);
void semver_req_release(struct semver_req *r);

/*
 * Whether v satisfies every comparator of r. Pre-releases follow the rule
 * cargo and npm use, which keeps them away from users who did not ask: a
 * version with a pre-release tag matches only when some comparator of r
 * names a pre-release of the same MAJOR.MINOR.PATCH. So ">=1.0.0-rc.1"
 * matches 1.0.0-rc.2 and 1.0.0, but "^1.0" matches neither 1.1.0-rc.1 nor
 * 1.0.0-rc.1.
 */
bool semver_req_matches(const struct semver_req *r, const struct semver *v);

/* The same on strings; false when either does not parse. */
bool semver_matches(const char *req, const char *version);

/* The requirement a path dependency gets when published: "^MAJOR.MINOR.PATCH"
 * of `version` (pre-release kept). Caller frees. */
char *semver_caret(const char *version);

#endif
