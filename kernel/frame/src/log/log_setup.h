/* SPDX-License-Identifier: MIT */
/* Frame-internal side of the log: the threshold from the command line. */
#ifndef LOG_LOG_SETUP_H
#define LOG_LOG_SETUP_H

#include <frame/log.h>

/*
 * frame_log_parse_level() - "error", "warn", "info" or "debug" to a level
 *
 * Returns 0 and sets *@out, or -EINVAL for anything else (*@out unchanged).
 */
int frame_log_parse_level(const char *name, enum log_level *out);

/*
 * frame_log_init() - set the threshold from `log=LEVEL` on the command line
 *
 * Called once at boot, after the boot information is parsed. Warns about a
 * value it does not know and keeps the default (info).
 */
void frame_log_init(void);

#endif /* LOG_LOG_SETUP_H */
