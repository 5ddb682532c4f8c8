/* SPDX-License-Identifier: MIT */
/* manifest_util.h - what the manifest unit tests share: parsing helpers. */
#ifndef OSDK_TESTS_MANIFEST_UTIL_H
#define OSDK_TESTS_MANIFEST_UTIL_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/manifest/manifest.h"
#include "unit.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static inline int parse_as(const char *path, const char *text,
			   struct manifest **m, struct osdk_err *err)
{
	return manifest_parse(path, text, strlen(text), m, err);
}

/*
 * Parse `text` as "osdk.yaml" and expect -EINVAL with exactly `want`: the
 * whole message is compared, so line, column and field are all checked.
 */
#define CHECK_ERR(text, want)                                                \
	do {                                                                 \
		struct osdk_err e_ = OSDK_ERR_INIT;                          \
		struct manifest *m_ = (struct manifest *)&e_;                \
		CHECK_INT(parse_as("osdk.yaml", (text), &m_, &e_), -EINVAL); \
		CHECK(m_ == NULL);                                           \
		CHECK_STR(e_.msg, (want));                                   \
	} while (0)

/* Parse and expect success; the caller frees *m. */
#define CHECK_OK(text, m)                                                  \
	do {                                                               \
		struct osdk_err e_ = OSDK_ERR_INIT;                        \
		int r_ = parse_as("/ws/pkg/osdk.yaml", (text), &(m), &e_); \
		CHECK_INT(r_, 0);                                          \
		if (r_)                                                    \
			UNIT_FAIL("unexpected error: %s", e_.msg);         \
	} while (0)

#define PKG "package: {name: demo, version: 1.0.0}\n"

static inline char *data_path(const char *rel)
{
	const char *data = getenv("OSDK_TEST_DATA");

	return xasprintf("%s/%s", data ? data : "osdk/tests/data", rel);
}

static inline char *slurp(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb);
}

#endif
