/* SPDX-License-Identifier: MIT */
/* Fixture frame: bounded formatting. */
#ifndef FRAME_FORMAT_H
#define FRAME_FORMAT_H

#include <stdarg.h>

#include <frame/types.h>

int frame_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
