/* SPDX-License-Identifier: MIT */
/* check.c - parsing service code with libclang and reporting violations. */
#include "core/check/check.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/check/check_int.h"
#include "core/check/check_memo.h"
#include "core/manifest/manifest.h"
#include "core/resolve/trust.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"
#include "util/sort.h"

static bool path_below(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (n && dir[n - 1] == '/')
		n--;
	return strncmp(path, dir, n) == 0 && (path[n] == '/' || !path[n]);
}

int check_new(const struct workspace *ws, const struct check_opts *o,
	      struct checker **out, struct osdk_err *err)
{
	struct checker *c = xcalloc(1, sizeof(*c));

	*out = NULL;
	c->ws = ws;
	c->cc = xstrdup(o->cc);
	c->cc_include = fs_abspath(o->cc_include);
	c->cache_dir = o->cache_dir ? xstrdup(o->cache_dir) : NULL;
	c->release = o->release;
	c->memo_dir = o->memo_dir ? xstrdup(o->memo_dir) : NULL;
	c->pkg_dirs = xcalloc(ws->npkgs ? ws->npkgs : 1, sizeof(char *));
	c->trusted = xcalloc(ws->npkgs ? ws->npkgs : 1, sizeof(bool));
	c->libs = xcalloc(ws->npkgs ? ws->npkgs : 1, sizeof(bool));
	for (size_t p = 0; p < ws->npkgs; p++) {
		char *rel;

		c->pkg_dirs[p] = fs_abspath(ws->pkgs[p].dir);
		c->trusted[p] = trust_pkg_trusted(ws, p);
		/* libs/ holds pure data structures any service may use. */
		rel = fs_relpath(c->pkg_dirs[p], ws->root_dir);
		c->libs[p] = strncmp(rel, "libs/", 5) == 0 ||
			     strstr(rel, "/libs/") != NULL;
		free(rel);
	}
	c->index = clang_createIndex(0, 0);
	if (!c->index) {
		check_free(c);
		return err_set(err, -ENOMEM, "could not start libclang");
	}
	*out = c;
	return 0;
}

void check_free(struct checker *c)
{
	if (!c)
		return;
	if (c->index)
		clang_disposeIndex(c->index);
	for (size_t i = 0; i < c->npredefs; i++) {
		for (size_t k = 0; k < c->predefs[i].n; k++)
			free(c->predefs[i].defs[k]);
		free(c->predefs[i].defs);
		free(c->predefs[i].key);
	}
	free(c->predefs);
	for (size_t p = 0; p < c->ws->npkgs; p++)
		free(c->pkg_dirs[p]);
	free(c->pkg_dirs);
	free(c->trusted);
	free(c->libs);
	check_syms_free(c->syms);
	free(c->cc);
	free(c->cc_include);
	free(c->cache_dir);
	check_memo_close(c->memo);
	free(c->memo_dir);
	free(c);
}

/* Options that take the next word as their argument. */
/* --- files and places --------------------------------------------------- */

static void classify(struct checker *c, struct check_file *f)
{
	size_t best = 0;

	f->pkg = -1;
	f->kind = CHECK_FILE_OTHER;
	if (path_below(f->path, c->cc_include)) {
		f->kind = CHECK_FILE_CC;
		return;
	}
	/* The innermost package wins: kernel/ holds kernel/frame/. */
	for (size_t p = 0; p < c->ws->npkgs; p++) {
		size_t n = strlen(c->pkg_dirs[p]);

		if (path_below(f->path, c->pkg_dirs[p]) && n >= best) {
			best = n;
			f->pkg = (long)p;
		}
	}
	if (f->pkg < 0)
		return;
	{
		char *inc = fs_join(c->pkg_dirs[f->pkg], "include");

		f->in_include = path_below(f->path, inc);
		free(inc);
	}
	if (!c->trusted[f->pkg])
		f->kind = CHECK_FILE_SERVICE;
	else
		f->kind =
			f->in_include ? CHECK_FILE_PUBLIC : CHECK_FILE_PRIVATE;
}

struct check_file *check_tu_file(struct check_tu *t, CXFile file)
{
	struct check_file *f;
	CXString name;

