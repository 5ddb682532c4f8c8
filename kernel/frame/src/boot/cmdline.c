/* SPDX-License-Identifier: MIT */
/* The kernel command line: words, `key` and `key=value` lookups. */
#include "boot/cmdline.h"

#include <frame/boot.h>
#include <frame/errno.h>
#include <frame/string.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * The next word of the line at *@p: sets [*@start, *@end) and advances *@p.
 * Spaces inside double quotes do not end a word. Returns false at the end.
 */
static bool next_word(const char **p, const char **start, const char **end)
{
	const char *s = *p;
	bool quoted = false;

	while (is_space(*s))
		s++;
	if (!*s)
		return false;
	*start = s;
	while (*s && (quoted || !is_space(*s))) {
		if (*s == '"')
			quoted = !quoted;
		s++;
	}
	*end = s;
	*p = s;
	return true;
}

/*
 * Whether the word [@start, @end) has the key @key; sets *@value to the
 * character after '=' or to NULL for a bare word.
 */
static bool word_has_key(const char *start, const char *end, const char *key,
			 const char **value)
{
	size_t klen = strlen(key);
	size_t wlen = (size_t)(end - start);

	if (!klen || wlen < klen || memcmp(start, key, klen))
		return false;
	if (wlen == klen) {
		*value = NULL;
		return true;
	}
	if (start[klen] != '=')
		return false;
	*value = start + klen + 1;
	return true;
}

bool frame_cmdline_has_in(const char *line, const char *key)
{
	const char *p = line, *start, *end, *value;

	while (next_word(&p, &start, &end)) {
		if (word_has_key(start, end, key, &value))
			return true;
	}
	return false;
}

/* Copy [@s, @end) into @buf without the quotes, which only group words. */
static int copy_unquoted(const char *s, const char *end, char *buf, size_t size)
{
	size_t n = 0;
	int ret = 0;

	if (!size)
		return -E2BIG;
	for (; s < end; s++) {
		if (*s == '"')
			continue;
		if (n == size - 1) {
			ret = -E2BIG;
			break;
		}
		buf[n++] = *s;
	}
	buf[n] = '\0';
	return ret;
}

size_t frame_cmdline_word_count_in(const char *line)
{
	const char *p = line, *start, *end;
	size_t n = 0;

	while (next_word(&p, &start, &end))
		n++;
	return n;
}

int frame_cmdline_word_in(const char *line, size_t index, char *buf,
			  size_t size)
{
	const char *p = line, *start, *end;

	while (next_word(&p, &start, &end)) {
		if (!index--)
			return copy_unquoted(start, end, buf, size);
	}
	return -ENOENT;
}

int frame_cmdline_get_in(const char *line, const char *key, char *buf,
			 size_t size)
{
	const char *p = line, *start, *end, *value;
	const char *found = NULL, *found_end = NULL;
	bool bare = false;

	while (next_word(&p, &start, &end)) {
		if (!word_has_key(start, end, key, &value))
			continue;
		if (value) {
			found = value;
			found_end = end;
		} else {
			bare = true;
		}
	}
	if (!found)
		return bare ? -ENODATA : -ENOENT;
	return copy_unquoted(found, found_end, buf, size);
}

int frame_parse_u64(const char *s, uint64_t *out)
{
	unsigned int base = 10;
	uint64_t v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned int)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned int)(*s - 'A' + 10);
		else
			return -EINVAL;
		if (v > (~0ull - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

bool frame_cmdline_has(const char *key)
{
	return frame_cmdline_has_in(frame_cmdline(), key);
}

int frame_cmdline_get(const char *key, char *buf, size_t size)
{
	return frame_cmdline_get_in(frame_cmdline(), key, buf, size);
}

size_t frame_cmdline_word_count(void)
{
	return frame_cmdline_word_count_in(frame_cmdline());
}

int frame_cmdline_word(size_t index, char *buf, size_t size)
{
	return frame_cmdline_word_in(frame_cmdline(), index, buf, size);
}

int frame_cmdline_get_u64(const char *key, uint64_t *out)
{
	/* "0x" and 16 digits, or 20 decimal digits, and the NUL. */
	char value[24];
	int ret;

	ret = frame_cmdline_get(key, value, sizeof(value));
	if (ret == -E2BIG)
		return -ERANGE;
	if (ret)
		return ret;
	return frame_parse_u64(value, out);
}
