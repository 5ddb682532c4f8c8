/* SPDX-License-Identifier: MIT */
/* cov_cc.c - whether the compiler can make a coverage build. */
#include "core/coverage/coverage.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/proc.h"
#include "util/strbuf.h"

/* The value of "#define NAME VALUE" in the compiler's macro dump, or -1. */
static long macro(const char *dump, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = dump; (p = strstr(p, "#define ")); p++) {
		p += 8;
		if (!strncmp(p, name, n) && p[n] == ' ')
			return strtol(p + n + 1, NULL, 10);
	}
	return -1;
}

int cov_check_cc(const char *cc, struct osdk_err *err)
{
	const char *argv[] = { cc, "-E", "-dM", "-x", "c", "/dev/null", NULL };
	struct strbuf out = STRBUF_INIT;
	long gnuc;
	int status, ret;

	ret = proc_run(argv, NULL, &out, &status);
	if (ret || status) {
		ret = err_set(err, ret ? ret : -EIO,
			      "could not ask the compiler '%s' what it is", cc);
		goto out;
	}
	gnuc = macro(out.buf, "__GNUC__");
	if (macro(out.buf, "__clang__") >= 0 || gnuc < 12)
		ret = err_set(err, -ENOTSUP,
			      "a coverage build needs gcc 12 or later, and "
			      "'%s' is %s; set CC to gcc",
			      cc,
			      macro(out.buf, "__clang__") >= 0
				      ? "clang"
				      : "an older gcc");
out:
	strbuf_release(&out);
	return ret;
}