	if (!file)
		return &t->nofile;
	for (size_t i = 0; i < t->nfiles; i++)
		if (clang_File_isEqual(t->files[i]->file, file))
			return t->files[i];
	f = xcalloc(1, sizeof(*f));
	XGROW(t->files, t->capfiles, t->nfiles + 1);
	f->index = t->nfiles;
	t->files[t->nfiles++] = f;
	f->file = file;
	name = clang_getFileName(file);
	f->path = fs_abspath(clang_getCString(name) ? clang_getCString(name)
						    : "");
	clang_disposeString(name);
	classify(t->c, f);
	return f;
}

struct check_file *check_tu_locate(struct check_tu *t, CXSourceLocation l,
				   unsigned *line, unsigned *col,
				   unsigned *offset)
{
	CXFile file = NULL;
	unsigned ln = 0, cl = 0, off = 0;

	clang_getFileLocation(l, &file, &ln, &cl, &off);
	if (line)
		*line = ln;
	if (col)
		*col = cl;
	if (offset)
		*offset = off;
	return check_tu_file(t, file);
}

char *check_tu_show_path(const struct check_tu *t, const char *path)
{
	return fs_relpath(path, t->c->ws->root_dir);
}

void check_tu_report(struct check_tu *t, enum check_rule rule,
		     CXSourceLocation at, const char *hint, const char *fmt,
		     ...)
{
	unsigned line, col;
	struct check_file *f = check_tu_locate(t, at, &line, &col, NULL);
	va_list ap;

	va_start(ap, fmt);
	check_report_vadd(t->rep, rule, f->path[0] ? f->path : t->src, line, col,
		    hint, fmt, ap);
	va_end(ap);
}

/* --- parse diagnostics -------------------------------------------------- */

