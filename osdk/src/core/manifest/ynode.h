/* SPDX-License-Identifier: MIT */
/* ynode.h - positions and values of libyaml document nodes. */
#ifndef OSDK_CORE_YNODE_H
#define OSDK_CORE_YNODE_H

#include <stdarg.h>
#include <yaml.h>

struct osdk_err;

/*
 * -EINVAL with "FILE:LINE:COL: MESSAGE" in err, the position being where
 * node `n` starts (1:1 when n is NULL), counted from 1 as editors do. For
 * every module that reads a YAML file: osdk.yaml, config.yaml, osdk.lock.
 */
int ynode_fail(struct osdk_err *err, const char *file, const yaml_node_t *n,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int ynode_vfail(struct osdk_err *err, const char *file, const yaml_node_t *n,
		const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

/*
 * What a YAML file's reader carries, so that every reader (osdk.lock,
 * config.yaml) reports through one helper: ynode_rfail() is ynode_fail()
 * with the reader's file and error record.
 */
struct ynode_reader {
	const char *file;
	yaml_document_t *doc;
	struct osdk_err *err;
};

int ynode_rfail(const struct ynode_reader *r, const yaml_node_t *n,
		const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Read `path` (at most 4 MiB) and parse its first YAML document into *doc,
 * which the caller frees with yaml_document_delete(). A syntax error is
 * -EINVAL with "FILE:LINE:COL: problem"; a file that cannot be read, as
 * fs_read() says.
 */
int ynode_load(const char *path, yaml_document_t *doc, struct osdk_err *err);

/* The text of a scalar node; NULL for NULL or any other kind of node. */
const char *ynode_scalar(const yaml_node_t *n);

#endif
