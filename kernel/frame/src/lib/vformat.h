/* SPDX-License-Identifier: MIT */
/* The formatting engine behind frame_snprintf() and the console printf. */
#ifndef LIB_VFORMAT_H
#define LIB_VFORMAT_H

#include <stdarg.h>

#include <frame/compiler.h>
#include <frame/types.h>

/*
 * Where formatted text goes: @put receives it in pieces, in order. The
 * console streams them to the UART; frame_snprintf() copies into a buffer.
 */
struct frame_format_sink {
	void (*put)(void *ctx, const char *s, size_t n);
	void *ctx;
};

/*
 * frame_vformat() - format @fmt with @ap into @sink
 *
 * Supports what <frame/format.h> documents. Returns the number of bytes
 * produced.
 */
size_t frame_vformat(const struct frame_format_sink *sink, const char *fmt,
		     va_list ap) __printf(2, 0);

#endif /* LIB_VFORMAT_H */
