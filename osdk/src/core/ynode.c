/* SPDX-License-Identifier: MIT */
/* ynode.c - positions and values of libyaml document nodes. */
#include "ynode.h"

#include <errno.h>
#include <stdio.h>

#include "util/err.h"

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

const char *ynode_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ?
		       (const char *)n->data.scalar.value :
		       NULL;
}
