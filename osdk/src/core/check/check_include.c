/* SPDX-License-Identifier: MIT */
/* check_include.c - FK-INCLUDE: which headers a service may include. */
#include <stdlib.h>
#include <string.h>

#include "core/check/check_int.h"
#include "core/manifest/manifest.h"
#include "core/resolve/workspace.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char *const cc_allowed_headers[] = {
	"stddef.h",   "stdint.h",      "stdbool.h", "stdarg.h",
	"stdalign.h", "stdnoreturn.h", NULL,
};

static bool is_direct_dep(const struct workspace *ws, size_t p, size_t q)
{
	for (size_t d = 0; d < ws->pkgs[p].ndeps; d++)
		if (ws->pkgs[p].deps[d] == q)
			return true;
	return false;
}

void check_include(struct check_tu *t, CXCursor c)
{
	const struct workspace *ws = t->c->ws;
	CXFile inc = clang_getIncludedFile(c);
	struct check_file *from, *to;
	char *written, *shown, *msg = NULL, *hint = NULL;
	const char *base;

	from = check_tu_locate(t, clang_getCursorLocation(c), NULL, NULL, NULL);
	if (from->kind != CHECK_FILE_SERVICE || !inc)
		return;
	to = check_tu_file(t, inc);
	if (to->kind == CHECK_FILE_CC) {
		base = strrchr(to->path, '/') ? strrchr(to->path, '/') + 1
					      : to->path;
		for (size_t i = 0; cc_allowed_headers[i]; i++)
			if (strcmp(base, cc_allowed_headers[i]) == 0)
				return;
	}
	if (to->pkg >= 0 && to->pkg == from->pkg)
		return;
	if (to->pkg >= 0 && to->in_include &&
	    (t->c->trusted[to->pkg] || t->c->libs[to->pkg] ||
	     is_direct_dep(ws, (size_t)from->pkg, (size_t)to->pkg)))
		return;

	written = check_cursor_name(c);
	shown = check_tu_show_path(t, to->path);
	if (to->kind == CHECK_FILE_CC) {
		msg = xasprintf("includes compiler header '%s', which a "
				"service may not use",
				written);
		hint = xasprintf("of the compiler's headers a service may "
				 "include only stddef.h, stdint.h, stdbool.h, "
				 "stdarg.h, stdalign.h and stdnoreturn.h");
	} else if (to->kind == CHECK_FILE_PRIVATE) {
		msg = xasprintf("includes '%s' (%s), a frame-internal header",
				written, shown);
	} else if (to->pkg >= 0 && !to->in_include) {
		msg = xasprintf("includes '%s' (%s), a private header of "
				"package '%s'",
				written, shown,
				ws->pkgs[to->pkg].m->package.name);
		hint = xasprintf("a package's public headers are the ones in "
				 "its include/ directory");
	} else if (to->pkg >= 0) {
		const char *dep = ws->pkgs[to->pkg].m->package.name;

		msg = xasprintf("includes '%s' of package '%s', which '%s' "
				"does not depend on",
				written, dep,
				ws->pkgs[from->pkg].m->package.name);
		hint = xasprintf("add '%s' to 'dependencies' in '%s'", dep,
				 ws->pkgs[from->pkg].m->path);
	} else {
		msg = xasprintf("includes '%s' (%s), which is outside the "
				"frame's public API, libs/ and the "
				"dependencies of '%s'",
				written, to->path,
				ws->pkgs[from->pkg].m->package.name);
	}
	check_tu_report(t, CHECK_INCLUDE, clang_getCursorLocation(c), hint,
			"%s", msg);
	free(msg);
	free(hint);
	free(written);
	free(shown);
}
