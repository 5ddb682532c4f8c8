/* SPDX-License-Identifier: MIT */
/* check_rules.c - the framekernel rules, over libclang's syntax tree. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/check/check_int.h"
#include "core/manifest/manifest.h"
#include "core/resolve/workspace.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "util/sort.h"

/*
 * How a construct is judged where it stands. libclang reports a token that
 * a macro body produced at the place the macro was used, and a token that a
 * macro argument carried at the argument, so a construct located exactly
 * where a macro's name stands came from that macro's body. When the macro
 * is the frame's (container_of, KTEST, log_info) or the compiler's (NULL,
 * va_arg), what its body does is the frame's responsibility; what the
 * service passed in as arguments is still checked. Only the outermost
 * macro of an expansion is known, so a frame macro used inside a service's
 * own macro counts as the service's.
 */

/* The unbounded functions, and what a service uses instead. */
struct banned_fn {
	const char *name;
	const char *hint;
};

static const struct banned_fn banned[] = {
	{ "strcpy", "use frame_strscpy(dst, src, sizeof(dst)) from "
		    "<frame/string.h>" },
	{ "stpcpy", "use frame_strscpy(dst, src, sizeof(dst)) from "
		    "<frame/string.h>" },
	{ "strncpy", "use frame_strscpy(dst, src, sizeof(dst)), which always "
		     "terminates and reports truncation" },
	{ "strcat", "use frame_strscat(dst, src, sizeof(dst)) from "
		    "<frame/string.h>" },
	{ "strncat", "use frame_strscat(dst, src, sizeof(dst)) from "
		     "<frame/string.h>" },
	{ "sprintf", "use frame_snprintf(buf, sizeof(buf), ...) from "
		     "<frame/format.h>" },
	{ "vsprintf", "use frame_vsnprintf(buf, sizeof(buf), ...) from "
		      "<frame/format.h>" },
	{ "strlen", "use strnlen(s, max) from <frame/string.h>" },
	{ "strcmp", "use strncmp(a, b, max) from <frame/string.h>" },
};

static const char *const asm_words[] = { "asm", "__asm", "__asm__", NULL };

static const char *const alloca_words[] = {
	"alloca",
	"__builtin_alloca",
	"__builtin_alloca_with_align",
	"__builtin_alloca_with_align_and_max",
	NULL,
};

/* The compiler headers a service may include: the freestanding ones of
 * kernel-contract.md. The others hold intrinsics and assembly. */
static bool in_list(const char *const *list, const char *s)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

const char *check_banned_hint(const char *name)
{
	const char *base = name;

	if (strncmp(base, "__builtin_", 10) == 0)
		base += 10;
	for (size_t i = 0; i < sizeof(banned) / sizeof(banned[0]); i++)
		if (strcmp(banned[i].name, base) == 0)
			return banned[i].hint;
	return NULL;
}

bool check_is_asm_word(const char *name)
{
	return in_list(asm_words, name);
}

bool check_is_alloca(const char *name)
{
	return in_list(alloca_words, name);
}

/* --- declarations seen in the translation unit ------------------------ */

static int decl_cmp(const void *a, const void *b)
{
	return strcmp(((const struct check_decl *)a)->usr,
		      ((const struct check_decl *)b)->usr);
}

static void note_decl(struct check_tu *t, CXCursor c, enum check_file_kind k)
{
	CXString usr;
	struct check_decl *d;

	if (k != CHECK_FILE_PUBLIC && k != CHECK_FILE_PRIVATE)
		return;
	usr = clang_getCursorUSR(c);
	if (clang_getCString(usr) && *clang_getCString(usr)) {
		XGROW(t->decls, t->capdecls, t->ndecls + 1);
		d = &t->decls[t->ndecls++];
		d->usr = xstrdup(clang_getCString(usr));
		d->in_public = k == CHECK_FILE_PUBLIC;
		d->in_private = k == CHECK_FILE_PRIVATE;
	}
	clang_disposeString(usr);
}

/* Sort the declarations and fold the ones of one entity together. */
static void fold_decls(struct check_tu *t)
{
	size_t out = 0;

	if (t->ndecls)
		sort_array(t->decls, t->ndecls, sizeof(*t->decls), decl_cmp);
	for (size_t i = 0; i < t->ndecls; i++) {
		if (out &&
		    strcmp(t->decls[out - 1].usr, t->decls[i].usr) == 0) {
			t->decls[out - 1].in_public |= t->decls[i].in_public;
			t->decls[out - 1].in_private |= t->decls[i].in_private;
			free(t->decls[i].usr);
			continue;
		}
		t->decls[out++] = t->decls[i];
	}
	t->ndecls = out;
}

