/* SPDX-License-Identifier: MIT */
/* sort.h - qsort for arrays that may be empty. */
#ifndef OSDK_UTIL_SORT_H
#define OSDK_UTIL_SORT_H

#include <stdlib.h>

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

#endif
