/* SPDX-License-Identifier: MIT */
/* check_copy.c - FK-COPY: objects the frame keeps track of are not copied. */
#include <stdlib.h>
#include <string.h>

#include "core/check/check_int.h"
#include "util/xalloc.h"

/*
 * A struct marked __frame_nocopy (<frame/compiler.h>) has an identity: a
 * held lock, a queued waiter, an armed timer, pending work, an open
 * cursor. A copy is a second object the frame knows nothing of, whose
 * links point into the frame's lists, and an assignment over one that is
 * in use breaks those lists. So, for such a type and any type holding
 * one, a service may not assign it, nor read it out of an object (which
 * is how C initialises from another object, passes it by value and
 * returns it). A function's result is not an object: making one with
 * `struct frame_spin_guard g = frame_spin_guard(&l);` stays allowed.
 *
 * libclang shows the read as an implicit conversion of the record type
 * (C's lvalue-to-rvalue conversion) around the expression that names the
 * object; assignments are binary operators of the record type.
 */

static bool nocopy(struct check_tu *t, CXType ty)
{
	ty = check_type_canon(ty);
	return ty.kind == CXType_Record &&
	       (check_type_traits(t, ty) & CHECK_REC_NOCOPY);
}

/* The what of a message: the type, and the marked type it holds when
 * that is another one. */
static char *what(struct check_tu *t, CXType ty);

struct marked_scan {
	struct check_tu *t;
	char *name;
	int depth;
};

static char *marked_inside(struct check_tu *t, CXType ty, int depth);

static enum CXVisitorResult marked_cb(CXCursor c, CXClientData data)
{
	struct marked_scan *s = data;

	s->name = marked_inside(s->t, clang_getCursorType(c), s->depth + 1);
	return s->name ? CXVisit_Break : CXVisit_Continue;
}

/* The name of the first type marked __frame_nocopy inside ty (ty itself
 * included), depth first. */
static char *marked_inside(struct check_tu *t, CXType ty, int depth)
{
	struct marked_scan s = { t, NULL, depth };
	unsigned traits;

	ty = check_type_canon(ty);
	while (ty.kind == CXType_ConstantArray ||
	       ty.kind == CXType_IncompleteArray)
		ty = check_type_canon(clang_getArrayElementType(ty));
	traits = check_type_traits(t, ty);
	if (ty.kind != CXType_Record || depth > 16 ||
	    !(traits & CHECK_REC_NOCOPY))
		return NULL;
	if (traits & CHECK_REC_MARKED)
		return check_type_name(ty);
	clang_Type_visitFields(ty, marked_cb, &s);
	return s.name ? s.name : check_type_name(ty);
}

static char *what(struct check_tu *t, CXType ty)
{
	char *tn = check_type_name(check_type_canon(ty));
	char *inner = marked_inside(t, ty, 0);
	char *r;

	if (inner && strcmp(inner, tn) != 0)
		r = xasprintf("'%s' (it holds a '%s')", tn, inner);
	else
		r = xasprintf("'%s'", tn);
	free(tn);
	free(inner);
	return r;
}

/* Whether the operator of a binary expression is `=`: the first token
 * after its left operand. */
static bool is_assignment(struct check_tu *t, CXCursor op, CXCursor lhs)
{
	CXToken *toks = NULL;
	unsigned n = 0, lhs_end = 0;
	bool hit = false;

	clang_getFileLocation(clang_getRangeEnd(clang_getCursorExtent(lhs)),
			      NULL, NULL, NULL, &lhs_end);
	clang_tokenize(t->tu, clang_getCursorExtent(op), &toks, &n);
	for (unsigned i = 0; i < n; i++) {
		unsigned off = 0;

		clang_getFileLocation(clang_getTokenLocation(t->tu, toks[i]),
				      NULL, NULL, NULL, &off);
		if (off >= lhs_end) {
			CXString sp = clang_getTokenSpelling(t->tu, toks[i]);

			hit = clang_getCString(sp) &&
			      strcmp(clang_getCString(sp), "=") == 0;
			clang_disposeString(sp);
			break;
		}
	}
	clang_disposeTokens(t->tu, toks, n);
	return hit;
}

