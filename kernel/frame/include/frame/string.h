/* SPDX-License-Identifier: MIT */
/* Memory and string functions: the ones the compiler calls, and safe copies. */
#ifndef FRAME_STRING_H
#define FRAME_STRING_H

#include <frame/types.h>

/*
 * Why in the frame: there is no libc, and the compiler emits calls to
 * memcpy, memmove, memset and memcmp on its own (structure copies, large
 * initialisers), so exactly one definition of each must be linked into
 * every kernel; the frame is the one package every kernel has. The string
 * functions sit beside them so that services need no private copies.
 *
 * Safety contract, common to all: the caller passes pointers to objects
 * that are valid for the lengths given (for the str* functions, up to and
 * including the terminating NUL, or @n bytes for the bounded ones). Nothing
 * here checks more than C's own versions do; what the frame adds is
 * frame_strscpy() and frame_strscat(), which services use instead of
 * unbounded copies.
 */

/* Copy @n bytes from @src to @dst; the regions must not overlap. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n);

/* Copy @n bytes from @src to @dst; the regions may overlap. */
void *memmove(void *dst, const void *src, size_t n);

/* Fill @n bytes at @dst with the byte @c. Returns @dst. */
/*@
  requires \valid((char *)dst + (0 .. n - 1));
  assigns ((char *)dst)[0 .. n - 1];
  ensures \result == dst;
*/
void *memset(void *dst, int c, size_t n);

/*
 * Compare @n bytes as unsigned chars. Returns <0, 0 or >0 as @a sorts
 * before, equal to or after @b.
 */
int memcmp(const void *a, const void *b, size_t n);

/*
 * The unbounded string functions are the frame's own: a service (compiled
 * with the service prelude, <frame/prelude.h>, which defines FRAME_SERVICE
 * and poisons these names) uses strnlen(), strncmp(), frame_strscpy() and
 * frame_strscat() instead, which never read or write past a bound the
 * caller gives.
 */
#ifndef FRAME_SERVICE
/* Length of the NUL-terminated string @s. */
size_t strlen(const char *s);

/* Compare two NUL-terminated strings as unsigned chars. */
int strcmp(const char *a, const char *b);
#endif

/* Length of @s, but at most @max: never reads past @s[@max - 1]. */
size_t strnlen(const char *s, size_t max);

/*
 * Like strcmp(), but compares at most @n characters: strings that agree in
 * their first @n characters are equal.
 */
int strncmp(const char *a, const char *b, size_t n);

/*
 * frame_strscpy() - copy a string into a bounded buffer
 * @dst: destination buffer of @size bytes
 * @src: NUL-terminated source
 * @size: size of @dst; when 0 nothing is written
 *
 * Copies as much of @src as fits and always NUL-terminates @dst (if @size is
 * at least 1). Returns the length copied, or -E2BIG when @src was truncated
 * (or @size is 0). Reads at most @size bytes of @src.
 */
ssize_t frame_strscpy(char *dst, const char *src, size_t size);

/*
 * frame_strscat() - append a string to one in a bounded buffer
 * @dst: a NUL-terminated string in a buffer of @size bytes
 * @src: NUL-terminated source
 * @size: size of @dst's buffer
 *
 * Appends as much of @src as fits after the string in @dst and keeps @dst
 * NUL-terminated. Returns the new length of @dst, or -E2BIG when @src did
 * not fit (what fits is appended, as frame_strscpy() copies) or when @dst
 * holds no NUL within @size bytes (then @dst is not touched). Reads at most
 * @size bytes of @dst and of @src.
 */
ssize_t frame_strscat(char *dst, const char *src, size_t size);

#endif /* FRAME_STRING_H */
