/* SPDX-License-Identifier: MIT */
/* check_int.h - what the framekernel checker's files share; not an API. */
#ifndef OSDK_CORE_CHECK_INT_H
#define OSDK_CORE_CHECK_INT_H

#include <clang-c/Index.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/check/check.h"

struct workspace;
struct check_syms;
struct check_memo;
struct strbuf;

/* Where a file seen in a translation unit belongs. */
enum check_file_kind {
	CHECK_FILE_NONE,    /* no file: the command line, built-in macros */
	CHECK_FILE_SERVICE, /* in an untrusted package: its code is checked */
	CHECK_FILE_PUBLIC,  /* in a trusted package's include/: the frame API */
	CHECK_FILE_PRIVATE, /* elsewhere in a trusted package: its internals */
	CHECK_FILE_CC,	    /* the compiler's freestanding headers */
	CHECK_FILE_OTHER,   /* outside every package */
};

struct check_file {
	size_t index; /* in check_tu.files */
	CXFile file;
	char *path;	 /* absolute, "." and ".." folded */
	long pkg;	 /* index into ws->pkgs, or -1 */
	bool in_include; /* below its package's include/ */
	enum check_file_kind kind;
};

/* Whether code in a file of this kind is the frame's (or the compiler's). */
static inline bool check_kind_trusted(enum check_file_kind k)
{
	return k == CHECK_FILE_PUBLIC || k == CHECK_FILE_PRIVATE ||
	       k == CHECK_FILE_CC;
}

/* A macro expanded in a service file, where its name stands. */
struct check_expansion {
	size_t file; /* index into check_tu.files */
	unsigned offset;
	bool trusted; /* defined in a trusted package or compiler header */
	char *name;
};

/* Where the declarations of one entity with linkage were seen. */
struct check_decl {
	char *usr;
	bool in_public;	 /* some declaration in the frame's public headers */
	bool in_private; /* some declaration in the frame's internals */
};

struct check_predef {
	char *key;   /* the flags that decide the compiler's macros */
	char **defs; /* "-DNAME=VALUE" for each of them */
	size_t n;
};

struct checker {
	const struct workspace *ws;
	char *cc;
	char *cc_include; /* absolute */
	char *cache_dir;
	bool release;
	char **pkg_dirs; /* absolute, per package */
	bool *trusted;	 /* per package */
	bool *libs;	 /* per package: below a libs/ directory */
	CXIndex index;
	struct check_predef *predefs;
	size_t npredefs, cappredefs;
	struct check_syms *syms; /* NULL until first needed */
	bool syms_tried;
	char *memo_dir;		 /* NULL: no memo */
	struct check_memo *memo; /* opened with the first file */
};

/* What the checker learnt about one record type (check_records.c). */
struct check_rec {
	char *usr;
	unsigned traits; /* CHECK_REC_* */
};

/* One parsed source file while it is being checked. */
struct check_tu {
	struct checker *c;
	CXTranslationUnit tu;
	size_t pkg;
	const char *src;
	struct check_report *rep;
	struct check_file nofile;
	struct check_file **files; /* each allocated once: never moves */
	size_t nfiles, capfiles;
	struct check_expansion *exps; /* sorted by file, then offset */
	size_t nexps, capexps;
	struct check_decl *decls; /* sorted by usr */
	size_t ndecls, capdecls;
	struct check_rec *recs; /* in the order they were first asked about */
	size_t nrecs, caprecs;
};

/* check.c */
struct check_file *check_tu_file(struct check_tu *t, CXFile f);
/* The file, line, column and offset a location is reported at (for a
 * macro expansion, where the macro was used). */
struct check_file *check_tu_locate(struct check_tu *t, CXSourceLocation l,
				   unsigned *line, unsigned *col,
				   unsigned *offset);
/* A path for messages: relative to the workspace root when below it. */
char *check_tu_show_path(const struct check_tu *t, const char *path);
void check_tu_report(struct check_tu *t, enum check_rule rule,
		     CXSourceLocation at, const char *hint, const char *fmt,
		     ...) __attribute__((format(printf, 5, 6)));

/* check_include() - FK-INCLUDE on the inclusion directive @c: the headers
 * a service may include (check_include.c). */
void check_include(struct check_tu *t, CXCursor c);

/* check_rules.c: the walk over the syntax tree, and the rules about
 * assembly and symbols (includes: check_include()). */
void check_tu_rules(struct check_tu *t);
/*
 * Report a violation at `at` unless the construct `site` comes from the
 * body of a trusted macro (see check_rules.c). hint NULL: the rule's own,
 * or one naming the service macro the construct came from.
 */
void check_violation(struct check_tu *t, enum check_rule rule, CXCursor site,
		     CXSourceLocation at, const char *hint, const char *fmt,
		     ...) __attribute__((format(printf, 6, 7)));
/*
 * Whether the token at `l` came from the body of a trusted macro: a
 * frame macro (FRAME_WAITQ_INIT) or a compiler one (offsetof). Unlike
 * check_violation(), which also looks at where a whole construct starts,
 * this judges one token, so that `container_of(...)->lock_` is still the
 * service's.
 */
bool check_trusted_macro_at(struct check_tu *t, CXSourceLocation l);
char *check_cursor_name(CXCursor c);
char *check_type_name(CXType t);

/* What an expression or declaration holds directly. */
struct check_kids {
	unsigned n;	/* children of any kind */
	unsigned nexpr; /* expression children */
	CXCursor last_expr;
	CXCursor at[3]; /* the first three children */
};

