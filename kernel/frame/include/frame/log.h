/* SPDX-License-Identifier: MIT */
/* Leveled, line-at-a-time logging to the kernel console. */
#ifndef FRAME_LOG_H
#define FRAME_LOG_H

#include <stdarg.h>

#include <frame/compiler.h>
#include <frame/types.h>

/* Most to least severe; a message prints when its level <= the threshold. */
enum log_level {
	LOG_ERROR,
	LOG_WARN,
	LOG_INFO,
	LOG_DEBUG,
};

/*
 * log_write() - print one log message as whole console lines
 * @level: severity; dropped when above the threshold (command line
 *         `log=error|warn|info|debug`, default info)
 * @pkg: the package speaking; the log_* macros pass OSDK_PKG_NAME
 * @fmt: format as for frame_snprintf(); a trailing newline is optional
 *
 * Prints "<pkg>: <message>" for info and "<pkg>: <level>: <message>" for
 * the other levels. A message is formatted into a bounded line buffer
 * first (long messages are cut and end in "..."), then written under the
 * console lock with interrupts off, so lines from different CPUs or from
 * interrupt handlers never interleave mid-line. Each embedded newline
 * starts a new, prefixed line.
 *
 * Why in the frame: the console is a port-I/O device that only the frame
 * may touch, and its lock must be shared with the panic path. Safety: may
 * be called from any context, including interrupt handlers; it never
 * sleeps, but it spins on the console lock.
 */
void log_write(enum log_level level, const char *pkg, const char *fmt, ...)
	__printf(3, 4);

/* log_vwrite() - log_write() with a va_list */
void log_vwrite(enum log_level level, const char *pkg, const char *fmt,
		va_list ap) __printf(3, 0);

/*
 * log_enabled() - whether a message of @level would be printed
 *
 * Lets a caller skip building expensive output (a table, a dump) that
 * would be dropped anyway. Safety: none needed.
 */
bool log_enabled(enum log_level level);

/*
 * log_set_threshold() - make @level the threshold from now on; returns the
 * one it replaces
 *
 * For a kernel's `quiet` (only warnings and errors once boot is done) and
 * the like. A level outside enum log_level is taken as LOG_DEBUG (the
 * most verbose). The threshold is one word, read without a lock: a
 * message being formatted on another CPU at the moment of the change may
 * still follow the old one. The command line's `log=` only sets the
 * threshold the frame starts with.
 *
 * Why in the frame: the threshold is the frame's, applied inside
 * log_write(). Safety: none needed; any context.
 */
enum log_level log_set_threshold(enum log_level level);

#define log_error(...) log_write(LOG_ERROR, OSDK_PKG_NAME, __VA_ARGS__)
#define log_warn(...)  log_write(LOG_WARN, OSDK_PKG_NAME, __VA_ARGS__)
#define log_info(...)  log_write(LOG_INFO, OSDK_PKG_NAME, __VA_ARGS__)
#define log_debug(...) log_write(LOG_DEBUG, OSDK_PKG_NAME, __VA_ARGS__)

#endif /* FRAME_LOG_H */
