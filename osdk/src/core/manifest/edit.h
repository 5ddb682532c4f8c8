/* SPDX-License-Identifier: MIT */
/* edit.h - adding and removing dependencies in osdk.yaml's own text. */
#ifndef OSDK_CORE_MANIFEST_EDIT_H
#define OSDK_CORE_MANIFEST_EDIT_H

#include <stddef.h>

struct osdk_err;
struct strbuf;

/*
 * A dependency as `osdk add` writes it. Exactly one source: path, git (with
 * at most one of tag, branch, rev) or a registry requirement (version, and
 * registry for a registry other than the default one). Unused fields NULL.
 */
struct edit_dep {
	const char *name;
	const char *path;
	const char *git;
	const char *tag;
	const char *branch;
	const char *rev;
	const char *registry;
	const char *version;
};

/*
 * edit_dep_value() - the YAML value of @d as it is written after "name: ":
 * `"^0.1"` for a plain registry requirement, else a flow mapping
 * `{ path: "../x", version: "^1" }`. Every string double-quoted.
 */
void edit_dep_value(const struct edit_dep *d, struct strbuf *out);

/*
 * edit_add_dep() - @text (a manifest, @len bytes, named @file in messages)
 * with dependency @d added under `dependencies:`, into @out. Nothing else
 * in the text changes, byte for byte:
 * - an entry for the same name is replaced where it stands (its key line
 *   through the last line of its value, in a block mapping; the key and
 *   value in a flow mapping);
 * - a new entry goes after the last entry of a block mapping, at the
 *   indentation of the existing entries, or before the closing brace of a
 *   flow mapping;
 * - without a `dependencies:` key, the block is appended at the end.
 * Returns 0, or -EINVAL when the text is not YAML or its top level is not a
 * block mapping (a flow-style document is refused, not rewritten).
 */
int edit_add_dep(const char *file, const char *text, size_t len,
		 const struct edit_dep *d, struct strbuf *out,
		 struct osdk_err *err);

/*
 * edit_remove_dep() - @text without the dependency @name: its key line and
 * every line of its value in a block mapping (comments above it and the
 * `dependencies:` key stay), or the entry and one separating comma in a
 * flow mapping. -ENOENT, with a message, when there is no such entry.
 */
int edit_remove_dep(const char *file, const char *text, size_t len,
		    const char *name, struct strbuf *out, struct osdk_err *err);

/* What edit_manifest_file() does to the file. */
enum edit_op { EDIT_ADD, EDIT_REMOVE };

/*
 * edit_manifest_file() - apply an add (@d) or a remove (@d->name) to the
 * manifest at @path, check the result with the real manifest loader, and
 * only then replace the file (atomic rename). On any error the file is
 * untouched. *@replaced (may be NULL) says whether an add replaced an
 * existing entry.
 */
int edit_manifest_file(const char *path, enum edit_op op,
		       const struct edit_dep *d, int *replaced,
		       struct osdk_err *err);

#endif
