/* SPDX-License-Identifier: MIT */
/* msg.h - --message-format json: records for machines, one JSON object a
 * line on stdout (the schema is in docs/message-format.md). */
#ifndef OSDK_CMD_MSG_H
#define OSDK_CMD_MSG_H

#include <stdbool.h>

#include <cjson/cJSON.h>

struct bundle;
struct osdk_err;
struct session;

/* The version every record carries as "schema"; a change that removes or
 * changes a field raises it, new fields and records do not. */
#define MSG_SCHEMA 1

/* Whether JSON records are on (msg_begin() was called). */
extern bool msg_json;

/* msg_format_check() - 0 for NULL, "human" or "json"; else -EINVAL. */
int msg_format_check(const char *s, struct osdk_err *err);

/*
 * msg_begin() - turn records on. stdout is kept for the records alone:
 * file descriptor 1 becomes a copy of stderr, so the human output, the
 * progress and whatever a child prints (QEMU's console, a compiler) go to
 * stderr. Safe to call twice.
 */
void msg_begin(void);

/* msg_new() - a record {"reason": @reason, "schema": MSG_SCHEMA}. */
cJSON *msg_new(const char *reason);

/* msg_emit() - print @rec as one line on the records' stdout, free it. */
void msg_emit(cJSON *rec);

/* msg_add_file() - "path", "size" and "sha256" of the file @path (size
 * and sha256 left out when it cannot be read). */
void msg_add_file(cJSON *rec, const char *path);

/* msg_build() - the records of a build that ended (@ok): one
 * "compiler-artifact" per package archive, one "kernel" for the linked
 * kernel, then "build-finished". Nothing without msg_json. */
void msg_build(const struct session *s, bool ok);

/* msg_image() - an "image" record for the bundle @b of @s's kernel. */
void msg_image(const struct session *s, const struct bundle *b);

#endif
