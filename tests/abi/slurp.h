/* SPDX-License-Identifier: MIT */
/* slurp.h - whole-file reads, for the /proc checks and the fuzzer's leak
 * check (tests/fuzz includes it too: nothing here may need abi.h). */
#ifndef ABI_SLURP_H
#define ABI_SLURP_H

#include <fcntl.h>
#include <stddef.h>
#include <unistd.h>

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

#endif /* ABI_SLURP_H */
