/* SPDX-License-Identifier: MIT */
/* check_package.c - checking all of a package with the build's flags. */
#include "core/check/check.h"

#include "core/build/flags.h"
#include "core/check/check_int.h"
#include "util/strvec.h"

int check_package(struct checker *c, size_t pkg, bool ktest,
		  struct check_report *rep,
		  void (*each)(void *ctx, const char *src), void *ctx,
		  struct osdk_err *err)
{
	struct build_cflags_opts co = { c->cc_include, c->release, ktest };
	struct strvec flags = STRVEC_INIT, srcs = STRVEC_INIT;
	int ret;

	ret = build_pkg_cflags(c->ws, pkg, &co, &flags, err);
	if (!ret)
		ret = build_pkg_sources(c->ws, pkg, &srcs, err);
	for (size_t i = 0; !ret && i < srcs.n; i++) {
		if (each)
			each(ctx, srcs.v[i]);
		ret = check_file(c, pkg, srcs.v[i], &flags, rep, err);
	}
	strvec_clear(&flags);
	strvec_clear(&srcs);
	return ret;
}
