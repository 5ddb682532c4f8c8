/* SPDX-License-Identifier: MIT */
/* check_private.c - FK-PRIVATE: the members of frame types are the frame's. */
#include <stdlib.h>
#include <string.h>

#include "core/check/check_int.h"
#include "util/xalloc.h"

/*
 * A member whose name ends in '_' of a struct or union that a trusted
 * package's public header declares is private (<frame/compiler.h>). The
 * frame checks an object's state when it is made (vm_reader_init() checks
 * the range) and trusts it afterwards, so a service that could write a
 * reader's position or a timer's links would reach any kernel memory.
 * Every way C has of writing a member is closed here: naming it (`.`,
 * `->`, a designator, offsetof), a positional initialiser that lands on
 * it, a union that overlays it, and bytes written through a `void *` to
 * the object. What the frame's own macros spell (FRAME_WAITQ_INIT) is the
 * frame's: the token that names the member is judged where it was
 * written, so a service's argument to such a macro is still checked.
 */

static bool has_private(struct check_tu *t, CXType ty)
{
	return check_type_traits(t, ty) & CHECK_REC_PRIVATE;
}

/* The name of a field's record, for messages: an anonymous member
 * struct (frame_waitq's list_) is named by the record around it. */
static char *record_name(CXCursor field)
{
	CXCursor rec = clang_getCursorSemanticParent(field);

	for (int depth = 0; depth < 8 && clang_Cursor_isAnonymous(rec);
	     depth++) {
		CXCursor up = clang_getCursorSemanticParent(rec);

		if (clang_getCursorKind(up) != CXCursor_StructDecl &&
		    clang_getCursorKind(up) != CXCursor_UnionDecl)
			break;
		rec = up;
	}
	return check_type_name(clang_getCursorType(rec));
}

/* The hint for a private member of the record around `field`. */
static char *member_hint(struct check_tu *t, CXCursor field)
{
	CXType rec = clang_getCursorType(clang_getCursorSemanticParent(field));
	char *hdr, *h;

	if (check_is_user_addr(t, rec))
		return xstrdup("a user address is opaque: use "
			       "uaddr_from_syscall_arg(), uaddr_value() and "
			       "uaddr_add(), and reach user memory through "
			       "vm_reader/vm_writer or frame_copy_from_user()");
	hdr = check_type_header(t, rec);
	h = xasprintf("members ending in '_' are the frame's: use the "
		      "functions and initialisers of <%s>",
		      hdr ? hdr : "frame/...");
	free(hdr);
	return h;
}

static void report_member(struct check_tu *t, CXCursor field,
			  CXSourceLocation at, const char *how)
{
	char *name = check_cursor_name(field);
	char *rec = record_name(field);
	char *hint = member_hint(t, field);

	check_tu_report(t, CHECK_PRIVATE, at, hint,
			"%s private member '%s' "
			"of '%s'",
			how, name, rec);
	free(name);
	free(rec);
	free(hint);
}

void check_private_member(struct check_tu *t, CXCursor c)
{
	CXCursor field = clang_getCursorReferenced(c);
	CXSourceLocation at = clang_getCursorLocation(c);

	if (!check_field_private(t, field) || check_trusted_macro_at(t, at))
		return;
	/* MemberRefExpr is `.` or `->`; MemberRef a designator or an
	 * offsetof member. */
	report_member(t, field, at,
		      clang_getCursorKind(c) == CXCursor_MemberRefExpr
			      ? "reaches"
			      : "names");
}

/* --- initialiser lists ------------------------------------------------ */

struct list_scan {
	CXCursor el[64];
	unsigned n;
	bool more; /* more than fit in el */
};

static enum CXChildVisitResult list_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct list_scan *s = data;

	(void)parent;
	if (!clang_isExpression(clang_getCursorKind(c)))
		return CXChildVisit_Continue;
	if (s->n < sizeof(s->el) / sizeof(s->el[0]))
		s->el[s->n++] = c;
	else
		s->more = true;
	return CXChildVisit_Continue;
}

/* A designated initialiser (`.a.b = v`, `[i] = v`): libclang shows it as
 * an unexposed expression with the designators and the value as
 * children, where an implicit conversion has one child. */
static bool designated(CXCursor e)
{
	return clang_getCursorKind(e) == CXCursor_UnexposedExpr &&
	       check_kids_of(e).n >= 2;
}

/* Whether an element initialises a whole object of type `ty` (a nested
 * list, or an expression of that type) rather than its first scalar,
 * which C allows with the braces left out. */
