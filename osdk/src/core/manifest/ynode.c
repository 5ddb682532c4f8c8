/* SPDX-License-Identifier: MIT */
/* ynode.c - positions and values of libyaml document nodes. */
#include "core/manifest/ynode.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/manifest/yload.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"

int ynode_vfail(struct osdk_err *err, const char *file, const yaml_node_t *n,
		const char *fmt, va_list ap)
{
	char what[sizeof(err->msg)];

	vsnprintf(what, sizeof(what), fmt, ap);
	/* libyaml counts from 0; editors and compilers count from 1. */
	return err_set(err, -EINVAL, "%s:%zu:%zu: %s", file,
		       n ? n->start_mark.line + 1 : 1,
		       n ? n->start_mark.column + 1 : 1, what);
}

int ynode_fail(struct osdk_err *err, const char *file, const yaml_node_t *n,
	       const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = ynode_vfail(err, file, n, fmt, ap);
	va_end(ap);
	return ret;
}

int ynode_rfail(const struct ynode_reader *r, const yaml_node_t *n,
		const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = ynode_vfail(r->err, r->file, n, fmt, ap);
	va_end(ap);
	return ret;
}

const char *ynode_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE
		       ? (const char *)n->data.scalar.value
		       : NULL;
}

int ynode_load(const char *path, yaml_document_t *doc, struct osdk_err *err)
{
	struct strbuf text = STRBUF_INIT;
	yaml_parser_t parser;
	int ret;

	memset(doc, 0, sizeof(*doc));
	ret = fs_read_max(path, &text, 4u << 20, err);
	if (ret)
		goto out;
	ret = yload_check_encoding(path, text.buf, text.len, err);
	if (ret)
		goto out;
	if (!yaml_parser_initialize(&parser)) {
		ret = err_set(err, -ENOMEM, "could not start the YAML parser");
		goto out;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text.buf,
				     text.len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	if (!yload_document(&parser, doc))
		ret = err_set(err, -EINVAL, "%s:%zu:%zu: %s", path,
			      parser.problem_mark.line + 1,
			      parser.problem_mark.column + 1,
			      parser.problem ? parser.problem : "bad YAML");
	yaml_parser_delete(&parser);
out:
	strbuf_release(&text);
	return ret;
}