/* The identifier that starts at a location, read from the file itself. */
static char *word_at(struct check_tu *t, CXSourceLocation l)
{
	CXFile file = NULL;
	unsigned off = 0;
	size_t size = 0, end;
	const char *text;

	clang_getFileLocation(l, &file, NULL, NULL, &off);
	if (!file)
		return NULL;
	text = clang_getFileContents(t->tu, file, &size);
	if (!text || off >= size)
		return NULL;
	for (end = off; end < size; end++) {
		char ch = text[end];

		if (!(ch == '_' || (ch >= 'a' && ch <= 'z') ||
		      (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
			break;
	}
	return end > off ? xstrndup(text + off, end - off) : NULL;
}

/*
 * Report what the parser said. Errors become diagnostics: a poisoned
 * identifier (the service prelude's first line of defence) under the rule
 * it enforces, a header that is not found under FK-INCLUDE, anything else
 * as FK-PARSE. Warnings and notes are the compiler's to give.
 */
static void report_parse(struct check_tu *t)
{
	unsigned n = clang_getNumDiagnostics(t->tu);

	for (unsigned i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(t->tu, i);
		enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
		CXSourceLocation l = clang_getDiagnosticLocation(d);
		CXString s = clang_getDiagnosticSpelling(d);
		const char *msg =
			clang_getCString(s) ? clang_getCString(s) : "";
		size_t len = strlen(msg);

		if (sev < CXDiagnostic_Error)
			goto next;
		if (strcmp(msg, "attempt to use a poisoned identifier") == 0) {
			enum check_file_kind k =
				check_tu_locate(t, l, NULL, NULL, NULL)->kind;
			char *w = word_at(t, l);
			const char *hint = w ? check_banned_hint(w) : NULL;

			/* In a header the service may not include at all,
			 * FK-INCLUDE already said what is wrong. */
			if (k != CHECK_FILE_SERVICE && k != CHECK_FILE_PUBLIC) {
				free(w);
				goto next;
			}
			if (k == CHECK_FILE_PUBLIC)
				check_tu_report(
					t, CHECK_PARSE, l,
					"a frame bug: public headers "
					"must not name what "
					"<frame/prelude.h> poisons",
					"the frame's public header uses "
					"'%s', which the service prelude "
					"poisons",
					w ? w : "an identifier");
			else if (w && check_is_asm_word(w))
				check_tu_report(t, CHECK_ASM, l, NULL,
						"'%s' is inline assembly", w);
			else if (w && check_is_alloca(w))
				check_tu_report(t, CHECK_VLA, l, NULL,
						"'%s' allocates on the stack",
						w);
			else if (hint)
				check_tu_report(t, CHECK_UNBOUNDED, l, hint,
						"'%s' does not bound what it "
						"reads or writes",
						w);
			else
				check_tu_report(t, CHECK_PARSE, l, NULL,
						"'%s' is poisoned by the "
						"service prelude",
						w ? w : "identifier");
			free(w);
		} else if (len > 15 &&
			   strcmp(msg + len - 15, " file not found") == 0) {
			check_tu_report(t, CHECK_INCLUDE, l, NULL,
					"cannot include %.*s: no such header "
					"where a service may look",
					(int)(len - 15), msg);
		} else {
			check_tu_report(t, CHECK_PARSE, l, NULL, "%s", msg);
		}
	next:
		clang_disposeString(s);
		clang_disposeDiagnostic(d);
	}
}

/* --- checking a file ---------------------------------------------------- */

/* The flag an "unknown argument: '-fxyz'" diagnostic names, or NULL. */
static char *unknown_flag(CXDiagnostic d)
{
	CXString s = clang_getDiagnosticSpelling(d);
	const char *msg = clang_getCString(s), *q, *end;
	char *flag = NULL;

	if (msg && strncmp(msg, "unknown argument", 16) == 0 &&
	    (q = strchr(msg, '\'')) && (end = strchr(q + 1, '\'')))
		flag = xstrndup(q + 1, (size_t)(end - q - 1));
	clang_disposeString(s);
	return flag;
}

/*
 * Take out of args the code-generation flags (-f..., -m...) libclang did
 * not know, as the parse of t reported them. They cannot change what the
 * checker sees: the compiler's predefined macros for them are already in
 * (predefs_for()), and they do not steer the preprocessor otherwise.
 * Returns whether something was taken out and nothing else is unknown.
 */
static bool drop_unknown_flags(struct check_tu *t, struct strvec *args)
{
	unsigned n = clang_getNumDiagnostics(t->tu);
	struct strvec keep = STRVEC_INIT, drop = STRVEC_INIT;
	bool ok = true;

	for (unsigned i = 0; i < n && ok; i++) {
		CXDiagnostic d = clang_getDiagnostic(t->tu, i);
		char *flag = unknown_flag(d);

		if (flag && (strncmp(flag, "-f", 2) == 0 ||
			     strncmp(flag, "-m", 2) == 0))
			strvec_push(&drop, flag);
		else if (flag)
			ok = false;
		free(flag);
		clang_disposeDiagnostic(d);
	}
	ok = ok && drop.n;
	for (size_t i = 0; ok && i < args->n; i++) {
		bool gone = false;

		for (size_t k = 0; k < drop.n && !gone; k++)
			gone = strcmp(args->v[i], drop.v[k]) == 0;
		if (!gone)
			strvec_push(&keep, args->v[i]);
	}
	if (ok) {
		strvec_clear(args);
		*args = keep;
	} else {
		strvec_clear(&keep);
	}
	strvec_clear(&drop);
	return ok;
}

static bool is_asm_source(const char *src)
{
	size_t n = strlen(src);

	return n >= 2 && (strcmp(src + n - 2, ".S") == 0 ||
			  strcmp(src + n - 2, ".s") == 0);
}

static void tu_release(struct check_tu *t)
{
	for (size_t i = 0; i < t->nfiles; i++) {
		free(t->files[i]->path);
		free(t->files[i]);
	}
	free(t->files);
	for (size_t i = 0; i < t->nexps; i++)
		free(t->exps[i].name);
	free(t->exps);
	for (size_t i = 0; i < t->ndecls; i++)
		free(t->decls[i].usr);
	free(t->decls);
	for (size_t i = 0; i < t->nrecs; i++)
		free(t->recs[i].usr);
	free(t->recs);
	if (t->tu)
		clang_disposeTranslationUnit(t->tu);
}

/* Everything a memo entry depends on but the source, its flags and the
 * files it reads: the rules, the compiler, the packages as the rules see
 * them, and the trusted packages' symbols. */
static void open_memo(struct checker *c)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "osdk %s rules %s\ncc %s %s %d\n", OSDK_VERSION,
		    CHECK_RULES_VERSION, c->cc, c->cc_include, c->release);
	for (size_t p = 0; p < c->ws->npkgs; p++) {
		strbuf_addf(&sb, "pkg %s %s %d %d deps",
			    c->ws->pkgs[p].m->package.name, c->pkg_dirs[p],
			    c->trusted[p], c->libs[p]);
		/* FK-INCLUDE goes by the dependency graph. */
		for (size_t d = 0; d < c->ws->pkgs[p].ndeps; d++)
			strbuf_addf(&sb, " %zu", c->ws->pkgs[p].deps[d]);
		strbuf_addch(&sb, '\n');
	}
	strbuf_adds(&sb, c->syms ? "symbols\n" : "no symbols\n");
	check_syms_describe(c->syms, &sb);
	c->memo = check_memo_open(c->memo_dir, sb.buf);
	strbuf_release(&sb);
}

static void read_file_cb(CXFile file, CXSourceLocation *stack, unsigned len,
			 CXClientData data)
{
	CXString name = clang_getFileName(file);
	const char *s = clang_getCString(name);

	(void)stack;
	(void)len;
	if (s && *s)
		strvec_push(data, s);
	clang_disposeString(name);
}

/* Remember that t's file passed, with the files its parse read. */
static void memo_pass(struct check_tu *t, const struct strvec *key,
		      int64_t started)
{
	struct strvec read = STRVEC_INIT;

	clang_getInclusions(t->tu, read_file_cb, &read);
	check_memo_pass(t->c->memo, t->src, key, &read, started);
	strvec_clear(&read);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int check_file(struct checker *c, size_t pkg, const char *src,
	       const struct strvec *cflags, struct check_report *rep,
	       struct osdk_err *err)
{
	struct check_tu t = { .c = c, .pkg = pkg, .src = src, .rep = rep };
	struct strvec args = STRVEC_INIT, key = STRVEC_INIT;
	size_t found = rep->n;
	enum CXErrorCode code;
	int64_t started;
	int ret;

	rep->files++;
	if (is_asm_source(src)) {
		check_report_add(rep, CHECK_ASM, src, 1, 1,
				 "move the instructions into the frame and "
				 "call them through its API",
				 "an assembly source file in untrusted "
				 "package '%s'",
				 c->ws->pkgs[pkg].m->package.name);
		return 0;
	}
	ret = check_parse_args(c, cflags, &args, err);
	if (ret)
		goto out;
	/* The frame's symbols, for FK-INTERNAL; built once per checker. A
	 * failure to build them is not the service's fault: the rules that
	 * need them then go by the headers alone. */
	if (!c->syms_tried) {
		c->syms_tried = true;
		check_syms_load(c, NULL);
	}
	if (c->memo_dir && !c->memo)
		open_memo(c);
	/* The flags as given: a retry below may drop some. */
	strvec_pushv(&key, strvec_argv(&args));
	if (c->memo && check_memo_passed(c->memo, src, &key)) {
		rep->remembered++;
		goto out;
	}
	started = now_ns();
	t.nofile.path = "";
	t.nofile.pkg = -1;
	t.nofile.kind = CHECK_FILE_NONE;
	for (int attempt = 0;; attempt++) {
		code = clang_parseTranslationUnit2(
			c->index, src, (const char *const *)strvec_argv(&args),
			(int)args.n, NULL, 0,
			CXTranslationUnit_DetailedPreprocessingRecord, &t.tu);
		if (code != CXError_Success || !t.tu || attempt ||
		    !drop_unknown_flags(&t, &args))
			break;
		clang_disposeTranslationUnit(t.tu);
		t.tu = NULL;
	}
	if (code != CXError_Success || !t.tu) {
		check_report_add(rep, CHECK_PARSE, src, 1, 1, NULL,
				 "libclang could not parse this file (error "
				 "%d)",
				 (int)code);
		goto out;
	}
	report_parse(&t);
	check_tu_rules(&t);
	if (c->memo && rep->n == found)
		memo_pass(&t, &key, started);
out:
	tu_release(&t);
	strvec_clear(&args);
	strvec_clear(&key);
	return ret;
}
