/* SPDX-License-Identifier: MIT */
/* strbuf.h - growable NUL-terminated byte buffers. */
#ifndef OSDK_UTIL_STRBUF_H
#define OSDK_UTIL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

/* buf is always NUL-terminated and never NULL once initialised. */
struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

extern char strbuf_empty[];
#define STRBUF_INIT                \
	{                          \
		strbuf_empty, 0, 0 \
	}

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
/* Hand the buffer to the caller (who frees it); sb is left empty. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const void *data, size_t n);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
/* @s in double quotes, '"' and '\\' escaped with a backslash (a YAML
 * double-quoted scalar for text without control characters) */
void strbuf_add_dquoted(struct strbuf *sb, const char *s);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_trim_trailing(struct strbuf *sb);

#endif
