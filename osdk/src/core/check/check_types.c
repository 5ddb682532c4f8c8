/* SPDX-License-Identifier: MIT */
/* check_types.c - rules on types: volatile, VLAs, conversions, uaddr_t. */
#include <stdlib.h>
#include <string.h>

#include "core/check/check_int.h"
#include "util/xalloc.h"

/* The opaque user-address type of <frame/user.h>, by canonical spelling. */
static const char *const user_addr_types[] = { "uaddr_t", "struct uaddr",
					       NULL };

CXType check_type_canon(CXType t)
{
	return clang_getCanonicalType(t);
}

static bool is_integer(CXType t)
{
	return (t.kind >= CXType_Bool && t.kind <= CXType_Int128) ||
	       t.kind == CXType_Enum;
}

static bool is_char(CXType t)
{
	return t.kind == CXType_Char_U || t.kind == CXType_UChar ||
	       t.kind == CXType_Char_S || t.kind == CXType_SChar;
}

/* Integer types that differ only in signedness share a class. */
static int width_class(CXType t)
{
	switch (t.kind) {
	case CXType_Short:
	case CXType_UShort:
		return 1;
	case CXType_Int:
	case CXType_UInt:
		return 2;
	case CXType_Long:
	case CXType_ULong:
		return 3;
	case CXType_LongLong:
	case CXType_ULongLong:
		return 4;
	case CXType_Int128:
	case CXType_UInt128:
		return 5;
	default:
		return 0;
	}
}

bool check_type_is_array(CXType t)
{
	return t.kind == CXType_ConstantArray ||
	       t.kind == CXType_IncompleteArray ||
	       t.kind == CXType_VariableArray ||
	       t.kind == CXType_DependentSizedArray;
}

static bool is_function(CXType t)
{
	return t.kind == CXType_FunctionProto ||
	       t.kind == CXType_FunctionNoProto;
}

/* Whether two canonical types are one type once the outermost
 * qualifiers (const, volatile, restrict) are set aside. */
bool check_type_same_unqual(CXType a, CXType b)
{
	if (a.kind != b.kind)
		return false;
	switch (a.kind) {
	case CXType_Pointer:
		return clang_equalTypes(
			check_type_canon(clang_getPointeeType(a)),
			check_type_canon(clang_getPointeeType(b)));
	case CXType_Record:
	case CXType_Enum:
		return clang_equalCursors(
			clang_getCanonicalCursor(clang_getTypeDeclaration(a)),
			clang_getCanonicalCursor(clang_getTypeDeclaration(b)));
	case CXType_ConstantArray:
		if (clang_getArraySize(a) != clang_getArraySize(b))
			return false;
		/* fallthrough */
	case CXType_IncompleteArray:
	case CXType_VariableArray:
		return clang_equalTypes(
			check_type_canon(clang_getArrayElementType(a)),
			check_type_canon(clang_getArrayElementType(b)));
	case CXType_FunctionProto:
	case CXType_FunctionNoProto:
		return clang_equalTypes(a, b);
	default:
		/* Builtin types are equal by kind. */
		return a.kind < CXType_FirstBuiltin ||
				       a.kind > CXType_LastBuiltin
			       ? clang_equalTypes(a, b)
			       : true;
	}
}

bool check_is_user_addr(struct check_tu *t, CXType ty)
{
	CXCursor decl;
	char *name;
	bool hit;

	ty = check_type_canon(ty);
	if (ty.kind != CXType_Record)
		return false;
	decl = clang_getTypeDeclaration(ty);
	if (!check_kind_trusted(check_tu_locate(t,
						clang_getCursorLocation(decl),
						NULL, NULL, NULL)
					->kind))
		return false;
	name = check_type_name(ty);
	hit = false;
	for (size_t i = 0; user_addr_types[i]; i++)
		hit |= strcmp(user_addr_types[i], name) == 0;
	free(name);
	return hit;
}

/* --- types: FK-VOLATILE and FK-VLA ------------------------------------ */

enum { TYPE_VOLATILE = 1, TYPE_VLA = 2 };

/*
 * What a type as written contains. A typedef is not looked into: the one
 * in a service is checked where it is declared, and the frame's are the
 * frame's. A volatile added to a typedef name is the user's own, though.
 */
