/* SPDX-License-Identifier: MIT */
/* yload.h - YAML documents built from libyaml's events, nesting bounded. */
#ifndef OSDK_CORE_YLOAD_H
#define OSDK_CORE_YLOAD_H

#include <stddef.h>
#include <yaml.h>

struct osdk_err;

/* No osdk file nests anywhere near this; a hostile one stops here. */
#define YLOAD_MAX_DEPTH	     64
#define YLOAD_MAX_DEPTH_TEXT "64"

/*
 * yload_document() - yaml_parser_load() for every YAML reader of osdk: the
 * next document of @p into @doc, with each node's start and end marks, but
 * built from the parser's events, so that a collection opened deeper than
 * YLOAD_MAX_DEPTH stops the load at once, in time linear in the input.
 * Returns 1 on success (a document without a root node at the end of the
 * stream), 0 on failure with the parser's error fields set as libyaml sets
 * them (problem and problem_mark name the place: the too-deep collection,
 * an undefined alias), so one error path serves both kinds.
 */
int yload_document(yaml_parser_t *p, yaml_document_t *doc);

/*
 * yload_check_encoding() - -EINVAL with "FILE:1:1: ..." when @text is not
 * UTF-8 (a UTF-16 or UTF-32 byte-order mark, or NUL bytes); libyaml would
 * otherwise read UTF-16 silently although osdk's files are UTF-8.
 */
int yload_check_encoding(const char *file, const char *text, size_t len,
			 struct osdk_err *err);

#endif