struct check_kids check_kids_of(CXCursor c);
/* An expression with parentheses and implicit conversions taken off. */
CXCursor check_strip(CXCursor e);

/* check_types.c: FK-VOLATILE, FK-VLA (types), the conversion rules
 * (FK-INT-TO-PTR, FK-PTR-TO-INT, FK-PTR-CAST, FK-FN-CAST) and FK-USER. */
void check_type_rule(struct check_tu *t, CXCursor c, CXType ty,
		     const char *what);
void check_decl_type(struct check_tu *t, CXCursor c);
/* A cast the service wrote (site is the cast) or one C makes (site is the
 * expression that needs it), reported at `at`. */
void check_conversion(struct check_tu *t, CXCursor site, CXSourceLocation at,
		      CXType from, CXType to, CXCursor operand,
		      bool explicit_cast);
/* An implicit conversion node (libclang's UnexposedExpr) under parent. */
void check_implicit(struct check_tu *t, CXCursor c, CXCursor parent);
void check_union_field(struct check_tu *t, CXCursor c);
/* A union overlaying pointers with other data (FK-PTR-CAST). */
void check_union_decl(struct check_tu *t, CXCursor c);
/* memcpy() and friends filling an object that holds pointers from bytes
 * of another type, a non-zero fill or user memory (FK-PTR-CAST). */
void check_byte_write(struct check_tu *t, CXCursor call);
/* Whether e is a null pointer constant: 0, or (void *)0 as NULL is. */
bool check_null_constant(CXCursor e);
/* The hint for a function services may not call, or NULL. */
const char *check_banned_hint(const char *name);
/* Whether `name` is a spelling of inline assembly (asm, __asm__ ...). */
bool check_is_asm_word(const char *name);
/* Whether `name` allocates on the stack (alloca and its builtins). */
bool check_is_alloca(const char *name);

/* Whether a canonical type is the frame's opaque user address, uaddr_t. */
bool check_is_user_addr(struct check_tu *t, CXType ty);

/* check_records.c: what record types hold, for FK-PRIVATE and FK-COPY. */
enum {
	CHECK_REC_PRIVATE = 1, /* a private member, here or in a member */
	CHECK_REC_NOCOPY = 2,  /* __frame_nocopy, here or on a member */
	CHECK_REC_MARKED = 4,  /* __frame_nocopy on this record itself */
};
/* The traits of a type: of its record, or of an array's elements. */
unsigned check_type_traits(struct check_tu *t, CXType ty);
/* Whether a field is private: its name ends in '_' and its record is
 * declared in a trusted package's public headers. */
bool check_field_private(struct check_tu *t, CXCursor field);
/* The public header that declares a type's record ("frame/user.h"), or
 * NULL; the caller frees it. */
char *check_type_header(struct check_tu *t, CXType ty);

/* check_private.c: FK-PRIVATE. */
/* A member named with `.`, `->`, a designator or offsetof. */
void check_private_member(struct check_tu *t, CXCursor c);
/* A positional initialiser that lands on a private member. */
void check_private_init(struct check_tu *t, CXCursor list);
/* A union that overlays a frame object with other data. */
void check_private_union_field(struct check_tu *t, CXCursor field);
/* A pointer to a frame object becoming a writable `void *` where bytes
 * are written through it (see check_private.c). */
void check_private_bytes(struct check_tu *t, CXCursor site, CXSourceLocation at,
			 CXType from, CXType to, bool explicit_cast);

/* check_copy.c: FK-COPY. */
/* An assignment (BinaryOperator) of an object that must not be copied. */
void check_copy_assign(struct check_tu *t, CXCursor op);
/* An element of an initialiser list copied from such an object. */
void check_copy_init(struct check_tu *t, CXCursor list);
/* An implicit conversion that reads such an object out of an lvalue. */
void check_copy_read(struct check_tu *t, CXCursor c, CXCursor parent);

/* check_symbols.c: the external symbols of the trusted packages. */
int check_syms_load(struct checker *c, struct osdk_err *err);
/* Whether a trusted package defines `name` (code, data, linker script). */
bool check_syms_defined(const struct check_syms *s, const char *name);
/* The public header that declares `name` ("frame/log.h"), or NULL. */
const char *check_syms_public(const struct check_syms *s, const char *name);
/* Append what @s holds, for the memo's context (check_memo.c). */
void check_syms_describe(const struct check_syms *s, struct strbuf *sb);
void check_syms_free(struct check_syms *s);

/* Flags for parsing a trusted package's sources (check.c). */
int check_parse_args(struct checker *c, const struct strvec *cflags,
		     struct strvec *args, struct osdk_err *err);

/* check_report_add() with a va_list (check_report.c). */
void check_report_vadd(struct check_report *rep, enum check_rule rule,
		       const char *path, unsigned line, unsigned col,
		       const char *hint, const char *fmt, va_list ap)
	__attribute__((format(printf, 7, 0)));

/* Orders check_expansion records by file and offset (check_cursor.c). */
int check_expansion_cmp(const void *a, const void *b);

/* Type helpers shared by the rules on types (check_types.c): the canonical
 * type, whether it is an array, whether two types are one unqualified. */
CXType check_type_canon(CXType t);
bool check_type_is_array(CXType t);
bool check_type_same_unqual(CXType a, CXType b);

#endif
