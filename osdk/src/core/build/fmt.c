/* SPDX-License-Identifier: MIT */
/* fmt.c - a package's C sources run through clang-format. */
#include "core/build/fmt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

const char fmt_default_style[] =
	"{BasedOnStyle: LLVM, IndentWidth: 8, UseTab: Always, TabWidth: 8, "
	"ColumnLimit: 80, BreakBeforeBraces: Linux, "
	"AllowShortIfStatementsOnASingleLine: false, "
	"AllowShortFunctionsOnASingleLine: None, "
	"AllowShortLoopsOnASingleLine: false, IndentCaseLabels: false, "
	"AlignConsecutiveMacros: true, SortIncludes: false, "
	"ContinuationIndentWidth: 8, Cpp11BracedListStyle: false, "
	"AlignEscapedNewlines: Left}";

int fmt_find_clang_format(char **prog, struct osdk_err *err)
{
	const char *env = getenv("CLANG_FORMAT");

	if (env && *env) {
		if (!proc_which(env))
			return err_set(err, -ENOENT,
				       "$CLANG_FORMAT names '%s', which is not "
				       "an executable program",
				       env);
		*prog = xstrdup(env);
		return 0;
	}
	if (proc_which("clang-format")) {
		*prog = xstrdup("clang-format");
		return 0;
	}
	for (int v = 40; v >= 10; v--) {
		char *name = xasprintf("clang-format-%d", v);

		if (proc_which(name)) {
			*prog = name;
			return 0;
		}
		free(name);
	}
	return err_set(err, -ENOENT,
		       "'clang-format' not found: needed to format C sources; "
		       "install the Debian package 'clang-format'");
}

/* The formatted text of @file into @out. */
static int format_one(const struct fmt_opts *o, const char *style,
		      const char *file, struct strbuf *out,
		      struct osdk_err *err)
{
	const char *argv[] = { o->clang_format, style, file, NULL };
	int status, ret = proc_run(argv, NULL, out, &status);

	if (ret)
		return err_set(err, ret, "could not run '%s': %s",
			       o->clang_format, strerror(-ret));
	if (status) {
		strbuf_trim_trailing(out);
		return err_set(err, -EINVAL, "clang-format failed on '%s':\n%s",
			       file, out->buf);
	}
	return 0;
}

/* Compare one file with its formatted text; rewrite it unless checking. */
static int fmt_file(const struct fmt_opts *o, const char *style,
		    const char *dir, const char *rel, struct strvec *changed,
		    struct osdk_err *err)
{
	struct strbuf now = STRBUF_INIT, want = STRBUF_INIT;
	char *path = fs_join(dir, rel);
	int ret;

	if ((ret = fs_read(path, &now, err)) ||
	    (ret = format_one(o, style, path, &want, err)))
		goto out;
	if (now.len == want.len && !memcmp(now.buf, want.buf, now.len))
		goto out;
	strvec_push(changed, rel);
	if (!o->check)
		ret = fs_write_atomic(path, want.buf, want.len, err);
out:
	free(path);
	strbuf_release(&now);
	strbuf_release(&want);
	return ret;
}

int fmt_package(const char *pkg_dir, const struct fmt_opts *o,
		struct strvec *changed, char **style_file, struct osdk_err *err)
{
	static const char *const exts[] = { ".c", ".h", NULL };
	static const char *const subdirs[] = { "include", "src" };
	char *found = fs_find_upwards(pkg_dir, ".clang-format");
	char *style = found ? xstrdup("--style=file")
			    : xasprintf("--style=%s", fmt_default_style);
	int ret = 0;

	if (style_file)
		*style_file = found ? fs_join(found, ".clang-format") : NULL;
	for (size_t s = 0; s < 2 && !ret; s++) {
		struct strvec files = STRVEC_INIT;
		char *dir = fs_join(pkg_dir, subdirs[s]);

		ret = fs_list_files(dir, exts, &files, err);
		for (size_t i = 0; !ret && i < files.n; i++) {
			char *rel = fs_join(subdirs[s], files.v[i]);

			ret = fmt_file(o, style, pkg_dir, rel, changed, err);
			free(rel);
		}
		strvec_clear(&files);
		free(dir);
	}
	free(style);
	free(found);
	return ret;
}
