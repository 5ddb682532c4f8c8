/* SPDX-License-Identifier: MIT */
/* tcb.c - counting lines of code per package and the trusted share. */
#include "core/check/tcb.h"

#include <stdlib.h>
#include <string.h>

#include "core/manifest/manifest.h"
#include "core/resolve/trust.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

/* A file larger than this is not source code anyone wrote by hand. */
#define TCB_FILE_MAX (16u << 20)

static const char *const code_exts[] = { ".c", ".h", ".S", NULL };

enum lex_state { CODE, LINE_COMMENT, BLOCK_COMMENT, STRING, CHARACTER };

/* Where a KTEST block is: none, its name seen, inside its body. */
enum ktest_state { KT_NONE, KT_HEAD, KT_BODY };

struct lexer {
	enum lex_state st;
	enum ktest_state kt;
	unsigned long depth; /* braces open, outside directives */
	bool token;	     /* the current line holds a token */
	bool test;	     /* ... and one of them is test code */
	bool directive;	     /* the logical line is a # directive */
	bool logical_start;  /* no token yet on the logical line */
	struct tcb_lines *out;
};

static bool ident_char(char ch)
{
	return ch == '_' || (ch >= 'a' && ch <= 'z') ||
	       (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

static void lex_token(struct lexer *lx)
{
	lx->token = true;
	lx->test |= lx->kt != KT_NONE;
	lx->logical_start = false;
}

/* A physical line ends; `splice` when a backslash continues it. */
static void lex_line_end(struct lexer *lx, bool splice)
{
	if (lx->token) {
		if (lx->test)
			lx->out->test++;
		else
			lx->out->prod++;
	}
	lx->token = splice && (lx->st == STRING || lx->st == CHARACTER);
	lx->test = lx->token && lx->kt != KT_NONE;
	if (!splice) {
		lx->directive = false;
		lx->logical_start = true;
	}
}

/* Braces and KTEST heads outside directives: what makes a test block. */
static void lex_code_char(struct lexer *lx, const char *text, size_t len,
			  size_t *i)
{
	char ch = text[*i];
	size_t j;

	if (lx->logical_start && ch == '#')
		lx->directive = true;
	lex_token(lx);
	if (lx->directive)
		return;
	if (ident_char(ch) && !(ch >= '0' && ch <= '9') &&
	    (*i == 0 || !ident_char(text[*i - 1]))) {
		for (j = *i; j < len && ident_char(text[j]); j++)
			;
		if (lx->depth == 0 && j - *i == 5 &&
		    strncmp(text + *i, "KTEST", 5) == 0) {
			lx->kt = KT_HEAD;
			lx->test = true;
		}
		*i = j - 1;
	} else if (ch == '{') {
		if (lx->depth++ == 0 && lx->kt == KT_HEAD)
			lx->kt = KT_BODY;
	} else if (ch == '}') {
		if (lx->depth && --lx->depth == 0 && lx->kt == KT_BODY)
			lx->kt = KT_NONE;
	} else if (ch == ';' && lx->depth == 0 && lx->kt == KT_HEAD) {
		lx->kt = KT_NONE; /* a declaration, not a test */
	}
}

void tcb_count_split(const char *text, size_t len, struct tcb_lines *out)
{
	struct lexer lx = { .st = CODE, .logical_start = true, .out = out };

	out->prod = out->test = 0;
	for (size_t i = 0; i < len; i++) {
		char ch = text[i];
		char next = i + 1 < len ? text[i + 1] : '\0';

		if (ch == '\\' && next == '\n') {
			/* A splice joins two lines; the first ends here. */
			lex_line_end(&lx, true);
			i++;
			continue;
		}
		if (ch == '\n') {
			if (lx.st == LINE_COMMENT || lx.st == STRING ||
			    lx.st == CHARACTER)
				lx.st = CODE; /* an unterminated literal ends */
			lex_line_end(&lx, false);
			continue;
		}
		switch (lx.st) {
		case CODE:
			if (ch == '/' && next == '/') {
				lx.st = LINE_COMMENT;
				i++;
			} else if (ch == '/' && next == '*') {
				lx.st = BLOCK_COMMENT;
				i++;
			} else if (ch == '"') {
				lx.st = STRING;
				lex_token(&lx);
			} else if (ch == '\'') {
				lx.st = CHARACTER;
				lex_token(&lx);
			} else if (ch != ' ' && ch != '\t' && ch != '\r' &&
				   ch != '\f' && ch != '\v') {
				lex_code_char(&lx, text, len, &i);
			}
			break;
		case BLOCK_COMMENT:
			if (ch == '*' && next == '/') {
				lx.st = CODE;
				i++;
			}
			break;
		case STRING:
		case CHARACTER:
			if (ch == '\\' && next && next != '\n')
				i++;
			else if (ch == (lx.st == STRING ? '"' : '\''))
				lx.st = CODE;
			break;
		case LINE_COMMENT:
			break;
		}
	}
	lex_line_end(&lx, false);
}

unsigned long tcb_count_lines(const char *text, size_t len)
{
	struct tcb_lines l;

	tcb_count_split(text, len, &l);
	return l.prod + l.test;
}

bool tcb_test_file(const char *rel)
{
	const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	const char *t;

	for (const char *p = rel; p < base;) {
		const char *slash = strchr(p, '/');
		size_t n = (size_t)(slash - p);

		if ((n == 5 && strncmp(p, "tests", 5) == 0) ||
		    (n == 4 && strncmp(p, "test", 4) == 0) ||
		    (n == 8 && strncmp(p, "fixtures", 8) == 0))
			return true;
		p = slash + 1;
	}
	for (t = strstr(base, "_test"); t; t = strstr(t + 1, "_test"))
		if (t[5] == '.' || t[5] == '_')
			return true;
	return false;
}

/* Count one file into *lines; all of it is test code when `test`. */
static int count_file(const char *path, bool test, struct tcb_lines *lines,
		      struct osdk_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct tcb_lines l;
	int ret = fs_read_max(path, &sb, TCB_FILE_MAX, err);

	if (!ret) {
		tcb_count_split(sb.buf, sb.len, &l);
		lines->prod += test ? 0 : l.prod;
		lines->test += test ? l.prod + l.test : l.test;
	}
	strbuf_release(&sb);
	return ret;
}

static int measure_pkg(const struct ws_pkg *pkg, struct tcb_pkg *out,
		       struct osdk_err *err)
{
	static const char *const dirs[] = { "src", "include" };
	int ret = 0;

	for (size_t d = 0; d < 2 && !ret; d++) {
		char *dir = fs_join(pkg->dir, dirs[d]);
		struct strvec files = STRVEC_INIT;

		ret = fs_list_files(dir, code_exts, &files, err);
		for (size_t i = 0; !ret && i < files.n; i++) {
			char *path = fs_join(dir, files.v[i]);
			bool test = tcb_test_file(files.v[i]);

			ret = count_file(path, test, &out->lines, err);
			out->files++;
			out->test_files += test;
			free(path);
		}
		strvec_clear(&files);
		free(dir);
	}
	if (!ret && pkg->m->build.linker_script) {
		ret = count_file(pkg->m->build.linker_script, false,
				 &out->lines, err);
		out->files++;
	}
	/* User images (the vDSO) are the package's code too. */
	for (size_t u = 0; u < pkg->m->build.nuser_images && !ret; u++) {
		const struct manifest_user_image *img =
			&pkg->m->build.user_images[u];

		for (size_t i = 0; i < img->nsources && !ret; i++) {
			char *path = fs_join(pkg->dir, img->sources[i]);
			bool test = tcb_test_file(img->sources[i]);

			ret = count_file(path, test, &out->lines, err);
			out->files++;
			out->test_files += test;
			free(path);
		}
	}
	return ret;
}

int tcb_measure(const struct workspace *ws, size_t kernel, struct tcb_report *r,
		struct osdk_err *err)
{
	bool *in = xcalloc(ws->npkgs, sizeof(bool));
	unsigned long prod, all;
	int ret = 0;

	memset(r, 0, sizeof(*r));
	r->kernel = xstrdup(ws->pkgs[kernel].m->package.name);
	r->pkgs = xcalloc(ws->npkgs, sizeof(*r->pkgs));
	workspace_closure(ws, kernel, in);
	for (size_t p = 0; p < ws->npkgs && !ret; p++) {
		struct tcb_pkg *tp;

		if (!in[p])
			continue;
		tp = &r->pkgs[r->npkgs++];
		tp->name = xstrdup(ws->pkgs[p].m->package.name);
		tp->version = xstrdup(ws->pkgs[p].m->package.version);
		tp->trusted = trust_pkg_trusted(ws, p);
		ret = measure_pkg(&ws->pkgs[p], tp, err);
		if (!ret && tp->trusted)
			ret = tcb_proved_lines(&ws->pkgs[p], &tp->proved, err);
		if (tp->trusted) {
			r->proved += tp->proved;
			r->trusted.prod += tp->lines.prod;
			r->trusted.test += tp->lines.test;
		} else {
			r->untrusted.prod += tp->lines.prod;
			r->untrusted.test += tp->lines.test;
		}
	}
	prod = r->trusted.prod + r->untrusted.prod;
	all = prod + r->trusted.test + r->untrusted.test;
	r->trusted_percent =
		prod ? 100.0 * (double)r->trusted.prod / (double)prod : 0.0;
	r->proved_percent = r->trusted.prod ? 100.0 * (double)r->proved /
						      (double)r->trusted.prod
					    : 0.0;
	r->trusted_percent_all =
		all ? 100.0 * (double)(r->trusted.prod + r->trusted.test) /
				(double)all
		    : 0.0;
	free(in);
	if (ret)
		tcb_report_release(r);
	return ret;
}

void tcb_report_release(struct tcb_report *r)
{
	for (size_t i = 0; i < r->npkgs; i++) {
		free(r->pkgs[i].name);
		free(r->pkgs[i].version);
	}
	free(r->pkgs);
	free(r->kernel);
	memset(r, 0, sizeof(*r));
}
