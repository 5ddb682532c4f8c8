/* SPDX-License-Identifier: MIT */
/* err.h - error reports that core code hands back to the command layer. */
#ifndef OSDK_UTIL_ERR_H
#define OSDK_UTIL_ERR_H

/*
 * Core code never prints. A failing core function fills a struct osdk_err
 * with one lowercase message (no "osdk: error:" prefix, no trailing period)
 * and returns a negative errno; the command layer prints it.
 */
struct osdk_err {
	char msg[2048];
};

#define OSDK_ERR_INIT     \
	{                 \
		{         \
			0 \
		}         \
	}

/* Format the message and return `code` (a negative errno), for tail calls. */
int err_set(struct osdk_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prepend "prefix: " to an existing message; returns `code`. */
int err_prefix(struct osdk_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
