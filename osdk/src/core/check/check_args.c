/* SPDX-License-Identifier: MIT */
/* check_args.c - the flags libclang parses with, and cc predefines. */
#include "core/check/check.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/check/check_int.h"
#include "core/manifest/manifest.h"
#include "core/resolve/trust.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"
#include "util/sort.h"

static const char *const clang_keeps[] = {
	"__STDC__",	   "__STDC_HOSTED__", "__STDC_VERSION__",
	"__STDC_UTF_16__", "__STDC_UTF_32__", NULL,
};

static bool takes_arg(const char *f)
{
	static const char *const with_arg[] = {
		"-include", "-imacros", "-isystem", "-iquote", "-idirafter",
		"-I",	    "-D",	"-U",	    "-MF",     "-MT",
		"-MQ",	    "-o",	"-x",	    NULL,
	};

	for (size_t i = 0; with_arg[i]; i++)
		if (strcmp(f, with_arg[i]) == 0)
			return true;
	return false;
}

/* Whether a flag is about files or macros rather than the target: those
 * do not change what the compiler predefines. */
static bool predef_neutral(const char *f)
{
	return !strncmp(f, "-D", 2) || !strncmp(f, "-U", 2) ||
	       !strncmp(f, "-I", 2) || !strncmp(f, "-include", 8) ||
	       !strncmp(f, "-imacros", 8) || !strncmp(f, "-isystem", 8) ||
	       !strncmp(f, "-iquote", 7) || !strncmp(f, "-idirafter", 10);
}

/* Turn one "#define NAME VALUE" line of `cc -dM -E` into "-DNAME=VALUE". */
static void push_define(struct strvec *defs, const char *line, size_t len)
{
	const char *name = line + strlen("#define ");
	const char *end = line + len;
	const char *sp = memchr(name, ' ', (size_t)(end - name));
	char *key = xstrndup(name, (size_t)((sp ? sp : end) - name));
	char *paren = strchr(key, '(');

	if (paren)
		*paren = '\0';
	for (size_t i = 0; clang_keeps[i]; i++)
		if (strcmp(key, clang_keeps[i]) == 0)
			goto out;
	if (paren)
		*paren = '(';
	strvec_pushf(defs, "-D%s=%.*s", key, sp ? (int)(end - sp - 1) : 0,
		     sp ? sp + 1 : "");
out:
	free(key);
}

/*
 * The compiler's own predefined macros for these flags, as -D options.
 * libclang gets them after -undef, so that code written for one compiler
 * (#ifdef __clang__, #if __GNUC__ >= 12) is seen by the checker exactly as
 * the compiler sees it.
 */
static int predefs_for(struct checker *c, const struct strvec *cflags,
		       const struct check_predef **out, struct osdk_err *err)
{
	struct strvec argv = STRVEC_INIT, key = STRVEC_INIT;
	struct strvec defs = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct check_predef *pd;
	char *keystr;
	int status, ret;

	for (size_t i = 0; i < cflags->n; i++) {
		const char *f = cflags->v[i];

		if (takes_arg(f) && predef_neutral(f)) {
			i++;
			continue;
		}
		if (!predef_neutral(f))
			strvec_push(&key, f);
	}
	keystr = key.n ? strvec_join(&key) : xstrdup("");
	for (size_t i = 0; i < c->npredefs; i++) {
		if (strcmp(c->predefs[i].key, keystr) == 0) {
			*out = &c->predefs[i];
			ret = 0;
			goto out;
		}
	}
	strvec_push(&argv, c->cc);
	for (size_t i = 0; i < key.n; i++)
		strvec_push(&argv, key.v[i]);
	strvec_push(&argv, "-dM");
	strvec_push(&argv, "-E");
	strvec_push(&argv, "-x");
	strvec_push(&argv, "c");
	strvec_push(&argv, "/dev/null");
	ret = proc_run(strvec_argv(&argv), NULL, &sb, &status);
	if (ret || status != 0) {
		strbuf_trim_trailing(&sb);
		ret = err_set(
			err, ret ? ret : -EIO,
			"could not ask '%s' for its predefined macros%s%s",
			c->cc, sb.len ? ": " : "", sb.buf);
		goto out;
	}
	for (char *p = sb.buf; *p;) {
		char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len > 8 && strncmp(p, "#define ", 8) == 0)
			push_define(&defs, p, len);
		p += len + (nl ? 1 : 0);
	}
	XGROW(c->predefs, c->cappredefs, c->npredefs + 1);
	pd = &c->predefs[c->npredefs++];
	pd->key = keystr;
	keystr = NULL;
	pd->n = defs.n;
	pd->defs = defs.v ? defs.v : xcalloc(1, sizeof(char *));
	memset(&defs, 0, sizeof(defs));
	*out = pd;
out:
	free(keystr);
	strvec_clear(&argv);
	strvec_clear(&key);
	strvec_clear(&defs);
	strbuf_release(&sb);
	return ret;
}

int check_parse_args(struct checker *c, const struct strvec *cflags,
		     struct strvec *args, struct osdk_err *err)
{
	const struct check_predef *pd = NULL;
	int ret = predefs_for(c, cflags, &pd, err);

	if (ret)
		return ret;
	strvec_push(args, "-undef");
	for (size_t i = 0; i < pd->n; i++)
		strvec_push(args, pd->defs[i]);
	for (size_t i = 0; i < cflags->n; i++)
		strvec_push(args, cflags->v[i]);
	/* Warnings are the compiler's business: only errors stop a check. */
	strvec_push(args, "-Wno-error");
	return 0;
}
