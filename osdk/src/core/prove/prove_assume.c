/* SPDX-License-Identifier: MIT */
/* prove_assume.c - what a proof takes on trust: the contracts it relies on. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/prove/prove_int.h"
#include "util/xalloc.h"

/* Whether one of the proved bodies calls `name`. */
static bool called(const struct strvec *bodies, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < bodies->n; i++) {
		const char *b = bodies->v[i], *p = b;

		while ((p = strstr(p, name))) {
			const char *q = p + n;

			while (*q == ' ' || *q == '\t' || *q == '\n')
				q++;
			if (*q == '(' &&
			    (p == b ||
			     !(isalnum((unsigned char)p[-1]) || p[-1] == '_')))
				return true;
			p += n;
		}
	}
	return false;
}

/* Whether `csv` (Frama-C's report) has a property of function `name`. */
static bool has_property(const char *csv, const char *name)
{
	size_t n = strlen(name);

	for (const char *line = csv; *line;) {
		const char *end = strchr(line, '\n'), *col = line;

		if (!end)
			end = line + strlen(line);
		/* directory, file, line, function: the fourth column */
		for (int i = 0; i < 3 && col && col < end; i++) {
			col = memchr(col, '\t', (size_t)(end - col));
			if (col)
				col++;
		}
		if (col && col < end && (size_t)(end - col) > n &&
		    !strncmp(col, name, n) && col[n] == '\t')
			return true;
		line = *end ? end + 1 : end;
	}
	return false;
}

/*
 * Functions the file defines but does not prove (outside
 * prove.functions), which the proved ones call and whose contracts their
 * proofs therefore take on trust.
 */
void prove_note_unproved_defined(const char *csv, const struct strvec *all,
				 const struct strvec *fns,
				 const struct strvec *bodies,
				 struct prove_report *r)
{
	for (size_t i = 0; i < all->n; i++) {
		char entry[160];
		bool seen = false;

		for (size_t j = 0; j < fns->n && !seen; j++)
			seen = !strcmp(fns->v[j], all->v[i]);
		if (seen || !called(bodies, all->v[i]) ||
		    !has_property(csv, all->v[i]))
			continue;
		snprintf(entry, sizeof(entry), "%s (contract)", all->v[i]);
		for (size_t j = 0; j < r->assumed.n && !seen; j++)
			seen = !strcmp(r->assumed.v[j], entry);
		if (!seen)
			strvec_push(&r->assumed, entry);
	}
}

/*
 * Functions the proved ones call whose specification Frama-C had to make
 * up from the prototype.
 */
void prove_note_generated(const char *log, const struct strvec *bodies,
			  struct prove_report *r)
{
	static const char tag[] = "Neither code nor specification for "
				  "function ";
	const char *p = log;

	while ((p = strstr(p, tag))) {
		char name[128], entry[160];
		bool seen;
		size_t n;

		p += sizeof(tag) - 1;
		n = strcspn(p, ", \n");
		if (n >= sizeof(name))
			n = sizeof(name) - 1;
		memcpy(name, p, n);
		name[n] = 0;
		snprintf(entry, sizeof(entry), "%s (no contract)", name);
		seen = !called(bodies, name);
		for (size_t i = 0; i < r->assumed.n; i++)
			seen |= !strcmp(r->assumed.v[i], entry);
		if (!seen)
			strvec_push(&r->assumed, entry);
	}
}

/* A contract one file assumes and another proves is not assumed. */
void prove_drop_proved_assumptions(struct prove_report *r)
{
	for (size_t i = 0; i < r->assumed.n;) {
		const char *a = r->assumed.v[i];
		size_t len = strcspn(a, " ");
		bool proved = false;

		for (size_t j = 0; j < r->nfns && !proved; j++)
			proved = strlen(r->fns[j].name) == len &&
				 !strncmp(r->fns[j].name, a, len) &&
				 !strcmp(a + len, " (contract)");
		if (proved) {
			free(r->assumed.v[i]);
			/* with the NULL that ends the vector */
			memmove(&r->assumed.v[i], &r->assumed.v[i + 1],
				(r->assumed.n - i) * sizeof(char *));
			r->assumed.n--;
		} else {
			i++;
		}
	}
}
