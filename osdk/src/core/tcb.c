/* SPDX-License-Identifier: MIT */
/* tcb.c - counting lines of code per package and the trusted share. */
#include "tcb.h"

#include <stdlib.h>
#include <string.h>

#include "manifest.h"
#include "trust.h"
#include "workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

/* A file larger than this is not source code anyone wrote by hand. */
#define TCB_FILE_MAX (16u << 20)

static const char *const code_exts[] = { ".c", ".h", ".S", NULL };

enum lex_state { CODE, LINE_COMMENT, BLOCK_COMMENT, STRING, CHARACTER };

unsigned long tcb_count_lines(const char *text, size_t len)
{
	enum lex_state st = CODE;
	unsigned long lines = 0;
	bool token = false; /* the current line holds a token */

	for (size_t i = 0; i < len; i++) {
		char ch = text[i];
		char next = i + 1 < len ? text[i + 1] : '\0';

		if (ch == '\\' && next == '\n') {
			/* A splice joins two lines; the first ends here. */
			lines += token;
			token = st == STRING || st == CHARACTER;
			i++;
			continue;
		}
		if (ch == '\n') {
			lines += token;
			token = false;
			if (st == LINE_COMMENT || st == STRING ||
			    st == CHARACTER)
				st = CODE; /* an unterminated literal ends */
			continue;
		}
		switch (st) {
		case CODE:
			if (ch == '/' && next == '/') {
				st = LINE_COMMENT;
				i++;
			} else if (ch == '/' && next == '*') {
				st = BLOCK_COMMENT;
				i++;
			} else if (ch == '"') {
				st = STRING;
				token = true;
			} else if (ch == '\'') {
				st = CHARACTER;
				token = true;
			} else if (ch != ' ' && ch != '\t' && ch != '\r' &&
				   ch != '\f' && ch != '\v') {
				token = true;
			}
			break;
		case BLOCK_COMMENT:
			if (ch == '*' && next == '/') {
				st = CODE;
				i++;
			}
			break;
		case STRING:
		case CHARACTER:
			if (ch == '\\' && next && next != '\n')
				i++;
			else if (ch == (st == STRING ? '"' : '\''))
				st = CODE;
			break;
		case LINE_COMMENT:
			break;
		}
	}
	return lines + token;
}

static int count_file(const char *path, unsigned long *lines,
		      struct osdk_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = fs_read_max(path, &sb, TCB_FILE_MAX, err);

	if (!ret)
		*lines += tcb_count_lines(sb.buf, sb.len);
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

			ret = count_file(path, &out->lines, err);
			out->files++;
			free(path);
		}
		strvec_clear(&files);
		free(dir);
	}
	if (!ret && pkg->m->build.linker_script) {
		ret = count_file(pkg->m->build.linker_script, &out->lines, err);
		out->files++;
	}
	/* User images (the vDSO) are the package's code too. */
	for (size_t u = 0; u < pkg->m->build.nuser_images && !ret; u++) {
		const struct manifest_user_image *img =
			&pkg->m->build.user_images[u];

		for (size_t i = 0; i < img->nsources && !ret; i++) {
			char *path = fs_join(pkg->dir, img->sources[i]);

			ret = count_file(path, &out->lines, err);
			out->files++;
			free(path);
		}
	}
	return ret;
}

int tcb_measure(const struct workspace *ws, size_t kernel, struct tcb_report *r,
		struct osdk_err *err)
{
	bool *in = xcalloc(ws->npkgs, sizeof(bool));
	unsigned long total;
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
		if (tp->trusted)
			r->trusted_lines += tp->lines;
		else
			r->untrusted_lines += tp->lines;
	}
	total = r->trusted_lines + r->untrusted_lines;
	r->trusted_percent =
		total ? 100.0 * (double)r->trusted_lines / (double)total : 0.0;
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
