/* SPDX-License-Identifier: MIT */
/* "#!" scripts: the interpreter line as Linux reads it. */
#include "exec_internal.h"

#include <frame/errno.h>
#include <frame/string.h>

static bool exec_spacetab(char c)
{
	return c == ' ' || c == '\t';
}

/* The first byte in [p, end) that is not a space or tab, or NULL. */
static const char *exec_skip_space(const char *p, const char *end)
{
	for (; p < end; p++)
		if (!exec_spacetab(*p))
			return p;
	return NULL;
}

/* The first space, tab or NUL in [p, end), or NULL. */
static const char *exec_find_end(const char *p, const char *end)
{
	for (; p < end; p++)
		if (exec_spacetab(*p) || !*p)
			return p;
	return NULL;
}

static int exec_copy_word(char *dst, size_t size, const char *from,
			  const char *to)
{
	size_t n = (size_t)(to - from);

	if (n + 1 > size)
		return -ENOEXEC;
	memcpy(dst, from, n);
	dst[n] = '\0';
	return 0;
}

int exec_script_parse(const uint8_t *ubuf, size_t len, char *interp,
		      size_t interp_size, char *arg, size_t arg_size)
{
	char buf[EXEC_BUF_SIZE];
	const char *end, *line_end = NULL, *name, *name_end, *a;

	if (len < 2 || ubuf[0] != '#' || ubuf[1] != '!')
		return 0;
	len = MIN(len, sizeof(buf));
	memcpy(buf, ubuf, len);
	/* Like Linux's buffer, the last byte is never part of the line. */
	end = buf + (len == sizeof(buf) ? len - 1 : len);
	for (const char *p = buf; p < buf + len; p++)
		if (*p == '\n') {
			line_end = p;
			break;
		}
	if (!line_end) {
		const char *first = exec_skip_space(buf + 2, end);

		if (len < sizeof(buf)) {
			/* The whole file is the line. */
			line_end = end;
		} else {
			if (!first)
				return -ENOEXEC;
			/* No end to the interpreter's name within the
			 * buffer: it may have been cut. */
			if (!exec_find_end(first, end))
				return -ENOEXEC;
			line_end = end;
		}
	}
	while (line_end > buf + 2 && exec_spacetab(line_end[-1]))
		line_end--;
	name = exec_skip_space(buf + 2, line_end);
	if (!name || name == line_end)
		return -ENOEXEC;
	name_end = exec_find_end(name, line_end);
	if (!name_end)
		name_end = line_end;
	if (exec_copy_word(interp, interp_size, name, name_end))
		return -ENOEXEC;
	arg[0] = '\0';
	if (name_end < line_end && *name_end) {
		a = exec_skip_space(name_end, line_end);
		if (a && exec_copy_word(arg, arg_size, a, line_end))
			return -ENOEXEC;
	}
	return 1;
}