static unsigned type_flags(CXType ty, int depth)
{
	unsigned f = 0;

	if (depth > 32 || ty.kind == CXType_Invalid)
		return 0;
	if (clang_isVolatileQualifiedType(ty)) {
		if (ty.kind != CXType_Typedef)
			f |= TYPE_VOLATILE;
		else if (!clang_isVolatileQualifiedType(check_type_canon(
				 clang_getTypedefDeclUnderlyingType(
					 clang_getTypeDeclaration(ty)))))
			f |= TYPE_VOLATILE;
	}
	switch (ty.kind) {
	case CXType_Pointer:
		return f | type_flags(clang_getPointeeType(ty), depth + 1);
	case CXType_VariableArray:
		f |= TYPE_VLA;
		/* fallthrough */
	case CXType_ConstantArray:
	case CXType_IncompleteArray:
	case CXType_DependentSizedArray:
		return f | type_flags(clang_getArrayElementType(ty), depth + 1);
	case CXType_Elaborated:
		return f | type_flags(clang_Type_getNamedType(ty), depth + 1);
	case CXType_Attributed:
		return f |
		       type_flags(clang_Type_getModifiedType(ty), depth + 1);
	case CXType_FunctionProto:
	case CXType_FunctionNoProto:
		f |= type_flags(clang_getResultType(ty), depth + 1);
		for (int i = 0; i < clang_getNumArgTypes(ty); i++)
			f |= type_flags(clang_getArgType(ty, (unsigned)i),
					depth + 1);
		return f;
	default:
		return f;
	}
}

void check_type_rule(struct check_tu *t, CXCursor c, CXType ty,
		     const char *what)
{
	unsigned f = type_flags(ty, 0);
	char *tn;

	if (!f)
		return;
	tn = check_type_name(ty);
	if (f & TYPE_VOLATILE)
		check_violation(t, CHECK_VOLATILE, c,
				clang_getCursorLocation(c), NULL,
				"%s has volatile type '%s'", what, tn);
	if (f & TYPE_VLA)
		check_violation(t, CHECK_VLA, c, clang_getCursorLocation(c),
				NULL, "%s has variable-length array type '%s'",
				what, tn);
	free(tn);
}

void check_decl_type(struct check_tu *t, CXCursor c)
{
	enum CXCursorKind k = clang_getCursorKind(c);
	char *name = check_cursor_name(c);
	char *what;

	if (k == CXCursor_TypedefDecl) {
		what = xasprintf("typedef '%s'", name);
		check_type_rule(t, c, clang_getTypedefDeclUnderlyingType(c),
				what);
	} else if (k == CXCursor_FunctionDecl) {
		what = xasprintf("the result of '%s'", name);
		check_type_rule(t, c, clang_getCursorResultType(c), what);
	} else {
		what = *name ? xasprintf("'%s'", name)
			     : xstrdup("an unnamed parameter");
		check_type_rule(t, c, clang_getCursorType(c), what);
	}
	free(what);
	free(name);
}

/* --- conversions: FK-INT-TO-PTR, FK-PTR-TO-INT, FK-PTR-CAST, FK-FN-CAST,
 * and the FK-USER part about pointers to user addresses ----------------- */

/* Whether e is a null pointer constant: 0, or (void *)0 as NULL is. */
bool check_null_constant(CXCursor e)
{
	CXEvalResult r;
	bool zero = false;

	for (int depth = 0; depth < 8; depth++) {
		e = check_strip(e);
		if (clang_getCursorKind(e) != CXCursor_CStyleCastExpr)
			break;
		{
			CXType ty = check_type_canon(clang_getCursorType(e));

			if (ty.kind != CXType_Pointer ||
			    check_type_canon(clang_getPointeeType(ty)).kind !=
				    CXType_Void)
				return false;
		}
		e = check_kids_of(e).last_expr;
	}
	if (!is_integer(check_type_canon(clang_getCursorType(e))))
		return false;
	r = clang_Cursor_Evaluate(e);
	if (!r)
		return false;
	zero = clang_EvalResult_getKind(r) == CXEval_Int &&
	       clang_EvalResult_getAsLongLong(r) == 0;
	clang_EvalResult_dispose(r);
	return zero;
}

struct attr_scan {
	CXTranslationUnit tu;
	bool malloc_attr;
};

static enum CXChildVisitResult attr_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct attr_scan *s = data;
	CXToken *toks = NULL;
	unsigned n = 0;

	(void)parent;
	if (!clang_isAttribute(clang_getCursorKind(c)))
		return CXChildVisit_Continue;
	clang_tokenize(s->tu, clang_getCursorExtent(c), &toks, &n);
	for (unsigned i = 0; i < n; i++) {
		CXString sp = clang_getTokenSpelling(s->tu, toks[i]);

		if (clang_getCString(sp) &&
		    strstr(clang_getCString(sp), "malloc"))
			s->malloc_attr = true;
		clang_disposeString(sp);
	}
	clang_disposeTokens(s->tu, toks, n);
	return CXChildVisit_Continue;
}

/* Whether a function name says it allocates: frame_alloc, frame_zalloc,
 * frame_calloc, frame_slab_alloc. */
static bool alloc_name(const char *name)
{
	size_t n = strlen(name);

	return n >= 5 && strcmp(name + n - 5, "alloc") == 0;
}