static const struct check_decl *find_decl(struct check_tu *t, CXCursor c)
{
	CXString usr = clang_getCursorUSR(c);
	struct check_decl key = { (char *)clang_getCString(usr), false, false };
	const struct check_decl *d = NULL;

	if (key.usr && *key.usr && t->ndecls)
		d = bsearch(&key, t->decls, t->ndecls, sizeof(key), decl_cmp);
	clang_disposeString(usr);
	return d;
}

/* --- pass 1: the preprocessor's record and the frame's declarations --- */

static void note_expansion(struct check_tu *t, CXCursor c)
{
	unsigned off;
	struct check_file *f = check_tu_locate(t, clang_getCursorLocation(c),
					       NULL, NULL, &off);
	struct check_expansion *e;
	bool trusted;

	if (f->kind != CHECK_FILE_SERVICE)
		return;
	if (clang_Cursor_isMacroBuiltin(c)) {
		trusted = true; /* __LINE__, __FILE__ and the like */
	} else {
		CXCursor def = clang_getCursorReferenced(c);

		/* A macro from the command line (-D in build.cflags) has no
		 * file and is the service's own. */
		trusted =
			!clang_Cursor_isNull(def) &&
			check_kind_trusted(
				check_tu_locate(t, clang_getCursorLocation(def),
						NULL, NULL, NULL)
					->kind);
	}
	XGROW(t->exps, t->capexps, t->nexps + 1);
	e = &t->exps[t->nexps++];
	e->file = f->index;
	e->offset = off;
	e->trusted = trusted;
	e->name = check_cursor_name(c);
}

static enum CXChildVisitResult pass1_cb(CXCursor c, CXCursor parent,
					CXClientData data)
{
	struct check_tu *t = data;
	enum CXCursorKind k = clang_getCursorKind(c);

	(void)parent;
	if (k == CXCursor_MacroExpansion)
		note_expansion(t, c);
	else if (k == CXCursor_InclusionDirective)
		check_include(t, c);
	else if (k == CXCursor_FunctionDecl || k == CXCursor_VarDecl)
		note_decl(t, c,
			  check_tu_locate(t, clang_getCursorLocation(c), NULL,
					  NULL, NULL)
				  ->kind);
	return CXChildVisit_Continue;
}

/* --- references: FK-ASM, FK-VLA, FK-UNBOUNDED, FK-INTERNAL ----------- */

static void check_ref(struct check_tu *t, CXCursor c)
{
	CXCursor ref = clang_getCursorReferenced(c);
	enum CXCursorKind k = clang_getCursorKind(ref);
	enum CXLinkageKind link;
	const struct check_decl *d;
	const char *hint;
	char *name;

	if (k != CXCursor_FunctionDecl && k != CXCursor_VarDecl)
		return;
	name = check_cursor_name(ref);
	hint = check_banned_hint(name);
	if (k == CXCursor_FunctionDecl && check_is_asm_word(name)) {
		check_violation(t, CHECK_ASM, c, clang_getCursorLocation(c),
				NULL, "'%s' is inline assembly", name);
		goto out;
	}
	if (k == CXCursor_FunctionDecl &&
	    strncmp(name, "__builtin_ia32_", 15) == 0) {
		check_violation(t, CHECK_ASM, c, clang_getCursorLocation(c),
				NULL, "'%s' is a machine instruction", name);
		goto out;
	}
	if (k == CXCursor_FunctionDecl && check_is_alloca(name)) {
		check_violation(t, CHECK_VLA, c, clang_getCursorLocation(c),
				NULL, "'%s' allocates on the stack", name);
		goto out;
	}
	if (k == CXCursor_FunctionDecl && hint) {
		check_violation(
			t, CHECK_UNBOUNDED, c, clang_getCursorLocation(c), hint,
			"'%s' does not bound what it reads or writes", name);
		goto out;
	}
	link = clang_getCursorLinkage(ref);
	if (link == CXLinkage_Invalid || link == CXLinkage_NoLinkage)
		goto out;
	d = find_decl(t, ref);
	if (d && d->in_public)
		goto out;
	if ((d && d->in_private) || (link == CXLinkage_External && t->c->syms &&
				     check_syms_defined(t->c->syms, name) &&
				     !check_syms_public(t->c->syms, name)))
		check_violation(
			t, CHECK_INTERNAL, c, clang_getCursorLocation(c), NULL,
			"%s frame-internal %s '%s'",
			k == CXCursor_FunctionDecl ? "calls" : "uses",
			k == CXCursor_FunctionDecl ? "function" : "variable",
			name);
out:
	free(name);
}

/* alias and weakref name a symbol by a string, past every header: a
 * service could reach any frame symbol with them. */
