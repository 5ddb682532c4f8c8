/* SPDX-License-Identifier: MIT */
/* strvec.c - growable NULL-terminated arrays of owned strings (argv). */
#include "strvec.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "strbuf.h"
#include "xalloc.h"

static void push_owned(struct strvec *sv, char *s)
{
	XGROW(sv->v, sv->cap, sv->n + 2);
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void strvec_push(struct strvec *sv, const char *s)
{
	push_owned(sv, xstrdup(s));
}

void strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	push_owned(sv, strbuf_detach(&sb));
}

void strvec_pushv(struct strvec *sv, const char *const *v)
{
	for (; v && *v; v++)
		strvec_push(sv, *v);
}

void strvec_clear(struct strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

const char *const *strvec_argv(struct strvec *sv)
{
	static const char *const empty[] = { NULL };

	return sv->v ? (const char *const *)sv->v : empty;
}

int strvec_split(struct strvec *sv, const char *s, struct osdk_err *err)
{
	struct strbuf word = STRBUF_INIT;
	bool in_word = false;
	char quote = 0;

	for (const char *p = s; *p; p++) {
		char c = *p;

		if (quote == '\'') {
			if (c == '\'')
				quote = 0;
			else
				strbuf_addch(&word, c);
			continue;
		}
		if (quote == '"') {
			if (c == '"') {
				quote = 0;
			} else if (c == '\\' && (p[1] == '"' || p[1] == '\\' ||
						 p[1] == '$' || p[1] == '`')) {
				strbuf_addch(&word, *++p);
			} else {
				strbuf_addch(&word, c);
			}
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n') {
			if (in_word)
				push_owned(sv, strbuf_detach(&word));
			in_word = false;
			continue;
		}
		in_word = true;
		if (c == '\'' || c == '"')
			quote = c;
		else if (c == '\\' && p[1])
			strbuf_addch(&word, *++p);
		else
			strbuf_addch(&word, c);
	}
	if (quote) {
		strbuf_release(&word);
		return err_set(err, -EINVAL, "unterminated %c quote in '%s'",
			       quote, s);
	}
	if (in_word)
		push_owned(sv, strbuf_detach(&word));
	strbuf_release(&word);
	return 0;
}

static bool needs_quotes(const char *s)
{
	if (!*s)
		return true;
	for (; *s; s++)
		if (strchr(" \t\n'\"\\$`*?[]{}()<>|&;#~", *s))
			return true;
	return false;
}

char *strvec_join(const struct strvec *sv)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < sv->n; i++) {
		const char *w = sv->v[i];

		if (i)
			strbuf_addch(&sb, ' ');
		if (!needs_quotes(w)) {
			strbuf_adds(&sb, w);
			continue;
		}
		strbuf_addch(&sb, '\'');
		for (; *w; w++) {
			if (*w == '\'')
				strbuf_adds(&sb, "'\\''");
			else
				strbuf_addch(&sb, *w);
		}
		strbuf_addch(&sb, '\'');
	}
	return strbuf_detach(&sb);
}
