/* SPDX-License-Identifier: MIT */
/* pack.h - package archives: deterministic tar files, and safe unpacking. */
#ifndef OSDK_CORE_PACK_H
#define OSDK_CORE_PACK_H

#include <stddef.h>

struct osdk_err;
struct strbuf;
struct strvec;

/* An archive larger than this is refused, packing or unpacking. */
#define PACK_MAX_BYTES (64u << 20)

/*
 * Make a ustar archive of `files` (paths relative to `dir`) in `out`, each
 * stored as "PREFIX/PATH". The bytes depend only on the paths and the
 * contents: entries are sorted bytewise, owner and group are 0 with no
 * names, every time is 0, and modes are 0644, or 0755 for a file its owner
 * may execute. Only regular files are accepted.
 */
int pack_create(const char *dir, const char *prefix, const struct strvec *files,
		struct strbuf *out, struct osdk_err *err);

/*
 * Unpack an archive made by pack_create into `dest` (created if missing),
 * stripping "PREFIX/". `what` names the package in messages ("blk v0.1.0").
 * Refused, before anything is written for that entry: entries outside
 * PREFIX/, absolute paths, ".." components, symbolic and hard links, device
 * nodes and FIFOs, and archives over PACK_MAX_BYTES unpacked.
 */
int pack_extract(const void *data, size_t len, const char *prefix,
		 const char *dest, const char *what, struct osdk_err *err);

/* The paths an archive holds, prefix included, in archive order. */
int pack_entries(const void *data, size_t len, struct strvec *out,
		 struct osdk_err *err);

#endif
