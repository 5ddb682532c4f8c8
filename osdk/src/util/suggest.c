/* SPDX-License-Identifier: MIT */
/* suggest.c - "did you mean": edit distance and the closest candidate. */
#include "suggest.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static size_t min3(size_t a, size_t b, size_t c)
{
	size_t m = a < b ? a : b;

	return m < c ? m : c;
}

/*
 * Optimal string alignment: insertions, deletions, substitutions and swaps
 * of two adjacent characters each cost 1, and no substring is edited twice.
 * Swaps matter because "qmeu" for "qemu" is the commonest typo at a
 * keyboard. Three rolling rows keep memory linear in the length of b.
 */
size_t suggest_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *prev2, *prev, *cur, *rows, d;

	rows = xmalloc(3 * (lb + 1) * sizeof(*rows));
	prev2 = rows;
	prev = rows + (lb + 1);
	cur = rows + 2 * (lb + 1);
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t *t;

		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;

			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1,
				      prev[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < cur[j])
				cur[j] = prev2[j - 2] + 1;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	d = prev[lb];
	free(rows);
	return d;
}

const char *suggest_closest(const char *word, const char *const *cands)
{
	const char *best = NULL;
	size_t best_d = 0, lw = strlen(word);

	for (const char *const *c = cands; *c; c++) {
		size_t lc = strlen(*c);
		size_t longer = lw > lc ? lw : lc;
		size_t diff = lw > lc ? lw - lc : lc - lw;
		size_t limit = longer / 3 ? longer / 3 : 1;
		size_t d;

		/* The length difference bounds the distance from below, so
		 * a hopeless candidate costs no quadratic table. */
		if (diff > limit || (best && diff >= best_d))
			continue;
		d = suggest_distance(word, *c);
		/* Strictly smaller keeps the first of equally close ones. */
		if (d <= limit && (!best || d < best_d)) {
			best = *c;
			best_d = d;
		}
	}
	return best;
}
