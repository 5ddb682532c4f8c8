/* SPDX-License-Identifier: MIT */
/* manifest_yaml.h - typed, positioned reading of a libyaml document. */
#ifndef OSDK_CORE_MANIFEST_YAML_H
#define OSDK_CORE_MANIFEST_YAML_H

/*
 * Private to the manifest module: manifest.c knows the schema of osdk.yaml,
 * this half knows how to read YAML nodes as typed values and how to word an
 * error that names the file, the position and the dotted field. Every
 * function that can fail fills reader->err with "FILE:LINE:COL: ..." and
 * returns -EINVAL; none of them prints.
 */

#include <stdbool.h>
#include <stddef.h>

#include <yaml.h>

struct osdk_err;

struct manifest_reader {
	yaml_document_t *doc;
	const char *file; /* the path as given, for messages */
	const char *dir;  /* absolute, for relative paths in values */
	struct osdk_err *err;
};

/* Longest dotted field path kept for messages ("schemes.tdx.run.qemu..."). */
#define MANIFEST_FIELD_MAX 384
/* Room for one user-supplied string shown in a message, quoted safely. */
#define MANIFEST_SHOW_MAX 104

/*
 * Walks a mapping pair by pair, in document order, so that the first error
 * reported is the first one a reader of the file meets. `keys` lists the
 * allowed keys (NULL-terminated, at most 32); NULL allows any string key.
 * Unknown keys (with a suggestion), duplicate keys and non-string keys are
 * errors.
 */
struct manifest_map_iter {
	yaml_node_t *map;	 /* NULL for a null value: no entries */
	const char *path;	 /* dotted path of the mapping, "" at the top */
	const char *const *keys; /* allowed keys, or NULL for any */
	unsigned long seen;	 /* bit i: keys[i] already met */
	size_t next;		 /* index of the next pair */

	/* The current entry, valid after manifest_map_next() returned 1. */
	int index;	 /* into keys, or -1 when keys is NULL */
	const char *key; /* NUL-terminated key text */
	yaml_node_t *knode;
	yaml_node_t *val;
	char field[MANIFEST_FIELD_MAX]; /* "path.key", for messages */
};

