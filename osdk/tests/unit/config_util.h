/* SPDX-License-Identifier: MIT */
/* config_util.h - what the settings unit tests share: parse and resolve. */
#ifndef OSDK_TESTS_CONFIG_UTIL_H
#define OSDK_TESTS_CONFIG_UTIL_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/manifest/config.h"
#include "core/manifest/manifest.h"
#include "unit.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define PKG "package: {name: demo, version: 1.0.0}\n"
#define WS  "workspace: {members: [demo]}\n"

static inline struct manifest *parse(const char *path, const char *text)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct manifest *m = NULL;

	if (manifest_parse(path, text, strlen(text), &m, &err))
		UNIT_FAIL("fixture does not parse: %s", err.msg);
	return m;
}

/* Resolve and expect success; the caller releases *c. */
static inline int resolve(const struct manifest *pkg, const struct manifest *ws,
			  enum config_action a, const struct config_cli *cli,
			  struct config *c)
{
	struct osdk_err err = OSDK_ERR_INIT;
	int ret = config_resolve(pkg, ws, a, cli, c, &err);

	if (ret)
		UNIT_FAIL("config_resolve: %d: %s", ret, err.msg);
	return ret;
}

#endif
