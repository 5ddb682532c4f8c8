/* SPDX-License-Identifier: MIT */
/* prove_parse.c - reading a C source's functions and Frama-C's reports. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/prove/prove.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Skip a comment, string or character literal at p; returns past it. */
static const char *skip_lexeme(const char *p)
{
	if (p[0] == '/' && p[1] == '*') {
		const char *e = strstr(p + 2, "*/");

		return e ? e + 2 : p + strlen(p);
	}
	if (p[0] == '/' && p[1] == '/') {
		const char *e = strchr(p, '\n');

		return e ? e : p + strlen(p);
	}
	if (*p == '"' || *p == '\'') {
		char q = *p++;

		while (*p && *p != q) {
			if (*p == '\\' && p[1])
				p++;
			p++;
		}
		return *p ? p + 1 : p;
	}
	return NULL;
}

static bool is_keyword(const char *s, size_t n)
{
	static const char *const kw[] = { "if",		  "while",  "for",
					  "switch",	  "return", "sizeof",
					  "BUILD_BUG_ON", NULL };

	for (size_t i = 0; kw[i]; i++)
		if (strlen(kw[i]) == n && !strncmp(s, kw[i], n))
			return true;
	return false;
}

void prove_defined_functions(const char *text, struct strvec *out,
			     struct strvec *bodies)
{
	const char *p = text, *name = NULL, *cand = NULL, *body = NULL;
	size_t name_len = 0, cand_len = 0;
	int braces = 0, parens = 0;
	bool line_start = true, after_params = false;

	while (*p) {
		const char *q = skip_lexeme(p);

		if (q) {
			p = q;
			continue;
		}
		if (line_start && *p == '#') {
			/* A preprocessor line, with its continuations. */
			while (*p && !(*p == '\n' && p[-1] != '\\'))
				p++;
			continue;
		}
		line_start = *p == '\n'
				     ? true
				     : (isspace((unsigned char)*p) ? line_start
								   : false);
		if (isalpha((unsigned char)*p) || *p == '_') {
			const char *s = p;

			while (isalnum((unsigned char)*p) || *p == '_')
				p++;
			if (!braces && !parens) {
				name = s;
				name_len = (size_t)(p - s);
				if (after_params)
					after_params = false;
			}
			continue;
		}
		switch (*p) {
		case '(':
			if (!braces && !parens++ && name &&
			    !is_keyword(name, name_len)) {
				cand = name;
				cand_len = name_len;
			}
			break;
		case ')':
			if (!braces && parens && !--parens)
				after_params = true;
			break;
		case '{':
			if (!braces && !parens && after_params && cand) {
				char *name_copy = xmalloc(cand_len + 1);

				memcpy(name_copy, cand, cand_len);
				name_copy[cand_len] = 0;
				strvec_push(out, name_copy);
				free(name_copy);
				body = p;
			}
			braces++;
			after_params = false;
			cand = NULL;
			break;
		case '}':
			if (braces && !--braces && body) {
				size_t n = (size_t)(p + 1 - body);
				char *b = xmalloc(n + 1);

				memcpy(b, body, n);
				b[n] = 0;
				if (bodies)
					strvec_push(bodies, b);
				free(b);
				body = NULL;
			}
			break;
		case ';':
		case '=':
		case ',':
			if (!braces && !parens) {
				after_params = false;
				if (*p != ',')
					cand = NULL;
			}
			break;
		default:
			if (!isspace((unsigned char)*p) && !braces && !parens)
				after_params = false;
			break;
		}
		p++;
	}
}

/* Frama-C's prover keys ("qed", "Z3:4.8.12") as shown ("Qed", "Z3"). */
static void prover_name(const char *key, char *buf, size_t len)
{
	size_t n = strcspn(key, ":");

	if (!strcmp(key, "qed")) {
		snprintf(buf, len, "Qed");
		return;
	}
	if (n >= len)
		n = len - 1;
	memcpy(buf, key, n);
	buf[n] = 0;
}

static unsigned json_count(const cJSON *obj, const char *field)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, field);

	return cJSON_IsNumber(v) && v->valuedouble > 0
		       ? (unsigned)v->valuedouble
		       : 0;
}

static void add_prover(struct strbuf *sb, const char *name)
{
	const char *p = sb->len ? strstr(sb->buf, name) : NULL;
	size_t n = strlen(name);

	if (p && (p[n] == 0 || p[n] == ','))
		return;
	if (sb->len)
		strbuf_adds(sb, ", ");
	strbuf_adds(sb, name);
}

/* Whether the report has a line for @name already (a lemma of a header
 * that several proved files include is counted once). */
static bool has_fn(const struct prove_report *r, const char *name)
{
	for (size_t i = 0; i < r->nfns; i++)
		if (!strcmp(r->fns[i].name, name))
			return true;
	return false;
}

/*
 * The lemmas of @file's translation unit ("wp:axiomatics" in the report,
 * by axiomatic block, each "lemma_NAME"), as lines "lemma NAME" of the
 * report; one not proved is a failure too. A lemma is a fact every proof
 * after it may use, so it must be proved like any goal.
 */
