/* SPDX-License-Identifier: MIT */
/* check_report.c - the rule table, and violations: added, sorted, shown. */
#include "core/check/check.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/check/check_int.h"
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

static const struct check_rule_info rules[CHECK_NRULES] = {
	[CHECK_ASM] = { "FK-ASM", "inline assembly",
			"only the frame may contain assembly; call the frame "
			"API that does this, or ask for one" },
	[CHECK_VOLATILE] = { "FK-VOLATILE", "volatile",
			     "device and shared memory are reached through "
			     "frame APIs, which do the volatile accesses" },
	[CHECK_INT_TO_PTR] = { "FK-INT-TO-PTR", "integer-to-pointer conversion",
			       "a service cannot make a pointer from a number; "
			       "memory comes from the frame's allocator, "
			       "devices through frame handles" },
	[CHECK_PTR_TO_INT] = { "FK-PTR-TO-INT", "pointer-to-integer conversion",
			       "compare pointers as pointers and print them "
			       "with %p; a service does not compute with "
			       "addresses" },
	[CHECK_PTR_CAST] = { "FK-PTR-CAST", "cast between unrelated pointers",
			     "reach an enclosing object with container_of() "
			     "from <frame/compiler.h>; typed memory comes from "
			     "the frame's allocator" },
	[CHECK_FN_CAST] = { "FK-FN-CAST", "function-pointer cast",
			    "give the function exactly the type the pointer "
			    "has; call through the type it was defined with" },
	[CHECK_VLA] = { "FK-VLA", "variable-length array",
			"use a fixed-size array and check the length against "
			"it, or memory from the frame's allocator" },
	[CHECK_INCLUDE] = { "FK-INCLUDE", "header outside the service's reach",
			    "a service includes <frame/*.h>, its own headers, "
			    "its dependencies' include/ and libs/" },
	[CHECK_INTERNAL] = { "FK-INTERNAL", "frame-internal symbol",
			     "use the frame's public API, declared in "
			     "<frame/*.h>; anything else is the frame's own" },
	[CHECK_UNBOUNDED] = { "FK-UNBOUNDED", "unbounded string function",
			      "use the bounded replacement from "
			      "<frame/string.h> or <frame/format.h>" },
	[CHECK_USER] = { "FK-USER", "user address taken apart",
			 "read and write user memory through the frame's "
			 "vm_reader/vm_writer or frame_copy_from_user()/"
			 "frame_copy_to_user()" },
	[CHECK_PRIVATE] = { "FK-PRIVATE", "private member of a frame type",
			    "members whose names end in '_' are the frame's; "
			    "use the functions of the header that declares the "
			    "type" },
	[CHECK_COPY] = { "FK-COPY", "copy of an object that must not be copied",
			 "pass a pointer to the object; make a new one with "
			 "its init function or initialiser" },
	[CHECK_PARSE] = { "FK-PARSE", "file that does not parse",
			  "a file is checked only once it parses with the "
			  "build's flags; fix this error first" },
};

/* clang defines these even with -undef; the compiler's values agree. */
const struct check_rule_info *check_rule_info(enum check_rule rule)
{
	return &rules[rule];
}

int check_rule_by_id(const char *id)
{
	for (int r = 0; r < CHECK_NRULES; r++)
		if (strcmp(rules[r].id, id) == 0)
			return r;
	return -1;
}

/* --- reports ---------------------------------------------------------- */

void check_report_vadd(struct check_report *rep, enum check_rule rule,
		       const char *path, unsigned line, unsigned col,
		       const char *hint, const char *fmt, va_list ap)
{
	struct strbuf msg = STRBUF_INIT;
	struct check_diag *d;

	strbuf_vaddf(&msg, fmt, ap);
	XGROW(rep->v, rep->cap, rep->n + 1);
	d = &rep->v[rep->n++];
	d->rule = rule;
	d->path = xstrdup(path);
	d->line = line ? line : 1;
	d->col = col ? col : 1;
	d->msg = strbuf_detach(&msg);
	d->hint = hint ? xstrdup(hint) : NULL;
}

void check_report_add(struct check_report *rep, enum check_rule rule,
		      const char *path, unsigned line, unsigned col,
		      const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_report_vadd(rep, rule, path, line, col, hint, fmt, ap);
	va_end(ap);
}

static void diag_release(struct check_diag *d)
{
	free(d->path);
	free(d->msg);
	free(d->hint);
}

void check_report_release(struct check_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		diag_release(&r->v[i]);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

static int diag_place_cmp(const struct check_diag *a,
			  const struct check_diag *b)
{
	int c = strcmp(a->path, b->path);

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return (int)a->rule - (int)b->rule;
}

/* A diagnostic and where it was found, so that sorting is stable. */
struct sort_ent {
	struct check_diag *d;
	size_t i;
};

static int sort_ent_cmp(const void *a, const void *b)
{
	const struct sort_ent *x = a, *y = b;
	int c = diag_place_cmp(x->d, y->d);

	/* At one place the first found is kept: the parser's comes before
	 * the rules', and its words name the poisoned identifier. */
	if (c)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

void check_report_sort(struct check_report *r)
{
	struct sort_ent *e = xcalloc(r->n ? r->n : 1, sizeof(*e));
	struct check_diag *v = xcalloc(r->n ? r->n : 1, sizeof(*v));
	size_t out = 0;

	for (size_t i = 0; i < r->n; i++) {
		e[i].d = &r->v[i];
		e[i].i = i;
	}
	sort_array(e, r->n, sizeof(*e), sort_ent_cmp);
	for (size_t i = 0; i < r->n; i++) {
		if (out && diag_place_cmp(&v[out - 1], e[i].d) == 0) {
			diag_release(e[i].d);
			continue;
		}
		v[out++] = *e[i].d;
	}
	free(e);
	free(r->v);
	r->v = v;
	r->n = out;
	r->cap = r->n ? r->n : 1;
}

void check_diag_format(const struct check_diag *d, const char *base,
		       struct strbuf *out)
{
	char *shown = base ? fs_relpath(d->path, base) : xstrdup(d->path);

	strbuf_addf(out, "%s:%u:%u: error[%s]: %s\n    hint: %s\n", shown,
		    d->line, d->col, rules[d->rule].id, d->msg,
		    d->hint ? d->hint : rules[d->rule].hint);
	free(shown);
}

/* --- the checker -------------------------------------------------------- */

/* Whether `path` is `dir` or lies below it (both absolute, folded). */
