/* SPDX-License-Identifier: MIT */
/* test_suggest.c - unit tests of the "did you mean" helper. */
#include "util/suggest.h"

#include <stdlib.h>
#include <string.h>

#include "unit.h"

UNIT(distance_identical_and_empty)
{
	CHECK_INT(suggest_distance("", ""), 0);
	CHECK_INT(suggest_distance("qemu", "qemu"), 0);
	CHECK_INT(suggest_distance("", "boot"), 4);
	CHECK_INT(suggest_distance("boot", ""), 4);
}

UNIT(distance_single_edits)
{
	CHECK_INT(suggest_distance("qemuu", "qemu"), 1);    /* insertion */
	CHECK_INT(suggest_distance("qmu", "qemu"), 1);	    /* deletion */
	CHECK_INT(suggest_distance("kernal", "kernel"), 1); /* substitution */
	CHECK_INT(suggest_distance("qmeu", "qemu"), 1);	    /* swap */
	CHECK_INT(suggest_distance("ab", "ba"), 1);
}

UNIT(distance_is_optimal_string_alignment)
{
	/* Full Damerau-Levenshtein says 2 (swap, then insert inside the
	 * swapped pair); OSA never edits a substring twice, so 3. */
	CHECK_INT(suggest_distance("ca", "abc"), 3);
	CHECK_INT(suggest_distance("kitten", "sitting"), 3);
	CHECK_INT(suggest_distance("flaw", "lawn"), 2);
	CHECK_INT(suggest_distance("abcdef", "badcfe"), 3);
}

UNIT(distance_is_symmetric)
{
	static const char *const w[] = {"",	"a",	   "boot",   "qemu",
					"qmeu", "schemes", "scheme", "abcdef"};
	size_t n = sizeof(w) / sizeof(w[0]);

	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			CHECK_INT(suggest_distance(w[i], w[j]),
				  suggest_distance(w[j], w[i]));
}

static const char *const keys[] = {
    "package", "workspace", "dependencies", "build",   "boot",
    "qemu",    "run",	    "test",	    "schemes", NULL};

UNIT(closest_finds_typos)
{
	CHECK_STR(suggest_closest("pakage", keys), "package");
	CHECK_STR(suggest_closest("qemuu", keys), "qemu");
	CHECK_STR(suggest_closest("qmeu", keys), "qemu");
	CHECK_STR(suggest_closest("dependancies", keys), "dependencies");
	CHECK_STR(suggest_closest("scheme", keys), "schemes");
	CHECK_STR(suggest_closest("workspaces", keys), "workspace");
}

UNIT(closest_exact_match_is_itself)
{
	CHECK_STR(suggest_closest("boot", keys), "boot");
}

UNIT(closest_rejects_far_words)
{
	CHECK(suggest_closest("xyz", keys) == NULL);
	CHECK(suggest_closest("kernel", keys) == NULL);
	CHECK(suggest_closest("", keys) == NULL);
	CHECK(suggest_closest("abcdefghijklmnopqrstuvwxyz", keys) == NULL);
}

UNIT(closest_threshold_is_a_third_at_least_one)
{
	static const char *const c[] = {"abcdef", NULL};
	static const char *const s[] = {"ab", NULL};

	/* Longer word 6 letters: up to 2 edits. */
	CHECK_STR(suggest_closest("abXdeY", c), "abcdef");
	CHECK(suggest_closest("aXXdeY", c) == NULL);
	/* Short words still get one edit. */
	CHECK_STR(suggest_closest("ax", s), "ab");
	CHECK(suggest_closest("xy", s) == NULL);
}

UNIT(closest_tie_goes_to_first)
{
	static const char *const a[] = {"run", "rum", NULL};
	static const char *const b[] = {"rum", "run", NULL};

	CHECK_STR(suggest_closest("ruz", a), "run");
	CHECK_STR(suggest_closest("ruz", b), "rum");
}

UNIT(closest_prefers_nearer_later_candidate)
{
	static const char *const c[] = {"tdx-debug", "tdx", NULL};

	CHECK_STR(suggest_closest("tdxx", c), "tdx");
}

UNIT(closest_empty_list)
{
	static const char *const none[] = {NULL};

	CHECK(suggest_closest("boot", none) == NULL);
}

UNIT(distance_long_words)
{
	char *a = malloc(2001), *b = malloc(2001);

	memset(a, 'a', 2000);
	memset(b, 'a', 2000);
	a[2000] = b[2000] = '\0';
	b[1000] = 'b';
	CHECK_INT(suggest_distance(a, b), 1);
	b[1999] = '\0';
	CHECK_INT(suggest_distance(a, b), 2);
	free(a);
	free(b);
}

UNIT_MAIN()