/*
 * Whether e is a call of the frame's allocator: a function of the frame's
 * public API that returns void * and either carries GCC's malloc attribute
 * or is named like one (its name ends in "alloc").
 */
static bool allocator_call(struct check_tu *t, CXCursor e)
{
	CXCursor fn;
	struct attr_scan s = { t->tu, false };
	CXType rt;
	char *name;
	bool named;

	e = check_strip(e);
	if (clang_getCursorKind(e) != CXCursor_CallExpr)
		return false;
	fn = clang_getCursorReferenced(e);
	if (clang_Cursor_isNull(fn) ||
	    clang_getCursorKind(fn) != CXCursor_FunctionDecl)
		return false;
	if (check_tu_locate(t, clang_getCursorLocation(fn), NULL, NULL, NULL)
		    ->kind != CHECK_FILE_PUBLIC)
		return false;
	rt = check_type_canon(clang_getCursorResultType(fn));
	if (rt.kind != CXType_Pointer ||
	    check_type_canon(clang_getPointeeType(rt)).kind != CXType_Void)
		return false;
	name = check_cursor_name(fn);
	named = alloc_name(name);
	free(name);
	if (named)
		return true;
	clang_visitChildren(fn, attr_cb, &s);
	if (!s.malloc_attr)
		clang_visitChildren(clang_getCanonicalCursor(fn), attr_cb, &s);
	return s.malloc_attr;
}

/* Whether a void * operand may become a pointer to `to`: it is NULL, an
 * allocator's result, or a choice between such (or already of type to). */
static bool fresh_memory(struct check_tu *t, CXCursor e, CXType to, int depth)
{
	CXCursor s = check_strip(e);

	if (check_null_constant(s) || allocator_call(t, s))
		return true;
	if (depth < 8 &&
	    clang_getCursorKind(s) == CXCursor_ConditionalOperator) {
		struct check_kids k = check_kids_of(s);

		if (k.n != 3)
			return false;
		for (int i = 1; i < 3; i++) {
			CXType bt = check_type_canon(
				clang_getCursorType(check_strip(k.at[i])));

			if (bt.kind == CXType_Pointer &&
			    check_type_same_unqual(
				    check_type_canon(clang_getPointeeType(bt)),
				    to))
				continue;
			if (!fresh_memory(t, k.at[i], to, depth + 1))
				return false;
		}
		return true;
	}
	return false;
}

/*
 * One conversion from `from` to `to` of the expression `operand`: a cast
 * the service wrote (`site` is the cast) or one C makes implicitly (`site`
 * is the expression that needs it). Reported at `at`.
 */
/* A conversion under check: where it is, how it is written, its types. */
struct conv {
	struct check_tu *t;
	CXCursor site;
	CXSourceLocation at;
	CXCursor operand;
	const char *how;     /* "cast" or "conversion" */
	CXType s, d;	     /* the canonical source and destination types */
	const char *fs, *ts; /* their names as written */
};

/*
 * A conversion to or from a function or a function pointer: only the
 * null constant, or the same function type, may be converted. False when
 * neither side is a function.
 */
static bool check_fn_conversion(const struct conv *c)
{
	CXType s = c->s, d = c->d;
	bool sfn = is_function(s) ||
		   (s.kind == CXType_Pointer &&
		    is_function(check_type_canon(clang_getPointeeType(s))));
	bool dfn = d.kind == CXType_Pointer &&
		   is_function(check_type_canon(clang_getPointeeType(d)));
	CXType sf;

	if (!sfn && !dfn)
		return false;
	sf = is_function(s) ? s : check_type_canon(clang_getPointeeType(s));
	if (is_integer(s) && check_null_constant(c->operand))
		return true;
	if (sfn && dfn &&
	    clang_equalTypes(sf, check_type_canon(clang_getPointeeType(d))))
		return true;
	check_violation(c->t, CHECK_FN_CAST, c->site, c->at, NULL,
			"%s from '%s' to '%s'", c->how, c->fs, c->ts);
	return true;
}

/*
 * A conversion from an object pointer or an array to an object pointer:
 * untyped memory that becomes typed, a pointee of another type, a const
 * dropped.
 */