void check_copy_assign(struct check_tu *t, CXCursor op)
{
	CXType ty = clang_getCursorType(op);
	struct check_kids k;
	char *w;

	if (!nocopy(t, ty))
		return;
	k = check_kids_of(op);
	if (k.nexpr != 2 || !is_assignment(t, op, k.at[0]))
		return;
	w = what(t, ty);
	check_violation(t, CHECK_COPY, op, clang_getCursorLocation(op), NULL,
			"assigns %s, which must not be copied", w);
	free(w);
}

void check_copy_read(struct check_tu *t, CXCursor c, CXCursor parent)
{
	struct check_kids k = check_kids_of(c);
	CXType ty = clang_getCursorType(c);
	enum CXCursorKind pk = clang_getCursorKind(parent), sk;
	const char *how;
	char *w;

	if (k.n != 1 || k.nexpr != 1 || !nocopy(t, ty))
		return;
	sk = clang_getCursorKind(check_strip(k.last_expr));
	/* A compound literal is a new object, not a copy of one; a call's
	 * result is never read out of an object. */
	if (sk == CXCursor_CompoundLiteralExpr || sk == CXCursor_CallExpr)
		return;
	/* `(void)obj` reads nothing; an assignment is reported whole. */
	if (pk == CXCursor_CStyleCastExpr &&
	    check_type_canon(clang_getCursorType(parent)).kind == CXType_Void)
		return;
	if (pk == CXCursor_BinaryOperator &&
	    check_type_canon(clang_getCursorType(parent)).kind == CXType_Record)
		return;
	switch (pk) {
	case CXCursor_CallExpr:
		how = "passes a copy of";
		break;
	case CXCursor_ReturnStmt:
		how = "returns a copy of";
		break;
	case CXCursor_VarDecl:
		how = "initialises from another object of";
		break;
	default:
		how = "copies";
		break;
	}
	w = what(t, ty);
	check_violation(t, CHECK_COPY, c, clang_getCursorLocation(c), NULL,
			"%s %s, which must not be copied", how, w);
	free(w);
}

/* Whether an expression names an existing object (an lvalue C would
 * read a copy out of), as opposed to making a new value. */
static bool names_object(CXCursor e)
{
	switch (clang_getCursorKind(check_strip(e))) {
	case CXCursor_DeclRefExpr:
	case CXCursor_MemberRefExpr:
	case CXCursor_UnaryOperator:
	case CXCursor_ArraySubscriptExpr:
		return true;
	default:
		return false;
	}
}

static enum CXChildVisitResult init_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct check_tu *t = data;
	CXCursor v = c;
	char *w;

	(void)parent;
	if (!clang_isExpression(clang_getCursorKind(c)))
		return CXChildVisit_Continue;
	/* A designated element: the value is its last child. */
	if (clang_getCursorKind(c) == CXCursor_UnexposedExpr &&
	    check_kids_of(c).n >= 2)
		v = check_kids_of(c).last_expr;
	if (clang_Cursor_isNull(v) || !nocopy(t, clang_getCursorType(v)) ||
	    !names_object(v))
		return CXChildVisit_Continue;
	w = what(t, clang_getCursorType(v));
	check_violation(t, CHECK_COPY, v, clang_getCursorLocation(v), NULL,
			"initialises a member from another object of %s, "
			"which must not be copied",
			w);
	free(w);
	return CXChildVisit_Continue;
}

/*
 * The elements of an initialiser list: libclang shows the list as it was
 * written, without the conversion that reads an element's value out of
 * an object, so the copies are found by what the elements name.
 */
void check_copy_init(struct check_tu *t, CXCursor list)
{
	clang_visitChildren(list, init_cb, t);
}
