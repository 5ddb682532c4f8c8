/* SPDX-License-Identifier: MIT */
/* Fixture frame: string functions, the unbounded ones kept from services. */
#ifndef FRAME_STRING_H
#define FRAME_STRING_H

#include <frame/types.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
#ifndef FRAME_SERVICE
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
#endif
size_t strnlen(const char *s, size_t max);
int strncmp(const char *a, const char *b, size_t n);
ssize_t frame_strscpy(char *dst, const char *src, size_t size);

#endif