static void check_ptr_conversion(const struct conv *c)
{
	CXType s = c->s;
	CXType ps = check_type_canon(s.kind == CXType_Pointer
					     ? clang_getPointeeType(s)
					     : clang_getArrayElementType(s));
	CXType pd = check_type_canon(clang_getPointeeType(c->d));
	bool drops_const = clang_isConstQualifiedType(ps) &&
			   !clang_isConstQualifiedType(pd);

	if (ps.kind == CXType_Void && pd.kind != CXType_Void &&
	    !fresh_memory(c->t, c->operand, pd, 0)) {
		check_violation(c->t, CHECK_PTR_CAST, c->site, c->at,
				"only memory fresh from the frame's "
				"allocator may become typed; keep the "
				"typed pointer, or embed a member and use "
				"container_of()",
				"%s from '%s' to '%s' gives untyped memory a "
				"type",
				c->how, c->fs, c->ts);
	} else if (pd.kind != CXType_Void && ps.kind != CXType_Void &&
		   !check_type_same_unqual(ps, pd) &&
		   !(is_char(ps) && is_char(pd)) &&
		   !(width_class(ps) && width_class(ps) == width_class(pd))) {
		check_violation(c->t, CHECK_PTR_CAST, c->site, c->at, NULL,
				"%s from '%s' to '%s' changes what the "
				"pointer points to",
				c->how, c->fs, c->ts);
	} else if (drops_const) {
		check_violation(c->t, CHECK_PTR_CAST, c->site, c->at,
				"keep the const: what a const pointer "
				"reaches may be read-only",
				"%s from '%s' to '%s' discards 'const'", c->how,
				c->fs, c->ts);
	}
}

void check_conversion(struct check_tu *t, CXCursor site, CXSourceLocation at,
		      CXType from, CXType to, CXCursor operand,
		      bool explicit_cast)
{
	CXType s = check_type_canon(from), d = check_type_canon(to);
	struct conv c = {
		.t = t,
		.site = site,
		.at = at,
		.operand = operand,
		.how = explicit_cast ? "cast" : "conversion",
		.s = s,
		.d = d,
	};
	char *fs, *ts;

	if (s.kind == CXType_Invalid || d.kind == CXType_Invalid ||
	    s.kind == CXType_Unexposed || d.kind == CXType_Unexposed ||
	    d.kind == CXType_Void || d.kind == CXType_Bool ||
	    clang_equalTypes(s, d))
		return;
	check_private_bytes(t, site, at, from, to, explicit_cast);
	c.fs = fs = check_type_name(from);
	c.ts = ts = check_type_name(to);
	if (s.kind == CXType_Pointer &&
	    check_is_user_addr(t, clang_getPointeeType(s)) &&
	    !(d.kind == CXType_Pointer &&
	      check_type_same_unqual(
		      check_type_canon(clang_getPointeeType(s)),
		      check_type_canon(clang_getPointeeType(d))))) {
		check_violation(
			t, CHECK_USER, site, at, NULL,
			"%s of a pointer to a user address ('%s') to '%s'",
			c.how, fs, ts);
	} else if (check_fn_conversion(&c)) {
		/* reported there, or allowed */
	} else if (d.kind == CXType_Pointer && is_integer(s)) {
		if (!check_null_constant(operand))
			check_violation(
				t, CHECK_INT_TO_PTR, site, at, NULL,
				"%s from integer type '%s' to pointer type "
				"'%s'",
				c.how, fs, ts);
	} else if (s.kind == CXType_Pointer && is_integer(d)) {
		check_violation(
			t, CHECK_PTR_TO_INT, site, at, NULL,
			"%s from pointer type '%s' to integer type '%s'", c.how,
			fs, ts);
	} else if (d.kind == CXType_Pointer &&
		   (s.kind == CXType_Pointer || check_type_is_array(s))) {
		check_ptr_conversion(&c);
	}
	free(fs);
	free(ts);
}

/* --- FK-USER: unions that hold a user address --------------------- */

void check_union_field(struct check_tu *t, CXCursor c)
{
	CXCursor parent = clang_getCursorSemanticParent(c);
	CXType ty = check_type_canon(clang_getCursorType(c));

	if (clang_getCursorKind(parent) != CXCursor_UnionDecl)
		return;
	while (check_type_is_array(ty))
		ty = check_type_canon(clang_getArrayElementType(ty));
	if (check_is_user_addr(t, ty)) {
		char *name = check_cursor_name(c);

		check_violation(
			t, CHECK_USER, c, clang_getCursorLocation(c), NULL,
			"union member '%s' lets a user address be read as "
			"something else",
			name);
		free(name);
	}
}

void check_implicit(struct check_tu *t, CXCursor c, CXCursor parent)
{
	struct check_kids k = check_kids_of(c);
	CXType from, to = clang_getCursorType(c);
	char *fs;
	bool va;

	if (k.n != 1 || k.nexpr != 1)
		return;
	from = clang_getCursorType(k.last_expr);
	if (clang_equalTypes(check_type_canon(from), check_type_canon(to)))
		return;
	/* va_arg(ap, T) reads a T out of the va_list: not a conversion. */
	fs = check_type_name(check_type_canon(from));
	va = strstr(fs, "__va_list_tag") != NULL;
	free(fs);
	if (!va)
		check_conversion(t, parent, clang_getCursorLocation(c), from,
				 to, k.last_expr, false);
}
