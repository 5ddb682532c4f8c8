/* SPDX-License-Identifier: MIT */
/* junit.c - test results as JUnit XML, the report CI servers read. */
#include "core/boot/junit.h"

#include <stdint.h>
#include <string.h>

#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"

/* The length of the well-formed UTF-8 sequence at @s (at most @left bytes
 * long), or 0 when it is not one: overlong forms, surrogates and values
 * past U+10FFFF included, as an XML parser rejects them. */
static size_t utf8_len(const unsigned char *s, size_t left)
{
	uint32_t cp;
	size_t len;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > left)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff || cp == 0xfffe ||
	    cp == 0xffff)
		return 0;
	return len;
}

/* @s as XML character data or an attribute value. Control characters XML
 * 1.0 forbids and bytes that are not UTF-8 become U+FFFD: a kernel's console
 * may print anything, and one such byte would make the whole report
 * unreadable. In attributes, line ends are kept as character references. */
static void add_escaped(struct strbuf *out, const char *s, bool attr)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s);

	while (left) {
		size_t len = utf8_len(p, left);

		if (!len) {
			strbuf_adds(out, "\xef\xbf\xbd");
			p++, left--;
			continue;
		}
		switch (*p) {
		case '&':
			strbuf_adds(out, "&amp;");
			break;
		case '<':
			strbuf_adds(out, "&lt;");
			break;
		case '>':
			strbuf_adds(out, "&gt;");
			break;
		case '"':
			strbuf_adds(out, attr ? "&quot;" : "\"");
			break;
		case '\n':
			strbuf_adds(out, attr ? "&#10;" : "\n");
			break;
		case '\r':
			strbuf_adds(out, "&#13;");
			break;
		case '\t':
			strbuf_adds(out, attr ? "&#9;" : "\t");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				strbuf_adds(out, "\xef\xbf\xbd");
			else
				strbuf_add(out, p, len);
		}
		p += len;
		left -= len;
	}
}

static void add_attr(struct strbuf *out, const char *key, const char *value)
{
	strbuf_addf(out, " %s=\"", key);
	add_escaped(out, value, true);
	strbuf_addch(out, '"');
}

static void add_case(struct strbuf *out, const struct junit_case *c)
{
	strbuf_adds(out, "    <testcase");
	add_attr(out, "name", c->name);
	add_attr(out, "classname", c->pkg);
	if (c->file) {
		add_attr(out, "file", c->file);
		strbuf_addf(out, " line=\"%u\"", c->line);
	}
	if (!c->failed && !c->output) {
		strbuf_adds(out, "/>\n");
		return;
	}
	strbuf_adds(out, ">\n");
	if (c->failed) {
		const char *msg = c->message ? c->message : c->kind;

		strbuf_adds(out, "      <failure");
		add_attr(out, "message", msg ? msg : "failed");
		add_attr(out, "type", c->kind ? c->kind : "fail");
		strbuf_addch(out, '>');
		if (c->file) {
			add_escaped(out, c->file, false);
			strbuf_addf(out, ":%u: ", c->line);
		}
		add_escaped(out, msg ? msg : "failed", false);
		strbuf_adds(out, "</failure>\n");
	}
	if (c->output) {
		strbuf_adds(out, "      <system-out>");
		add_escaped(out, c->output, false);
		strbuf_adds(out, "</system-out>\n");
	}
	strbuf_adds(out, "    </testcase>\n");
}

static void count(const struct junit_case *v, size_t n, const char *pkg,
		  size_t *tests, size_t *failures)
{
	*tests = *failures = 0;
	for (size_t i = 0; i < n; i++) {
		if (pkg && strcmp(v[i].pkg, pkg))
			continue;
		++*tests;
		*failures += v[i].failed;
	}
}

void junit_render(const char *name, const struct junit_case *v, size_t n,
		  struct strbuf *out)
{
	size_t tests, failures;

	count(v, n, NULL, &tests, &failures);
	strbuf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	strbuf_adds(out, "<testsuites");
	add_attr(out, "name", name);
	strbuf_addf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
		    tests, failures);
	for (size_t i = 0; i < n; i++) {
		bool seen = false;

		/* A package's suite is written where it first appears. */
		for (size_t k = 0; k < i && !seen; k++)
			seen = !strcmp(v[k].pkg, v[i].pkg);
		if (seen)
			continue;
		count(v, n, v[i].pkg, &tests, &failures);
		strbuf_adds(out, "  <testsuite");
		add_attr(out, "name", v[i].pkg);
		strbuf_addf(out,
			    " tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
			    "skipped=\"0\">\n",
			    tests, failures);
		for (size_t k = i; k < n; k++)
			if (!strcmp(v[k].pkg, v[i].pkg))
				add_case(out, &v[k]);
		strbuf_adds(out, "  </testsuite>\n");
	}
	strbuf_adds(out, "</testsuites>\n");
}

int junit_write(const char *path, const char *name, const struct junit_case *v,
		size_t n, struct osdk_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	junit_render(name, v, n, &sb);
	ret = fs_write_atomic(path, sb.buf, sb.len, err);
	strbuf_release(&sb);
	return ret;
}
