/* SPDX-License-Identifier: MIT */
/* procfs.h - what the /proc checks share: whole-file reads and fields. */
#ifndef ABI_PROCFS_H
#define ABI_PROCFS_H

#include "abi.h"

#include <fcntl.h>

/* Read @path whole into @buf (NUL-terminated); the length or -1. */
static inline long slurp(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	while (len < cap - 1 && (n = read(fd, buf + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	buf[len] = '\0';
	return (long)len;
}

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
