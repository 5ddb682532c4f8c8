/* SPDX-License-Identifier: MIT */
/* kcmdline.c - composing the kernel command line the way Linux reads it. */
#include "core/manifest/kcmdline.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "util/err.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The blanks the kernel splits its command line at. */
static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

long kcmdline_separator(const char *line)
{
	const char *s = line;

	for (;;) {
		const char *start;
		bool quoted = false;

		while (is_blank(*s))
			s++;
		if (!*s)
			return -1;
		start = s;
		while (*s && (quoted || !is_blank(*s))) {
			if (*s == '"')
				quoted = !quoted;
			s++;
		}
		if (s - start == 2 && start[0] == '-' && start[1] == '-')
			return start - line;
	}
}

/* Whether the kernel could read @word back as it is: no quote, no line
 * break, no control byte. */
static bool writable(const char *word)
{
	for (; *word; word++)
		if (*word == '"' || (unsigned char)*word < 0x20 ||
		    *word == 0x7f)
			return false;
	return true;
}

static bool has_blank(const char *s)
{
	return strchr(s, ' ') != NULL;
}

/* Append " WORD", quoting the part after @from when it has a blank. */
static void add_word(struct strbuf *sb, const char *word, size_t from)
{
	if (sb->len && !is_blank(sb->buf[sb->len - 1]))
		strbuf_addch(sb, ' ');
	if (!has_blank(word + from)) {
		strbuf_adds(sb, word);
		return;
	}
	strbuf_add(sb, word, from);
	strbuf_addch(sb, '"');
	strbuf_adds(sb, word + from);
	strbuf_addch(sb, '"');
}

static int check_words(const struct kcmdline_parts *p, struct osdk_err *err)
{
	for (size_t i = 0; i < p->nenv; i++) {
		const char *w = p->env[i], *eq = strchr(w, '=');

		if (!eq || eq == w)
			return err_set(err, -EINVAL,
				       "init environment word '%s' must be "
				       "KEY=VALUE",
				       w);
		if (!writable(w))
			return err_set(err, -EINVAL,
				       "init environment word '%s' cannot be "
				       "put on a kernel command line: it holds "
				       "a double quote or a control character",
				       w);
		if (memchr(w, ' ', (size_t)(eq - w)))
			return err_set(err, -EINVAL,
				       "init environment key in '%s' must not "
				       "hold a blank",
				       w);
	}
	for (size_t i = 0; i < p->nargs; i++) {
		if (!*p->args[i])
			return err_set(err, -EINVAL,
				       "an init argument must not be empty");
		if (!writable(p->args[i]))
			return err_set(err, -EINVAL,
				       "init argument '%s' cannot be put on a "
				       "kernel command line: it holds a double "
				       "quote or a control character",
				       p->args[i]);
	}
	return 0;
}

int kcmdline_compose(const char *base, const struct kcmdline_parts *p,
		     char **out, struct osdk_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	long sep;
	size_t head;
	int ret;

	ret = check_words(p, err);
	if (ret)
		return ret;
	if (!base)
		base = "";
	sep = kcmdline_separator(base);
	head = sep < 0 ? strlen(base) : (size_t)sep;
	/* The base up to its `--`, without the blanks before it. */
	while (head && is_blank(base[head - 1]))
		head--;
	strbuf_add(&sb, base, head);
	if (p->kernel && *p->kernel) {
		if (sb.len)
			strbuf_addch(&sb, ' ');
		strbuf_adds(&sb, p->kernel);
	}
	for (size_t i = 0; i < p->nenv; i++)
		add_word(&sb, p->env[i],
			 (size_t)(strchr(p->env[i], '=') - p->env[i]) + 1);
	if (sep >= 0) {
		/* `--` and what follows it, as written. */
		if (sb.len)
			strbuf_addch(&sb, ' ');
		strbuf_adds(&sb, base + sep);
		strbuf_trim_trailing(&sb);
	} else if (p->nargs) {
		if (sb.len)
			strbuf_addch(&sb, ' ');
		strbuf_adds(&sb, "--");
	}
	for (size_t i = 0; i < p->nargs; i++)
		add_word(&sb, p->args[i], 0);
	*out = strbuf_detach(&sb);
	return 0;
}
