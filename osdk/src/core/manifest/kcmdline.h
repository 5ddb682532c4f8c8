/* SPDX-License-Identifier: MIT */
/* kcmdline.h - composing the kernel command line the way Linux reads it. */
#ifndef OSDK_CORE_KCMDLINE_H
#define OSDK_CORE_KCMDLINE_H

#include <stddef.h>

struct osdk_err;

/*
 * What goes into a kernel command line besides its base text. Linux (and
 * Keel) hand init every `KEY=VALUE` word the kernel does not know as its
 * environment and every word after a lone `--` as its arguments; the
 * kernel's own words come before `--`.
 */
struct kcmdline_parts {
	const char *kernel;	/* raw words for the kernel, or NULL */
	const char *const *env; /* KEY=VALUE words for init */
	size_t nenv;
	const char *const *args; /* init's arguments */
	size_t nargs;
};

/*
 * Offset of the first word that is exactly `--` in @line, outside double
 * quotes (which group words as the kernel reads them), or -1 if none.
 */
long kcmdline_separator(const char *line);

/*
 * *out = @base with @p's words added: the kernel words and the env words
 * before the `--` of @base (appended when it has none), the args after the
 * words that already follow it, a `--` added only when there are args and
 * none was there. A word with a blank in it is written in double quotes
 * (`KEY="a b"` for env, `"a b"` for an arg); a word holding a double quote,
 * a newline or a control character cannot be written and is -EINVAL, as is
 * an empty arg or an env word with no `=` or an empty key. Blanks between
 * words are kept as they were in @base.
 */
int kcmdline_compose(const char *base, const struct kcmdline_parts *p,
		     char **out, struct osdk_err *err);

#endif
