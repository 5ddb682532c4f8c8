/* SPDX-License-Identifier: MIT */
/* Bounded printf-style formatting into a caller's buffer. */
#ifndef FRAME_FORMAT_H
#define FRAME_FORMAT_H

#include <stdarg.h>

#include <frame/compiler.h>
#include <frame/types.h>

/*
 * Conversions: %d %i %u %x %X %p %s %c %%, with the length modifiers hh, h,
 * l, ll, z and t; flags '-' (left-justify), '0' (zero-pad), '+', ' ' and
 * '#' (0x prefix); a field width and a precision, either of which may be
 * '*'. Precision limits the characters printed by %s and sets the minimum
 * digits of integers. %p prints "0x" and 16 hex digits; %s prints "(null)"
 * for NULL. An unknown conversion is copied to the output as written, so a
 * typo shows up in the text instead of eating arguments silently.
 *
 * Why in the frame: the frame's console, log and panic paths need it before
 * any service runs, and a service gets this bounded variant instead of an
 * unbounded sprintf. Safety: the caller passes a buffer valid for @size
 * bytes and arguments that match the format, as the compiler checks.
 */

/*
 * frame_snprintf() - format into @buf, writing at most @size bytes
 *
 * Always NUL-terminates when @size is at least 1. Returns the length the
 * whole output would have had (like C's snprintf), so a return value of
 * @size or more means the output was truncated.
 */
int frame_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* frame_vsnprintf() - frame_snprintf() with a va_list */
int frame_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __printf(3, 0);

#endif /* FRAME_FORMAT_H */