static void check_symbol_attr(struct check_tu *t, CXCursor c)
{
	static const char *const by_name[] = { "alias", "__alias__", "weakref",
					       "__weakref__", NULL };
	CXToken *toks = NULL;
	unsigned n = 0;

	clang_tokenize(t->tu, clang_getCursorExtent(c), &toks, &n);
	if (n) {
		CXString sp = clang_getTokenSpelling(t->tu, toks[0]);
		const char *w = clang_getCString(sp);

		if (w && in_list(by_name, w))
			check_violation(t, CHECK_INTERNAL, c,
					clang_getCursorLocation(c), NULL,
					"attribute '%s' names a symbol by a "
					"string, past the frame's headers",
					w);
		clang_disposeString(sp);
	}
	clang_disposeTokens(t->tu, toks, n);
}

/* Names C reserves for the implementation: here the frame and compiler. */
static bool reserved_name(const char *name)
{
	return name[0] == '_' &&
	       (name[1] == '_' || (name[1] >= 'A' && name[1] <= 'Z'));
}

/* A service's own declaration of something with external linkage. */
static void check_extern_decl(struct check_tu *t, CXCursor c)
{
	const struct check_syms *syms = t->c->syms;
	CXSourceLocation at = clang_getCursorLocation(c);
	const struct check_decl *d;
	const char *hdr, *hint;
	char *name, *h = NULL;

	if (clang_getCursorLinkage(c) != CXLinkage_External)
		return;
	name = check_cursor_name(c);
	hint = check_banned_hint(name);
	if (hint) {
		check_violation(
			t, CHECK_UNBOUNDED, c, at, hint,
			"declares '%s', which does not bound what it reads "
			"or writes",
			name);
	} else if (check_is_alloca(name)) {
		check_violation(t, CHECK_VLA, c, at, NULL,
				"declares '%s', which allocates on the stack",
				name);
	} else if (reserved_name(name)) {
		check_violation(
			t, CHECK_INTERNAL, c, at, NULL,
			"declares '%s', a name reserved for the frame and "
			"the compiler",
			name);
	} else if (syms && check_syms_defined(syms, name)) {
		d = find_decl(t, c);
		hdr = check_syms_public(syms, name);
		if (clang_isCursorDefinition(c) ||
		    (clang_getCursorKind(c) == CXCursor_VarDecl &&
		     clang_Cursor_getStorageClass(c) != CX_SC_Extern)) {
			check_violation(t, CHECK_INTERNAL, c, at,
					"give it a name of this package's own",
					"defines '%s', which the frame defines",
					name);
		} else if (d && d->in_public) {
			/* The public declaration is in sight: the compiler
			 * checks that this one agrees with it. */
		} else if (hdr) {
			h = xasprintf("include <%s> instead of declaring it",
				      hdr);
			check_violation(t, CHECK_INTERNAL, c, at, h,
					"declares frame function '%s' itself",
					name);
		} else {
			check_violation(t, CHECK_INTERNAL, c, at, NULL,
					"declares frame-internal symbol '%s'",
					name);
		}
	}
	free(h);
	free(name);
}

/* --- pass 2: every cursor of the service's own code ------------------ */

static bool first_token_is_asm(struct check_tu *t, CXCursor c)
{
	CXToken *toks = NULL;
	unsigned n = 0;
	bool hit = false;

	clang_tokenize(t->tu, clang_getCursorExtent(c), &toks, &n);
	if (n) {
		CXString sp = clang_getTokenSpelling(t->tu, toks[0]);

		hit = clang_getCString(sp) &&
		      check_is_asm_word(clang_getCString(sp));
		clang_disposeString(sp);
	}
	clang_disposeTokens(t->tu, toks, n);
	return hit;
}

/*
 * Where the asm keyword of an asm label stands: libclang places the label
 * at its string, but the keyword is what the service wrote (and what the
 * prelude poisons).
 */
static CXSourceLocation asm_word_location(struct check_tu *t, CXCursor decl,
					  CXCursor attr)
{
	CXSourceLocation at = clang_getCursorLocation(attr);
	CXToken *toks = NULL;
	unsigned n = 0;

	/* The declaration's extent ends before the label: look from the
	 * declared name up to the label's string. */
	clang_tokenize(t->tu, clang_getRange(clang_getCursorLocation(decl), at),
		       &toks, &n);
	for (unsigned i = 0; i < n; i++) {
		CXString sp = clang_getTokenSpelling(t->tu, toks[i]);
		bool hit = clang_getCString(sp) &&
			   check_is_asm_word(clang_getCString(sp));

		clang_disposeString(sp);
		if (hit) {
			at = clang_getTokenLocation(t->tu, toks[i]);
			break;
		}
	}
	clang_disposeTokens(t->tu, toks, n);
	return at;
}

