/* SPDX-License-Identifier: MIT */
/* check_reinterp.c - unions and byte copies that reinterpret pointers. */
#include <stdlib.h>
#include <string.h>

#include "core/check/check_int.h"
#include "util/xalloc.h"

/* --- reinterpretation in disguise: unions and byte copies ------------ */

struct ptr_scan {
	bool hit;
	int depth;
};

static bool has_pointer(CXType ty, int depth);

static enum CXVisitorResult field_has_pointer(CXCursor c, CXClientData data)
{
	struct ptr_scan *s = data;

	if (has_pointer(clang_getCursorType(c), s->depth + 1)) {
		s->hit = true;
		return CXVisit_Break;
	}
	return CXVisit_Continue;
}

/* Whether an object of this type holds a pointer anywhere in it. */
static bool has_pointer(CXType ty, int depth)
{
	struct ptr_scan s = { false, depth };

	ty = check_type_canon(ty);
	if (depth > 16)
		return false;
	if (ty.kind == CXType_Pointer)
		return true;
	if (check_type_is_array(ty))
		return has_pointer(clang_getArrayElementType(ty), depth + 1);
	if (ty.kind == CXType_Record)
		clang_Type_visitFields(ty, field_has_pointer, &s);
	return s.hit;
}

struct union_scan {
	CXType first;
	unsigned n;
	bool pointer;
	bool mixed;
};

static enum CXChildVisitResult union_field(CXCursor c, CXCursor parent,
					   CXClientData data)
{
	struct union_scan *u = data;
	CXType ty = check_type_canon(clang_getCursorType(c));

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_FieldDecl)
		return CXChildVisit_Continue;
	if (u->n++ == 0)
		u->first = ty;
	else if (!clang_equalTypes(u->first, ty))
		u->mixed = true;
	u->pointer |= has_pointer(ty, 0);
	return CXChildVisit_Continue;
}

void check_union_decl(struct check_tu *t, CXCursor c)
{
	struct union_scan u = { { 0 }, 0, false, false };
	char *name;

	if (!clang_isCursorDefinition(c))
		return;
	clang_visitChildren(c, union_field, &u);
	if (!u.pointer || !u.mixed)
		return;
	name = check_cursor_name(c);
	check_violation(t, CHECK_PTR_CAST, c, clang_getCursorLocation(c),
			"use a struct with a tag and one member per kind, or "
			"one pointer type per union",
			"union%s%s%s overlays a pointer with other data: what "
			"is written as one member and read as another is a "
			"cast",
			*name ? " '" : "", name, *name ? "'" : "");
	free(name);
}

/* Functions that fill memory with bytes: which argument is the target and
 * where the bytes come from (an argument, or FILL/USER). */
enum { BYTES_FILL = -2, BYTES_USER = -1 };

static const struct byte_writer {
	const char *name;
	int dst;
	int src;
} byte_writers[] = {
	{ "memcpy", 0, 1 },
	{ "memmove", 0, 1 },
	{ "__builtin_memcpy", 0, 1 },
	{ "__builtin_memmove", 0, 1 },
	{ "memset", 0, BYTES_FILL },
	{ "__builtin_memset", 0, BYTES_FILL },
	{ "frame_copy_from_user", 0, BYTES_USER },
	{ "vm_reader_read", 1, BYTES_USER },
};

/* What an argument points to, looking through the conversion to void *. */
static CXType arg_pointee(CXCursor call, int i)
{
	CXType ty = check_type_canon(clang_getCursorType(
		check_strip(clang_Cursor_getArgument(call, (unsigned)i))));

	if (ty.kind == CXType_Pointer)
		return check_type_canon(clang_getPointeeType(ty));
	if (check_type_is_array(ty))
		return check_type_canon(clang_getArrayElementType(ty));
	return (CXType){ CXType_Invalid, { NULL, NULL } };
}

void check_byte_write(struct check_tu *t, CXCursor call)
{
	CXCursor fn = clang_getCursorReferenced(call);
	const struct byte_writer *w = NULL;
	CXType dst, src;
	char *name, *dn = NULL, *sn = NULL;
	CXSourceLocation at;

	if (clang_getCursorKind(fn) != CXCursor_FunctionDecl)
		return;
	name = check_cursor_name(fn);
	for (size_t i = 0; i < sizeof(byte_writers) / sizeof(byte_writers[0]);
	     i++)
		if (strcmp(byte_writers[i].name, name) == 0)
			w = &byte_writers[i];
	if (!w || clang_Cursor_getNumArguments(call) <= w->dst ||
	    clang_Cursor_getNumArguments(call) <= w->src)
		goto out;
	dst = arg_pointee(call, w->dst);
	if (dst.kind == CXType_Invalid || !has_pointer(dst, 0))
		goto out;
	at = clang_getCursorLocation(
		clang_Cursor_getArgument(call, (unsigned)w->dst));
	dn = check_type_name(dst);
	if (w->src == BYTES_USER) {
		check_violation(t, CHECK_PTR_CAST, call, at,
				"copy user data into plain data, then build "
				"the pointers from it",
				"'%s' fills '%s', which holds pointers, with "
				"bytes from user memory",
				name, dn);
	} else if (w->src == BYTES_FILL) {
		if (!check_null_constant(clang_Cursor_getArgument(call, 1)))
			check_violation(t, CHECK_PTR_CAST, call, at,
					"only a fill with 0 (null pointers) "
					"keeps the pointers valid",
					"'%s' fills '%s', which holds "
					"pointers, with a byte other than 0",
					name, dn);
	} else {
		src = arg_pointee(call, w->src);
		if (src.kind == CXType_Invalid ||
		    !check_type_same_unqual(dst, src)) {
			sn = src.kind == CXType_Invalid ? xstrdup("?")
							: check_type_name(src);
			check_violation(
				t, CHECK_PTR_CAST, call, at,
				"copy only between objects of the "
				"same type when the type holds pointers",
				"'%s' fills '%s', which holds "
				"pointers, from '%s'",
				name, dn, sn);
		}
	}
out:
	free(name);
	free(dn);
	free(sn);
}