static void parse_lemmas(cJSON *root, const char *file, struct prove_report *r)
{
	cJSON *blocks = cJSON_GetObjectItemCaseSensitive(root, "wp:axiomatics");
	cJSON *block, *lemma;
	size_t cap = r->nfns, fcap = r->nfails;

	cJSON_ArrayForEach(block, blocks)
	{
		cJSON_ArrayForEach(lemma, block)
		{
			const cJSON *main = cJSON_GetObjectItemCaseSensitive(
				lemma, "wp:main");
			const char *n = lemma->string;
			char name[160];
			struct prove_fn *f;
			cJSON *by;

			if (!strcmp(n, "wp:section"))
				continue;
			if (!strncmp(n, "lemma_", 6))
				n += 6;
			snprintf(name, sizeof(name), "lemma %s", n);
			if (has_fn(r, name))
				continue;
			XGROW(r->fns, cap, r->nfns + 1);
			f = &r->fns[r->nfns++];
			memset(f, 0, sizeof(*f));
			f->name = xstrdup(name);
			f->file = xstrdup(file);
			f->goals = json_count(main, "total");
			f->proved = json_count(main, "valid");
			f->provers = xstrdup("-");
			cJSON_ArrayForEach(by, lemma)
			{
				char pn[32];

				if (strcmp(by->string, "wp:main") &&
				    json_count(by, "valid")) {
					prover_name(by->string, pn, sizeof(pn));
					free(f->provers);
					f->provers = xstrdup(pn);
				}
			}
			r->goals += f->goals;
			r->proved += f->proved;
			if (f->proved < f->goals) {
				struct prove_fail *x;

				XGROW(r->fails, fcap, r->nfails + 1);
				x = &r->fails[r->nfails++];
				memset(x, 0, sizeof(*x));
				x->function = xstrdup(name);
				x->kind = xstrdup("lemma");
				x->file = xstrdup(file);
				x->status = xstrdup("Unknown");
				x->property = xstrdup(n);
			}
		}
	}
}

int prove_parse_json(const char *json, const char *file, struct prove_report *r,
		     struct osdk_err *err)
{
	cJSON *root = cJSON_Parse(json), *fns, *fn;
	size_t cap = r->nfns;

	if (!root)
		return err_set(err, -EINVAL,
			       "could not read Frama-C's JSON report");
	fns = cJSON_GetObjectItemCaseSensitive(root, "wp:functions");
	cJSON_ArrayForEach(fn, fns)
	{
		struct strbuf provers = { 0 };
		struct prove_fn *f;
		cJSON *goal;

		XGROW(r->fns, cap, r->nfns + 1);
		f = &r->fns[r->nfns++];
		memset(f, 0, sizeof(*f));
		f->name = xstrdup(fn->string);
		f->file = xstrdup(file);
		strbuf_init(&provers);
		cJSON_ArrayForEach(goal, fn)
		{
			const cJSON *main = cJSON_GetObjectItemCaseSensitive(
				goal, "wp:main");
			cJSON *by;

			/* The function's own totals, which repeat its goals. */
			if (!strcmp(goal->string, "wp:section"))
				continue;
			f->goals += json_count(main, "total");
			f->proved += json_count(main, "valid");
			cJSON_ArrayForEach(by, goal)
			{
				char name[32];

				if (!strcmp(by->string, "wp:main") ||
				    !json_count(by, "valid"))
					continue;
				prover_name(by->string, name, sizeof(name));
				add_prover(&provers, name);
			}
		}
		f->provers =
			provers.len ? strbuf_detach(&provers) : xstrdup("-");
		strbuf_release(&provers);
		r->goals += f->goals;
		r->proved += f->proved;
	}
	parse_lemmas(root, file, r);
	cJSON_Delete(root);
	return 0;
}

static bool in_list(const struct strvec *v, const char *s)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->v[i], s))
			return true;
	return false;
}

/*
 * Statuses that name no goal of their own to fix: proved, assumed, or
 * "Partially proven" (proved, resting on a property not proved, which is
 * reported itself).
 */
static bool status_ok(const char *s)
{
	return !strncmp(s, "Valid", 5) || !strcmp(s, "Considered valid") ||
	       !strcmp(s, "Partially proven");
}

void prove_parse_csv(const char *csv, const struct strvec *fns,
		     struct prove_report *r)
{
	const char *line = strchr(csv, '\n'); /* past the header */
	size_t cap = r->nfails;

	while (line && *++line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char *row = xmalloc(len + 1), *col[7], *s = row;
		int n = 0;

		memcpy(row, line, len);
		row[len] = 0;
		while (n < 7) {
			col[n++] = s;
			s = strchr(s, '\t');
			if (!s)
				break;
			*s++ = 0;
		}
		/* directory, file, line, function, kind, status, property */
		if (n == 7 && in_list(fns, col[3])) {
			/* A proved function's own preconditions and
			 * behaviours' assumptions are its callers' to
			 * prove. Each proved caller's call has its own
			 * row ("precondition of F"), checked as its
			 * goal; the function's row sums up every caller,
			 * unproved ones too: untried, or unknown. */
			bool own_pre = !strcmp(col[4], "precondition") ||
				       !strcmp(col[4], "behavior assumption");

			if (!own_pre && !status_ok(col[5])) {
				struct prove_fail *f;

				XGROW(r->fails, cap, r->nfails + 1);
				f = &r->fails[r->nfails++];
				f->function = xstrdup(col[3]);
				f->kind = xstrdup(col[4]);
				if (strcmp(col[0], ".")) {
					struct strbuf path = { 0 };

					strbuf_init(&path);
					strbuf_addf(&path, "%s/%s", col[0],
						    col[1]);
					f->file = strbuf_detach(&path);
				} else {
					f->file = xstrdup(col[1]);
				}
				f->line = atoi(col[2]);
				f->status = xstrdup(col[5]);
				f->property = xstrdup(col[6]);
			}
		} else if (n == 7 && !strcmp(col[5], "Considered valid") &&
			   !in_list(fns, col[3])) {
			char entry[256];

			snprintf(entry, sizeof(entry), "%s (contract)", col[3]);
			if (!in_list(&r->assumed, entry))
				strvec_push(&r->assumed, entry);
		}
		free(row);
		line = end;
	}
}
