/* SPDX-License-Identifier: MIT */
/* tcb_proved.c - which of a trusted package's lines `osdk prove` covers. */
#include "core/check/tcb.h"

#include <stdlib.h>
#include <string.h>

#include "core/manifest/manifest.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"

/* The files osdk prove reads are sources of the package, as small as any. */
#define TCB_PROVED_FILE_MAX (16u << 20)

static bool listed(const struct manifest_prove *pv, const char *name,
		   size_t len)
{
	for (size_t i = 0; i < pv->nfunctions; i++)
		if (strlen(pv->functions[i]) == len &&
		    memcmp(pv->functions[i], name, len) == 0)
			return true;
	return false;
}

/* The end of the line that starts at `p`, past its newline. */
static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl + 1 : end;
}

/*
 * The name of the function a definition line declares, or NULL: a line at
 * column 0 that is not a comment or a directive and holds `name(` without
 * ending in ';' (a prototype). The kernel's style puts a definition's
 * opening brace on the next line at column 0 and its closing brace alone
 * at column 0, which is what the caller looks for.
 */
static const char *def_name(const char *p, const char *e, size_t *len)
{
	const char *paren, *n;

	if (p == e || p[0] == ' ' || p[0] == '\t' || p[0] == '#' ||
	    p[0] == '/' || p[0] == '*' || p[0] == '{' || p[0] == '}')
		return NULL;
	while (e > p && (e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (e > p && e[-1] == ';')
		return NULL;
	paren = memchr(p, '(', (size_t)(e - p));
	if (!paren)
		return NULL;
	n = paren;
	while (n > p && (n[-1] == '_' || (n[-1] >= 'a' && n[-1] <= 'z') ||
			 (n[-1] >= 'A' && n[-1] <= 'Z') ||
			 (n[-1] >= '0' && n[-1] <= '9')))
		n--;
	*len = (size_t)(paren - n);
	return *len ? n : NULL;
}

/* Whether [p, e) is a return type written above a definition's name: at
 * column 0, not a comment, directive or brace, with no '(' and no ';'. */
static bool return_type_line(const char *p, const char *e)
{
	if (p == e || p[0] == ' ' || p[0] == '\t' || p[0] == '\n' ||
	    p[0] == '#' || p[0] == '/' || p[0] == '*' || p[0] == '{' ||
	    p[0] == '}')
		return false;
	return !memchr(p, '(', (size_t)(e - p)) &&
	       !memchr(p, ';', (size_t)(e - p));
}

/* Production lines of the listed functions' definitions in one file. */
static unsigned long count_functions(const struct manifest_prove *pv,
				     const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	unsigned long lines = 0;

	const char *prev = NULL;

	while (p < end) {
		const char *e = line_end(p, end), *name, *q, *from = p;
		size_t nlen;

		name = def_name(p, e, &nlen);
		if (!name || !listed(pv, name, nlen)) {
			prev = p;
			p = e;
			continue;
		}
		/* A return type on a line of its own belongs to it. */
		if (prev && return_type_line(prev, p))
			from = prev;
		/* The definition runs to the first `}` alone at column 0. */
		for (q = e; q < end; q = line_end(q, end))
			if (q[0] == '}' && (q + 1 == end || q[1] == '\n'))
				break;
		q = q < end ? line_end(q, end) : end;
		lines += tcb_count_lines(from, (size_t)(q - from));
		prev = NULL;
		p = q;
	}
	return lines;
}

int tcb_proved_lines(const struct ws_pkg *pkg, unsigned long *lines,
		     struct osdk_err *err)
{
	const struct manifest_prove *pv = &pkg->m->prove;
	int ret = 0;

	*lines = 0;
	for (size_t i = 0; i < pv->nfiles && !ret; i++) {
		struct strbuf sb = STRBUF_INIT;
		char *path = fs_join(pkg->dir, pv->files[i]);

		ret = fs_read_max(path, &sb, TCB_PROVED_FILE_MAX, err);
		if (!ret)
			*lines += pv->nfunctions
					  ? count_functions(pv, sb.buf, sb.len)
					  : tcb_count_lines(sb.buf, sb.len);
		strbuf_release(&sb);
		free(path);
	}
	return ret;
}