static bool whole_object(CXCursor e, CXType ty)
{
	CXCursor s = check_strip(e);
	CXType et = check_type_canon(clang_getCursorType(s));

	ty = check_type_canon(ty);
	if (clang_getCursorKind(s) == CXCursor_InitListExpr)
		return true;
	if (et.kind != ty.kind)
		return false;
	if (ty.kind != CXType_Record)
		return clang_equalTypes(et, ty);
	return clang_equalCursors(
		clang_getCanonicalCursor(clang_getTypeDeclaration(et)),
		clang_getCanonicalCursor(clang_getTypeDeclaration(ty)));
}

static void report_elided(struct check_tu *t, CXCursor e, CXType ty)
{
	CXSourceLocation at = clang_getCursorLocation(e);
	char *tn;

	tn = check_type_name(ty);
	check_tu_report(t, CHECK_PRIVATE, at,
			"initialise the frame object with its init function "
			"or initialiser macro, or with { 0 }",
			"an initialiser with elided braces sets the private "
			"members of '%s'",
			tn);
	free(tn);
}

struct field_list {
	CXCursor f[64];
	unsigned n;
};

static enum CXVisitorResult fields_cb(CXCursor c, CXClientData data)
{
	struct field_list *l = data;

	if (l->n < sizeof(l->f) / sizeof(l->f[0]))
		l->f[l->n++] = c;
	return CXVisit_Continue;
}

/* The position after the field a designator names first, or -1. */
static int designated_pos(CXCursor e, const struct field_list *fl)
{
	struct check_kids k = check_kids_of(e);
	CXCursor first = k.at[0], field;

	if (clang_getCursorKind(first) != CXCursor_MemberRef)
		return -1;
	field = clang_getCanonicalCursor(clang_getCursorReferenced(first));
	for (unsigned i = 0; i < fl->n; i++)
		if (clang_equalCursors(clang_getCanonicalCursor(fl->f[i]),
				       field))
			return (int)i + 1;
	return -1;
}

static void record_list(struct check_tu *t, CXType ty,
			const struct list_scan *s)
{
	struct field_list fl = { .n = 0 };
	bool is_union = clang_getCursorKind(clang_getTypeDeclaration(ty)) ==
			CXCursor_UnionDecl;
	unsigned pos = 0;

	clang_Type_visitFields(ty, fields_cb, &fl);
	for (unsigned i = 0; i < s->n; i++) {
		CXCursor e = s->el[i], f;
		CXType ft;
		int d;

		if (designated(e)) {
			/* The designator itself is checked as a member. */
			d = designated_pos(e, &fl);
			if (d < 0)
				return;
			pos = (unsigned)d;
			continue;
		}
		if (pos >= fl.n || (is_union && pos > 0))
			return;
		f = fl.f[pos++];
		ft = clang_getCursorType(f);
		if (check_field_private(t, f)) {
			report_member(t, f, clang_getCursorLocation(e),
				      "a positional initialiser sets");
		} else if (has_private(t, ft) && !whole_object(e, ft)) {
			/* Braces left out: what follows fills the member's
			 * own members, which this walk does not follow. */
			report_elided(t, e, ft);
			return;
		}
	}
}

static void array_list(struct check_tu *t, CXType ty, const struct list_scan *s)
{
	CXType et = check_type_canon(clang_getArrayElementType(ty));

	if (!has_private(t, et))
		return;
	for (unsigned i = 0; i < s->n; i++) {
		CXCursor v = s->el[i];

		if (designated(v))
			v = check_kids_of(v).last_expr;
		if (!clang_Cursor_isNull(v) && !whole_object(v, et)) {
			report_elided(t, v, et);
			return;
		}
	}
}

/*
 * `{ 0 }` and `{ }` stay allowed: they make every member zero, a state
 * that forges no pointer and that every frame object is in before its
 * init function runs, and they can only start a new object (an existing
 * one is overwritten by assignment, which FK-COPY judges for the types
 * where that matters).
 */
void check_private_init(struct check_tu *t, CXCursor list)
{
	CXType ty = check_type_canon(clang_getCursorType(list));
	struct list_scan s = { .n = 0 };

	/* A list is the frame's when its brace comes from a frame macro
	 * (FRAME_SPINLOCK_INIT); its elements may be macros of their own,
	 * such as `true`, and say nothing about who wrote the list. */
	if (check_trusted_macro_at(t, clang_getCursorLocation(list)))
		return;
	clang_visitChildren(list, list_cb, &s);
	if (s.n == 0 ||
	    (s.n == 1 && !designated(s.el[0]) && check_null_constant(s.el[0])))
		return;
	if (ty.kind == CXType_Record && has_private(t, ty))
		record_list(t, ty, &s);
	else if (check_type_is_array(ty))
		array_list(t, ty, &s);
}

