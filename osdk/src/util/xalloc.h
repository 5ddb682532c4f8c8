/* SPDX-License-Identifier: MIT */
/* xalloc.h - allocation helpers that abort on exhaustion. */
#ifndef OSDK_UTIL_XALLOC_H
#define OSDK_UTIL_XALLOC_H

#include <stddef.h>

/*
 * osdk is a short-lived host tool: running out of memory is not a condition
 * any caller can recover from, so these print one line and abort instead of
 * threading -ENOMEM through every caller.
 */
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *arr so that it holds at least `need` elements of `size` bytes. */
void xgrow(void **arr, size_t *cap, size_t need, size_t size);
#define XGROW(arr, cap, need) \
	xgrow((void **)&(arr), &(cap), (need), sizeof(*(arr)))

#endif
