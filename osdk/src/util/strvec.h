/* SPDX-License-Identifier: MIT */
/* strvec.h - growable NULL-terminated arrays of owned strings (argv). */
#ifndef OSDK_UTIL_STRVEC_H
#define OSDK_UTIL_STRVEC_H

#include <stddef.h>

struct osdk_err;

/* v[n] is always NULL once something was pushed; v is NULL when empty. */
struct strvec {
	char **v;
	size_t n;
	size_t cap;
};

#define STRVEC_INIT        \
	{                  \
		NULL, 0, 0 \
	}

void strvec_push(struct strvec *sv, const char *s);
void strvec_pushf(struct strvec *sv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strvec_pushv(struct strvec *sv, const char *const *v);
void strvec_clear(struct strvec *sv);
/* The vector as argv; never NULL (an empty vector gives { NULL }). */
const char *const *strvec_argv(struct strvec *sv);

/*
 * Split `s` into words the way a POSIX shell would for a simple command
 * word list: blanks separate words, '...' and "..." quote, backslash escapes
 * outside single quotes. No expansion of any kind. An unterminated quote is
 * -EINVAL with a message.
 */
int strvec_split(struct strvec *sv, const char *s, struct osdk_err *err);

/* Join with single spaces, quoting words that need it, for display. */
char *strvec_join(const struct strvec *sv);

#endif
