/* SPDX-License-Identifier: MIT */
/* sort.h - qsort for arrays that may be empty, and for strings. */
#ifndef OSDK_UTIL_SORT_H
#define OSDK_UTIL_SORT_H

#include <stdlib.h>
#include <string.h>

/*
 * qsort() requires a valid pointer even for zero elements (C17 7.22.5), and
 * an empty vector's is NULL: UBSan stops the sanitizer build there. Every
 * sort in osdk goes through this.
 */
static inline void sort_array(void *base, size_t n, size_t size,
			      int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

/* sort_cmp_strp() - strcmp() on two `char *` elements, for sort_array(). */
static inline int sort_cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* sort_strings() - the @n strings at @v in strcmp() order. */
static inline void sort_strings(char **v, size_t n)
{
	sort_array(v, n, sizeof(*v), sort_cmp_strp);
}

#endif
