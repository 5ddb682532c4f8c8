/* SPDX-License-Identifier: MIT */
/* test_fmt.c - osdk fmt's default style against the repository's own. */
#include "unit.h"

#include <stdlib.h>

#include "core/build/fmt.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Every `Key: Value` line of the repository's .clang-format must be in the
 * default osdk uses where a package has none, so the two cannot drift. */
UNIT(default_style_matches_the_repository)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strbuf sb = STRBUF_INIT;
	const char *data = getenv("OSDK_TEST_DATA");
	char *path;
	int keys = 0;

	CHECK(data != NULL);
	if (!data)
		return;
	path = xasprintf("%s/../../../.clang-format", data);
	CHECK_INT(fs_read(path, &sb, &err), 0);
	for (char *line = strtok(sb.buf, "\n"); line;
	     line = strtok(NULL, "\n")) {
		if (line[0] == '#' || !strchr(line, ':'))
			continue;
		CHECK_HAS(fmt_default_style, line);
		keys++;
	}
	CHECK(keys >= 10);
	CHECK(fmt_default_style[0] == '{');
	free(path);
	strbuf_release(&sb);
}

UNIT(finds_a_clang_format_or_names_the_package)
{
	struct osdk_err err = OSDK_ERR_INIT;
	char *prog = NULL;
	const char *old = getenv("PATH");
	char *saved = xstrdup(old ? old : "");

	setenv("CLANG_FORMAT", "/nonexistent/clang-format", 1);
	CHECK(fmt_find_clang_format(&prog, &err) < 0);
	CHECK_HAS(err.msg, "$CLANG_FORMAT");
	unsetenv("CLANG_FORMAT");
	setenv("PATH", "/nonexistent", 1);
	CHECK(fmt_find_clang_format(&prog, &err) < 0);
	CHECK_HAS(err.msg, "Debian package 'clang-format'");
	setenv("PATH", saved, 1);
	free(saved);
}

UNIT_MAIN()
