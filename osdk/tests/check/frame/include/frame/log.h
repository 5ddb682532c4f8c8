/* SPDX-License-Identifier: MIT */
/* Fixture frame: logging through a macro. */
#ifndef FRAME_LOG_H
#define FRAME_LOG_H

void log_write(const char *pkg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_info(...) log_write(OSDK_PKG_NAME, __VA_ARGS__)

#endif
