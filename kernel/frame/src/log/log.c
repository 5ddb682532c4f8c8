/* SPDX-License-Identifier: MIT */
/* Leveled logging: a threshold, a prefix, and whole lines on the console. */
#include <frame/log.h>

#include <frame/boot.h>
#include <frame/errno.h>
#include <frame/format.h>
#include <frame/string.h>

#include "console/console.h"
#include "log/log_setup.h"

/* Longest message; longer ones are cut and marked. */
#define LOG_LINE_MAX 512

static const char *const level_names[] = {
	[LOG_ERROR] = "error",
	[LOG_WARN] = "warn",
	[LOG_INFO] = "info",
	[LOG_DEBUG] = "debug",
};

static enum log_level log_threshold = LOG_INFO;

bool log_enabled(enum log_level level)
{
	return level <= log_threshold;
}

enum log_level log_set_threshold(enum log_level level)
{
	enum log_level old = log_threshold;

	if ((unsigned int)level > LOG_DEBUG)
		level = LOG_DEBUG;
	log_threshold = level;
	return old;
}

int frame_log_parse_level(const char *name, enum log_level *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(level_names); i++) {
		if (!strcmp(name, level_names[i])) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	return -EINVAL;
}

void frame_log_init(void)
{
	char value[16] = "";
	int ret;

	ret = frame_cmdline_get("log", value, sizeof(value));
	if (ret == -ENOENT)
		return;
	if (!ret)
		ret = frame_log_parse_level(value, &log_threshold);
	if (ret)
		log_warn("ignoring 'log=%s': the level is one of error, warn, "
			 "info, debug",
			 value);
}

/* Print one line of a message, with the prefix, under the console lock. */
static void log_line_locked(enum log_level level, const char *pkg,
			    const char *s, size_t n)
{
	frame_console_write_locked(pkg, strlen(pkg));
	frame_console_write_locked(": ", 2);
	if (level != LOG_INFO) {
		const char *name = level_names[level];

		frame_console_write_locked(name, strlen(name));
		frame_console_write_locked(": ", 2);
	}
	frame_console_write_locked(s, n);
	frame_console_write_locked("\n", 1);
}

void log_vwrite(enum log_level level, const char *pkg, const char *fmt,
		va_list ap)
{
	char line[LOG_LINE_MAX];
	const char *p, *end;
	uint64_t flags;
	int n;

	if ((unsigned int)level >= ARRAY_SIZE(level_names))
		level = LOG_ERROR;
	if (!log_enabled(level))
		return;

	n = frame_vsnprintf(line, sizeof(line), fmt, ap);
	if (n >= (int)sizeof(line))
		memcpy(line + sizeof(line) - 4, "...", 4);

	/* Drop one trailing newline: every line ends in one anyway. */
	end = line + strlen(line);
	if (end > line && end[-1] == '\n')
		end--;

	flags = frame_console_lock();
	p = line;
	do {
		const char *nl = p;

		while (nl < end && *nl != '\n')
			nl++;
		log_line_locked(level, pkg, p, (size_t)(nl - p));
		p = nl + 1;
	} while (p < end);
	frame_console_unlock(flags);
}

void log_write(enum log_level level, const char *pkg, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vwrite(level, pkg, fmt, ap);
	va_end(ap);
}
