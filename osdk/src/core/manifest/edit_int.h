/* SPDX-License-Identifier: MIT */
/* edit_int.h - where a manifest's dependencies stand in its text. */
#ifndef OSDK_CORE_MANIFEST_EDIT_INT_H
#define OSDK_CORE_MANIFEST_EDIT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "core/manifest/yload.h"

struct osdk_err;

/*
 * The document is read once through libyaml's events, which carry the line
 * and column of every scalar and collection. Those places are turned into
 * byte offsets of the text, and the edit is a splice of the text at them:
 * the document is never emitted again, so its comments, blank lines,
 * quoting and layout are kept as written.
 */

/* One entry of the dependencies mapping, as byte offsets in the text. */
struct edit_entry {
	char *name;
	size_t key_off;	  /* where its key starts */
	size_t val_end;	  /* just past the last character of its value */
	size_t key_line;  /* 0-based line of the key */
	size_t last_line; /* 0-based line of the value's last character */
};

enum edit_style { DEPS_ABSENT, DEPS_NULL, DEPS_BLOCK, DEPS_FLOW };

struct edit_doc {
	const char *file, *text;
	size_t len;
	size_t *lines; /* byte offset of each line's start */
	size_t nlines;
	enum edit_style style;
	size_t key_line;	    /* `dependencies:` */
	size_t root_col;	    /* column of the top-level keys */
	size_t unit;		    /* indentation step seen in the file */
	size_t val_start, val_end;  /* DEPS_NULL: the null scalar */
	size_t open_off, close_off; /* DEPS_FLOW: '{' and '}' */
	struct edit_entry *e;
	size_t n, cap;
	yaml_parser_t p;
	int styles[YLOAD_MAX_DEPTH + 2]; /* open collections: flow or not */
	size_t depth;
};

/* Read the text's first document into @d: where everything is. 0, or
 * -EINVAL with FILE:LINE:COL when the text cannot be edited safely. */
int edit_scan(struct edit_doc *d, struct osdk_err *err);
void edit_release(struct edit_doc *d);

/* Start of 0-based line @line, or the end of the text past the last line. */
size_t edit_line_off(const struct edit_doc *d, size_t line);

#endif