/* --- unions ----------------------------------------------------------- */

static enum CXChildVisitResult count_fields(CXCursor c, CXCursor parent,
					    CXClientData data)
{
	(void)parent;
	if (clang_getCursorKind(c) == CXCursor_FieldDecl)
		(*(unsigned *)data)++;
	return CXChildVisit_Continue;
}

void check_private_union_field(struct check_tu *t, CXCursor c)
{
	CXCursor parent = clang_getCursorSemanticParent(c);
	CXType ty = check_type_canon(clang_getCursorType(c));
	unsigned n = 0;
	char *name, *tn;

	if (clang_getCursorKind(parent) != CXCursor_UnionDecl)
		return;
	while (check_type_is_array(ty))
		ty = check_type_canon(clang_getArrayElementType(ty));
	/* A union member that is a user address is FK-USER's. */
	if (check_is_user_addr(t, ty) || !has_private(t, ty))
		return;
	clang_visitChildren(parent, count_fields, &n);
	if (n < 2)
		return;
	name = check_cursor_name(c);
	tn = check_type_name(ty);
	check_violation(t, CHECK_PRIVATE, c, clang_getCursorLocation(c),
			"keep frame objects out of unions; a tagged struct "
			"with one member per kind does the same job",
			"union member '%s' overlays '%s', which has private "
			"members, with other data",
			name, tn);
	free(name);
	free(tn);
}

/* --- bytes written through void * ------------------------------------- */

/* Whether a call's function takes a length (a size_t): then it writes
 * or reads that many bytes through its `void *` (memcpy, memset,
 * frame_copy_from_user(), vm_reader_read(), frame_page_read()). */
static bool takes_length(CXCursor call)
{
	CXCursor fn = clang_getCursorReferenced(call);
	CXType ft;
	int n;

	if (clang_getCursorKind(fn) != CXCursor_FunctionDecl)
		return true; /* through a pointer: assume the worst */
	ft = check_type_canon(clang_getCursorType(fn));
	n = clang_getNumArgTypes(ft);
	for (int i = 0; i < n; i++)
		if (check_type_canon(clang_getArgType(ft, (unsigned)i)).kind ==
		    CXType_ULong)
			return true;
	return false;
}

/*
 * A pointer to an object with private members becoming a writable
 * `void *`. Bytes can be written into the object through it (memset,
 * memcpy, frame_copy_from_user()), so the conversion is allowed only as
 * the argument of a function that takes no length, which cannot know how
 * much to write: frame_free(), frame_slab_free(). A `const void *` is
 * for reading and stays allowed (memcmp, the source of memcpy).
 */
void check_private_bytes(struct check_tu *t, CXCursor site, CXSourceLocation at,
			 CXType from, CXType to, bool explicit_cast)
{
	CXType s = check_type_canon(from), d = check_type_canon(to), ps, pd;
	char *tn, *fn = NULL;

	if (d.kind != CXType_Pointer)
		return;
	pd = check_type_canon(clang_getPointeeType(d));
	if (pd.kind != CXType_Void || clang_isConstQualifiedType(pd))
		return;
	if (s.kind == CXType_Pointer)
		ps = check_type_canon(clang_getPointeeType(s));
	else if (check_type_is_array(s))
		ps = check_type_canon(clang_getArrayElementType(s));
	else
		return;
	/* A pointer to a user address is FK-USER's, whatever the target. */
	if (!has_private(t, ps) || check_is_user_addr(t, ps))
		return;
	if (!explicit_cast && clang_getCursorKind(site) == CXCursor_CallExpr) {
		if (!takes_length(site))
			return;
		fn = check_cursor_name(clang_getCursorReferenced(site));
	}
	tn = check_type_name(ps);
	if (fn && *fn)
		check_violation(t, CHECK_PRIVATE, site, at,
				"change a frame object only through its "
				"functions; copy plain data, not frame "
				"objects",
				"'%s' writes bytes into '%s', which has "
				"private members",
				fn, tn);
	else
		check_violation(t, CHECK_PRIVATE, site, at,
				"a frame object's address may become 'void *' "
				"only where nothing is written through it, as "
				"frame_free() takes it",
				"'%s *' becomes a writable 'void *', through "
				"which its private members can be written",
				tn);
	free(tn);
	free(fn);
}
