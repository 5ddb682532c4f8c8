/* SPDX-License-Identifier: MIT */
/* fmt.h - a package's C sources run through clang-format. */
#ifndef OSDK_CORE_BUILD_FMT_H
#define OSDK_CORE_BUILD_FMT_H

#include <stdbool.h>

struct osdk_err;
struct strvec;

/*
 * fmt_find_clang_format() - the clang-format to run: $CLANG_FORMAT when
 * set, else `clang-format` on PATH, else the newest `clang-format-NN`
 * (Debian's versioned names). *@prog is a new string. -ENOENT naming the
 * Debian package when there is none.
 */
int fmt_find_clang_format(char **prog, struct osdk_err *err);

/*
 * The style used where no .clang-format is found above a package: the one
 * Keel's sources follow (tabs, 80 columns, Linux braces), as clang-format's
 * inline `--style={...}` text.
 */
extern const char fmt_default_style[];

struct fmt_opts {
	const char *clang_format; /* from fmt_find_clang_format() */
	bool check;		  /* report, change nothing */
};

/*
 * fmt_package() - format the .c and .h files below @pkg_dir's src/ and
 * include/ with the nearest .clang-format above each file (clang-format's
 * --style=file), or fmt_default_style when @pkg_dir has none above it.
 * Every file whose formatted text differs is appended to @changed (paths
 * relative to @pkg_dir, sorted) and, unless o->check, rewritten in place
 * (atomically). *@style_file (may be NULL) gets the .clang-format used, or
 * NULL for the default. A file clang-format fails on is an error naming it
 * with clang-format's message.
 */
int fmt_package(const char *pkg_dir, const struct fmt_opts *o,
		struct strvec *changed, char **style_file,
		struct osdk_err *err);

#endif
