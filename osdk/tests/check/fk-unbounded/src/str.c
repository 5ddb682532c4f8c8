/* SPDX-License-Identifier: MIT */
/* FK-UNBOUNDED: string functions that run until a NUL they cannot see. */
#include <frame/format.h>
#include <frame/string.h>

unsigned long fk_len(const char *s)
{
	return strlen(s);
}

int fk_same(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

void fk_copy(char *dst, const char *src)
{
	__builtin_strcpy(dst, src);
}

char *strcat(char *dst, const char *src);

void fk_format(char *buf, int x)
{
	sprintf(buf, "%d", x);
}
