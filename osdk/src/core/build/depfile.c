/* SPDX-License-Identifier: MIT */
/* depfile.c - reading the make rule a compiler writes with -MD. */
#include "core/build/depfile.h"

#include <errno.h>
#include <stdbool.h>

#include "util/strbuf.h"

struct dep_lexer {
	const char *p, *end;
};

static bool at_blank(const struct dep_lexer *lx)
{
	const char *p = lx->p;

	return p < lx->end &&
	       (*p == ' ' || *p == '\t' ||
		(*p == '\\' && p + 1 < lx->end && p[1] == '\n') ||
		(*p == '\\' && p + 2 < lx->end && p[1] == '\r' &&
		 p[2] == '\n'));
}

/* Skip blanks and continuations; stop at a newline or a word. */
static void skip_blanks(struct dep_lexer *lx)
{
	while (at_blank(lx))
		lx->p += *lx->p != '\\' ? 1 : lx->p[1] == '\n' ? 2 : 3;
}

/* One word into *w: 0, or -EINVAL on a backslash at the very end. */
static int read_word(struct dep_lexer *lx, struct strbuf *w, bool target)
{
	while (lx->p < lx->end && !at_blank(lx) && *lx->p != '\n' &&
	       *lx->p != '\r' && !(target && *lx->p == ':')) {
		char c = *lx->p++;

		if (c == '\\') {
			if (lx->p == lx->end)
				return -EINVAL;
			if (*lx->p == ' ' || *lx->p == '#' || *lx->p == '\\')
				c = *lx->p++;
		} else if (c == '$' && lx->p < lx->end && *lx->p == '$') {
			lx->p++;
		}
		strbuf_addch(w, c);
	}
	return 0;
}

int depfile_parse(const char *text, size_t len, struct strvec *out)
{
	struct dep_lexer lx = { text, text + len };
	struct strbuf w = STRBUF_INIT;
	int ret = -EINVAL;

	/* The targets, up to the colon. */
	for (;;) {
		skip_blanks(&lx);
		if (lx.p == lx.end || *lx.p == '\n' || *lx.p == '\r')
			goto out;
		if (*lx.p == ':')
			break;
		strbuf_reset(&w);
		if (read_word(&lx, &w, true))
			goto out;
	}
	lx.p++;
	/* The prerequisites, up to the end of the (continued) line. */
	for (;;) {
		skip_blanks(&lx);
		if (lx.p == lx.end || *lx.p == '\n' || *lx.p == '\r')
			break;
		strbuf_reset(&w);
		if (read_word(&lx, &w, false))
			goto out;
		strvec_push(out, w.buf);
	}
	ret = 0;
out:
	strbuf_release(&w);
	return ret;
}
