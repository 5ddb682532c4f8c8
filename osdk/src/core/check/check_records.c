/* SPDX-License-Identifier: MIT */
/* check_records.c - what record types hold: private members, no-copy marks. */
#include <stdlib.h>
#include <string.h>

#include "core/check/check_int.h"
#include "util/xalloc.h"

/*
 * FK-PRIVATE and FK-COPY both ask of a type what it holds, transitively:
 * a service's struct that embeds a frame_timer has the timer's private
 * links and its no-copy mark. The answer is kept per record for the rest
 * of the translation unit, by the record's USR.
 */

#define NOCOPY_MACRO "__frame_nocopy"
#define NOCOPY_NOTE  "\"frame_nocopy\""

static CXType strip_arrays(CXType ty)
{
	ty = check_type_canon(ty);
	for (int depth = 0; depth < 16 && check_type_is_array(ty); depth++)
		ty = check_type_canon(clang_getArrayElementType(ty));
	return ty;
}

static bool in_public_header(struct check_tu *t, CXCursor c)
{
	return check_tu_locate(t, clang_getCursorLocation(c), NULL, NULL, NULL)
		       ->kind == CHECK_FILE_PUBLIC;
}

bool check_field_private(struct check_tu *t, CXCursor field)
{
	char *name;
	size_t n;
	bool hit;

	if (clang_getCursorKind(field) != CXCursor_FieldDecl)
		return false;
	name = check_cursor_name(field);
	n = strlen(name);
	/* A field's location lies inside its record's body, so a field in
	 * a public header belongs to a record declared there. */
	hit = n > 1 && name[n - 1] == '_' && in_public_header(t, field);
	free(name);
	return hit;
}

/*
 * Whether a record's definition carries the no-copy mark. The tokens are
 * read rather than the attribute: the checker parses with the compiler's
 * own macros, and under GCC's `__frame_nocopy` expands to nothing
 * (<frame/compiler.h>). The mark stands before the body, so the scan
 * stops at the first brace.
 */
static bool marked_nocopy(struct check_tu *t, CXCursor def)
{
	CXToken *toks = NULL;
	unsigned n = 0;
	bool hit = false;

	clang_tokenize(t->tu, clang_getCursorExtent(def), &toks, &n);
	for (unsigned i = 0; i < n && !hit; i++) {
		CXString sp = clang_getTokenSpelling(t->tu, toks[i]);
		const char *w = clang_getCString(sp);
		bool brace = w && strcmp(w, "{") == 0;

		hit = w && (strcmp(w, NOCOPY_MACRO) == 0 ||
			    strcmp(w, NOCOPY_NOTE) == 0);
		clang_disposeString(sp);
		if (brace)
			break;
	}
	clang_disposeTokens(t->tu, toks, n);
	return hit;
}

static unsigned traits_of(struct check_tu *t, CXType ty, int depth);

struct field_scan {
	struct check_tu *t;
	unsigned traits;
	int depth;
};

static enum CXVisitorResult field_cb(CXCursor c, CXClientData data)
{
	struct field_scan *s = data;

	if (check_field_private(s->t, c))
		s->traits |= CHECK_REC_PRIVATE;
	s->traits |= traits_of(s->t, clang_getCursorType(c), s->depth + 1) &
		     ~(unsigned)CHECK_REC_MARKED;
	return CXVisit_Continue;
}

static unsigned traits_of(struct check_tu *t, CXType ty, int depth)
{
	struct field_scan s = { t, 0, depth };
	CXCursor def;
	CXString usr;
	const char *u;
	unsigned traits = 0;

	ty = strip_arrays(ty);
	if (ty.kind != CXType_Record || depth > 16)
		return 0;
	def = clang_getCursorDefinition(clang_getTypeDeclaration(ty));
	if (clang_Cursor_isNull(def))
		return 0; /* incomplete: nothing of it can be reached */
	usr = clang_getCursorUSR(def);
	u = clang_getCString(usr) ? clang_getCString(usr) : "";
	for (size_t i = 0; *u && i < t->nrecs; i++) {
		if (strcmp(t->recs[i].usr, u) == 0) {
			traits = t->recs[i].traits;
			goto out;
		}
	}
	if (marked_nocopy(t, def))
		s.traits |= CHECK_REC_NOCOPY | CHECK_REC_MARKED;
	clang_Type_visitFields(ty, field_cb, &s);
	traits = s.traits;
	if (*u) {
		XGROW(t->recs, t->caprecs, t->nrecs + 1);
		t->recs[t->nrecs].usr = xstrdup(u);
		t->recs[t->nrecs].traits = traits;
		t->nrecs++;
	}
out:
	clang_disposeString(usr);
	return traits;
}

unsigned check_type_traits(struct check_tu *t, CXType ty)
{
	return traits_of(t, ty, 0);
}

char *check_type_header(struct check_tu *t, CXType ty)
{
	CXCursor decl = clang_getTypeDeclaration(strip_arrays(ty));
	struct check_file *f;
	const char *inc;

	if (clang_Cursor_isNull(decl))
		return NULL;
	f = check_tu_locate(t, clang_getCursorLocation(decl), NULL, NULL, NULL);
	if (f->kind != CHECK_FILE_PUBLIC)
		return NULL;
	/* The last include/ on the path is the package's. */
	inc = NULL;
	for (const char *p = strstr(f->path, "/include/"); p;
	     p = strstr(p + 1, "/include/"))
		inc = p;
	return inc ? xstrdup(inc + strlen("/include/")) : NULL;
}
