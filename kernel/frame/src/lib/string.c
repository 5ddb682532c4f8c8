/* SPDX-License-Identifier: MIT */
/* memcpy and friends: the functions the compiler may call, and str*. */
#include <frame/string.h>

#include <frame/errno.h>

/*
 * The copy and fill loops are single string instructions: the compiler
 * would otherwise be free to recognise a C byte loop as memcpy() and call
 * the very function it is compiling. On CPUs with ERMS (every x86-64 CPU
 * of the last decade) rep movsb/stosb is also the fast way.
 */

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	void *ret = dst;

	__asm__ volatile("rep movsb"
			 : "+D"(dst), "+S"(src), "+c"(n)
			 :
			 : "memory");
	return ret;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);

	/* Overlap with dst above src: copy backwards, from the last byte. */
	d += n - 1;
	s += n - 1;
	__asm__ volatile("std\n\t"
			 "rep movsb\n\t"
			 "cld"
			 : "+D"(d), "+S"(s), "+c"(n)
			 :
			 : "memory", "cc");
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *ret = dst;

	__asm__ volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(c) : "memory");
	return ret;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	}
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return (*x > *y) - (*x < *y);
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
		if (!*x)
			break;
	}
	return 0;
}

ssize_t frame_strscpy(char *dst, const char *src, size_t size)
{
	size_t len;

	if (!size)
		return -E2BIG;
	len = strnlen(src, size);
	if (len == size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return -E2BIG;
	}
	memcpy(dst, src, len + 1);
	return (ssize_t)len;
}

ssize_t frame_strscat(char *dst, const char *src, size_t size)
{
	size_t used = strnlen(dst, size);
	ssize_t added;

	if (used == size)
		return -E2BIG;
	added = frame_strscpy(dst + used, src, size - used);
	return added < 0 ? -E2BIG : (ssize_t)(used + (size_t)added);
}