static void visit(struct check_tu *t, CXCursor c, CXCursor parent,
		  unsigned uneval)
{
	enum CXCursorKind k = clang_getCursorKind(c);

	switch (k) {
	case CXCursor_AsmStmt:
	case CXCursor_MSAsmStmt:
		check_violation(t, CHECK_ASM, c, clang_getCursorLocation(c),
				NULL, "inline assembly statement");
		break;
	case CXCursor_AsmLabelAttr:
		check_violation(
			t, CHECK_ASM, c, asm_word_location(t, parent, c), NULL,
			"asm label: a name or register given in assembly");
		break;
	case CXCursor_UnexposedDecl:
		if (clang_getCursorKind(parent) == CXCursor_TranslationUnit &&
		    first_token_is_asm(t, c))
			check_violation(t, CHECK_ASM, c,
					clang_getCursorLocation(c), NULL,
					"file-scope inline assembly");
		break;
	case CXCursor_FunctionDecl:
		check_decl_type(t, c);
		check_extern_decl(t, c);
		break;
	case CXCursor_VarDecl:
		check_decl_type(t, c);
		check_extern_decl(t, c);
		break;
	case CXCursor_FieldDecl:
		check_decl_type(t, c);
		check_union_field(t, c);
		check_private_union_field(t, c);
		break;
	case CXCursor_ParmDecl:
	case CXCursor_TypedefDecl:
		check_decl_type(t, c);
		break;
	case CXCursor_CStyleCastExpr:
	case CXCursor_CompoundLiteralExpr:
		check_type_rule(t, c, clang_getCursorType(c),
				k == CXCursor_CStyleCastExpr
					? "a cast"
					: "a compound literal");
		if (k == CXCursor_CStyleCastExpr && !uneval) {
			struct check_kids kd = check_kids_of(c);

			if (!clang_Cursor_isNull(kd.last_expr))
				check_conversion(
					t, c, clang_getCursorLocation(c),
					clang_getCursorType(kd.last_expr),
					clang_getCursorType(c), kd.last_expr,
					true);
		}
		break;
	case CXCursor_UnexposedExpr:
		if (!uneval) {
			check_implicit(t, c, parent);
			check_copy_read(t, c, parent);
		}
		break;
	case CXCursor_BinaryOperator:
		if (!uneval)
			check_copy_assign(t, c);
		break;
	case CXCursor_InitListExpr:
		if (!uneval) {
			check_private_init(t, c);
			check_copy_init(t, c);
		}
		break;
	case CXCursor_DeclRefExpr:
		check_ref(t, c);
		break;
	case CXCursor_CallExpr:
		check_byte_write(t, c);
		break;
	case CXCursor_UnionDecl:
		check_union_decl(t, c);
		break;
	case CXCursor_UnexposedAttr:
		check_symbol_attr(t, c);
		break;
	case CXCursor_MemberRefExpr:
	case CXCursor_MemberRef:
		if (!uneval)
			check_private_member(t, c);
		break;
	default:
		break;
	}
}

struct walk {
	struct check_tu *t;
	unsigned uneval; /* inside sizeof or _Alignof: never evaluated */
};

static enum CXChildVisitResult walk_cb(CXCursor c, CXCursor parent,
				       CXClientData data)
{
	struct walk *w = data;
	struct walk sub = *w;

	visit(w->t, c, parent, w->uneval);
	if (clang_getCursorKind(c) == CXCursor_UnaryExpr)
		sub.uneval++;
	clang_visitChildren(c, walk_cb, &sub);
	return CXChildVisit_Continue;
}

static enum CXChildVisitResult pass2_cb(CXCursor c, CXCursor parent,
					CXClientData data)
{
	struct check_tu *t = data;
	struct walk w = { t, 0 };
	enum CXCursorKind k = clang_getCursorKind(c);

	if (clang_isPreprocessing(k))
		return CXChildVisit_Continue;
	if (check_tu_locate(t, clang_getCursorLocation(c), NULL, NULL, NULL)
		    ->kind != CHECK_FILE_SERVICE)
		return CXChildVisit_Continue;
	visit(t, c, parent, 0);
	clang_visitChildren(c, walk_cb, &w);
	return CXChildVisit_Continue;
}

void check_tu_rules(struct check_tu *t)
{
	CXCursor root = clang_getTranslationUnitCursor(t->tu);

	clang_visitChildren(root, pass1_cb, t);
	if (t->nexps)
		sort_array(t->exps, t->nexps, sizeof(*t->exps),
			   check_expansion_cmp);
	fold_decls(t);
	clang_visitChildren(root, pass2_cb, t);
}
