/* SPDX-License-Identifier: MIT */
/* pack_entry.h - what a package publishes: a checked manifest, an index line.
 */
#ifndef OSDK_CORE_PACK_ENTRY_H
#define OSDK_CORE_PACK_ENTRY_H

#include <stddef.h>

struct home_config;
struct index_entry;
struct manifest;
struct osdk_err;
struct strbuf;

/*
 * Whether the manifest can be published: it needs a package with a name, a
 * version, a non-empty `license` and a non-empty `description`. The error
 * names the file and every missing field at once.
 */
int pack_check_manifest(const struct manifest *m, struct osdk_err *err);

/*
 * The version of the package that m's path dependency `name` reaches, or
 * NULL when it is not loaded; the caller knows the package graph.
 */
typedef const char *(*pack_dep_version_fn)(const void *ctx, const char *name);

/*
 * The index line for the package of manifest m published to registry `url`
 * (canonical). sha256 is left empty for the caller. Dependencies become:
 *   - registry dependencies: their requirement ("*" when none) and their
 *     registry's URL, left out when it is `url` itself;
 *   - path dependencies: a requirement on the same registry, the
 *     dependency's own `version` if it has one, else "^VERSION" of the
 *     package found at the path;
 *   - git dependencies: refused, naming the dependency's line, since a
 *     registry package must build from registries alone.
 */
int pack_index_entry(const struct manifest *m, pack_dep_version_fn version_of,
		     const void *ctx, const char *url,
		     const struct home_config *cfg, struct index_entry *e,
		     struct osdk_err *err);

/*
 * Pack the package in `dir` as NAME-VERSION/... (pack_files_list chooses the
 * files, pack_create writes them) into ar; *nfiles says how many.
 */
int pack_package(const char *dir, const char *name, const char *version,
		 struct strbuf *ar, size_t *nfiles, struct osdk_err *err);

#endif
