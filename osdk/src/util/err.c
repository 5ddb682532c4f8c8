/* SPDX-License-Identifier: MIT */
/* err.c - filling struct osdk_err. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int err_set(struct osdk_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

int err_prefix(struct osdk_err *err, int code, const char *fmt, ...)
{
	char head[sizeof(err->msg)];
	size_t n;
	va_list ap;

	if (!err)
		return code;
	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	/* Make room at the front, dropping the tail's end if it must. */
	n = strnlen(head, sizeof(head) - 3);
	memmove(err->msg + n + 2, err->msg, sizeof(err->msg) - n - 2);
	memcpy(err->msg, head, n);
	memcpy(err->msg + n, ": ", 2);
	err->msg[sizeof(err->msg) - 1] = '\0';
	return code;
}