/* Report a problem at node `n` (or at 1:1 when n is NULL); returns -EINVAL. */
int manifest_fail(struct manifest_reader *r, const yaml_node_t *n,
		  const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Copy s into buf for a message: control bytes escaped, long text cut. */
const char *manifest_show(char buf[MANIFEST_SHOW_MAX], const char *s);

/* Whether n is YAML null: absent value, ~, null. */
bool manifest_is_null(const yaml_node_t *n);

/* "a mapping", "a sequence", "a scalar" or "null", for "found ..." texts. */
const char *manifest_kind(const yaml_node_t *n);

/* 0 if n is a mapping or null (an empty section), else an error. */
int manifest_expect_map(struct manifest_reader *r, yaml_node_t *n,
			const char *field);

void manifest_map_start(struct manifest_map_iter *it, yaml_node_t *map,
			const char *path, const char *const *keys);
/* 1 with the next entry in *it, 0 at the end, or a negative errno. */
int manifest_map_next(struct manifest_reader *r, struct manifest_map_iter *it);

/* Scalar getters. Each replaces (and frees) a previous *out on success. */
int manifest_get_str(struct manifest_reader *r, yaml_node_t *n,
		     const char *field, char **out);
/* A non-empty string made absolute against r->dir. */
int manifest_get_path(struct manifest_reader *r, yaml_node_t *n,
		      const char *field, char **out);
/* A plain true or false; quoted "true" is a string and an error. */
int manifest_get_bool(struct manifest_reader *r, yaml_node_t *n,
		      const char *field, bool *out);
/* A plain decimal integer in 1..INT_MAX. */
int manifest_get_posint(struct manifest_reader *r, yaml_node_t *n,
			const char *field, int *out);
/* One of `choices` (NULL-terminated); *idx is its index. */
int manifest_get_enum(struct manifest_reader *r, yaml_node_t *n,
		      const char *field, const char *const *choices,
		      size_t *idx);

/*
 * A sequence of strings (null is an empty list), each passed to `check`
 * (may be NULL) with its node and "field[i]" before it is kept.
 */
typedef int (*manifest_item_check)(struct manifest_reader *r, yaml_node_t *n,
				   const char *field, const char *value);
int manifest_get_strlist(struct manifest_reader *r, yaml_node_t *n,
			 const char *field, manifest_item_check check,
			 char ***out, size_t *nout);

void manifest_strv_free(char **v, size_t n);

/* ---- shared by manifest.c and manifest_schema.c ---- */

struct manifest;
struct manifest_initramfs;
struct manifest_strlist;

/* Helpers of the schema's sections (manifest_schema.c). */
struct manifest_pos manifest_pos_of(const yaml_node_t *n);
/* "'FIELD' is missing required field 'KEY'", at `at`. */
int manifest_missing(struct manifest_reader *r, const yaml_node_t *at,
		     const char *field, const char *key);
int manifest_get_nonempty(struct manifest_reader *r, yaml_node_t *n,
			  const char *field, char **out);
/* "'FIELD' must be a package name (...), not 'VALUE'" unless it is one. */
int manifest_check_name(struct manifest_reader *r, yaml_node_t *n,
			const char *field, const char *value);
/* A version requirement like ^1.2. */
int manifest_get_requirement(struct manifest_reader *r, yaml_node_t *n,
			     const char *field, char **out);
/* A map key that names something (a dependency, a scheme): `what`. */
int manifest_check_key_name(struct manifest_reader *r,
			    const struct manifest_map_iter *it,
			    const char *what);

/*
 * A mapping of named entries (dependencies, user images, schemes): for
 * each, `check_key` (NULL: any key) and then `fn` with the entry. A null
 * value is an empty mapping; anything else but a mapping is an error.
 */
typedef int (*manifest_key_check)(struct manifest_reader *r,
				  const struct manifest_map_iter *it);
typedef int (*manifest_entry_fn)(struct manifest_reader *r,
				 struct manifest_map_iter *it, void *ctx);
int manifest_each_entry(struct manifest_reader *r,
			const struct manifest_map_iter *at,
			manifest_key_check check_key, manifest_entry_fn fn,
			void *ctx);

/* The sections in files of their own. */
int manifest_parse_deps(struct manifest_reader *r,
			const struct manifest_map_iter *at, struct manifest *m);
int manifest_parse_build(struct manifest_reader *r,
			 const struct manifest_map_iter *at,
			 struct manifest *m);

/* The `workspace` section (manifest_workspace.c). */
int manifest_parse_workspace(struct manifest_reader *r,
			     const struct manifest_map_iter *at,
			     struct manifest *m);

/* Check the document's root against the schema and fill m. */
int manifest_parse_root(struct manifest_reader *r, struct manifest *m);

/*
 * The boot keys of manifest_initramfs.c. `boot.initramfs`: a path or a list
 * of entries, replacing *out. `boot.init-args`: a list of words the kernel
 * can carry. `boot.init-env`: a mapping or a list of KEY=VALUE, kept as
 * KEY=VALUE words in document order.
 */
int manifest_get_initramfs(struct manifest_reader *r, yaml_node_t *n,
			   const char *field, struct manifest_initramfs **out);
int manifest_get_init_args(struct manifest_reader *r, yaml_node_t *n,
			   const char *field, struct manifest_strlist *out);
int manifest_get_init_env(struct manifest_reader *r, yaml_node_t *n,
			  const char *field, struct manifest_strlist *out);

/* `prove:` (manifest_prove.c): files, provers, timeout, steps into m. */
int manifest_parse_prove(struct manifest_reader *r, yaml_node_t *knode,
			 yaml_node_t *val, const char *field,
			 struct manifest *m);

/*
 * cargo's requirement syntax: comma-separated comparators, each an optional
 * operator (^ ~ = > >= < <=) and a possibly partial version (1, 1.2, 1.2.x),
 * or "*". Checking it while reading lets a typo point at its line instead
 * of failing later in the resolver.
 */
bool manifest_valid_requirement(const char *req);

#endif
