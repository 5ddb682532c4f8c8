/* SPDX-License-Identifier: MIT */
/* check_cursor.c - libclang cursors: names, children, where they come from. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/check/check_int.h"
#include "core/manifest/manifest.h"
#include "core/resolve/workspace.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "util/sort.h"

/* --- small libclang helpers ------------------------------------------- */

char *check_cursor_name(CXCursor c)
{
	CXString s = clang_getCursorSpelling(c);
	char *r = xstrdup(clang_getCString(s) ? clang_getCString(s) : "");

	clang_disposeString(s);
	return r;
}

char *check_type_name(CXType t)
{
	CXString s = clang_getTypeSpelling(t);
	char *r = xstrdup(clang_getCString(s) ? clang_getCString(s) : "");

	clang_disposeString(s);
	return r;
}

static enum CXChildVisitResult kids_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct check_kids *k = data;

	(void)parent;
	if (k->n < 3)
		k->at[k->n] = c;
	k->n++;
	if (clang_isExpression(clang_getCursorKind(c))) {
		k->nexpr++;
		k->last_expr = c;
	}
	return CXChildVisit_Continue;
}

struct check_kids check_kids_of(CXCursor c)
{
	struct check_kids k = { 0 };

	k.last_expr = clang_getNullCursor();
	clang_visitChildren(c, kids_cb, &k);
	return k;
}

/* An expression with parentheses and implicit conversions taken off. */
CXCursor check_strip(CXCursor e)
{
	for (int depth = 0; depth < 64; depth++) {
		enum CXCursorKind k = clang_getCursorKind(e);
		struct check_kids kd;

		if (k != CXCursor_ParenExpr && k != CXCursor_UnexposedExpr)
			break;
		kd = check_kids_of(e);
		if (kd.n != 1 || kd.nexpr != 1)
			break;
		e = kd.last_expr;
	}
	return e;
}

/* --- where a construct comes from ------------------------------------- */

int check_expansion_cmp(const void *a, const void *b)
{
	const struct check_expansion *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static const struct check_expansion *expansion_at(struct check_tu *t,
						  CXSourceLocation l)
{
	struct check_expansion key = { 0 };
	struct check_file *f = check_tu_locate(t, l, NULL, NULL, &key.offset);

	if (f == &t->nofile || !t->nexps)
		return NULL;
	key.file = f->index;
	return bsearch(&key, t->exps, t->nexps, sizeof(key),
		       check_expansion_cmp);
}

/*
 * Whether the construct at c was written by a trusted macro's body (see
 * the top of this file). Otherwise *own names the service macro it came
 * from, if any, for the hint.
 */
static bool from_trusted_macro(struct check_tu *t, CXCursor c, const char **own)
{
	CXSourceLocation at[2] = {
		clang_getCursorLocation(c),
		clang_getRangeStart(clang_getCursorExtent(c)),
	};

	*own = NULL;
	for (int i = 0; i < 2; i++) {
		const struct check_expansion *e = expansion_at(t, at[i]);

		if (e && e->trusted)
			return true;
		if (e)
			*own = e->name;
	}
	return false;
}

bool check_trusted_macro_at(struct check_tu *t, CXSourceLocation l)
{
	const struct check_expansion *e = expansion_at(t, l);

	return e && e->trusted;
}

/* The hint for a violation that a service macro's expansion made. */
static char *macro_hint(enum check_rule rule, const char *own)
{
	if (!own)
		return NULL;
	return xasprintf("it comes from this package's macro '%s'; %s (a "
			 "frame macro used inside a service macro counts as "
			 "the service's: make '%s' a static inline function)",
			 own, check_rule_info(rule)->hint, own);
}

/*
 * Report a violation at `at` unless the construct `site` comes from a
 * trusted macro's body.
 */
void check_violation(struct check_tu *t, enum check_rule rule, CXCursor site,
		     CXSourceLocation at, const char *hint, const char *fmt,
		     ...)
{
	const char *own;
	char *mh;
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	if (from_trusted_macro(t, site, &own))
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	mh = hint ? NULL : macro_hint(rule, own);
	check_tu_report(t, rule, at, hint ? hint : mh, "%s", msg.buf);
	free(mh);
	strbuf_release(&msg);
}
