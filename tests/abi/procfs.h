/* SPDX-License-Identifier: MIT */
/* procfs.h - what the /proc checks share: whole-file reads and fields. */
#ifndef ABI_PROCFS_H
#define ABI_PROCFS_H

#include "abi.h"
#include "slurp.h"

#include <fcntl.h>

/* The value after "@key:" in a "Key:\tvalue" text, or NULL. */
static inline const char *field(const char *text, const char *key)
{
	size_t n = strlen(key);

	for (const char *l = text; l && *l;
	     l = strchr(l, '\n'), l = l ? l + 1 : l)
		if (!strncmp(l, key, n) && l[n] == ':')
			return l + n + 1;
	return NULL;
}

/* Whether @text has a line "NAME:" for each of @names, in that order. */
static inline size_t lines_in_order(const char *text, const char *const *names,
				    size_t n)
{
	const char *at = text;
	size_t i;

	for (i = 0; i < n; i++) {
		char key[40];
		const char *hit;

		snprintf(key, sizeof(key), "%s:", names[i]);
		for (hit = strstr(at, key);
		     hit && hit != text && hit[-1] != '\n';
		     hit = strstr(hit + 1, key))
			;
		if (!hit)
			break;
		at = hit + 1;
	}
	return i;
}

#endif /* ABI_PROCFS_H */
