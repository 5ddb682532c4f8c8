/* SPDX-License-Identifier: MIT */
/* test_ktest_shard.c - unit tests of choosing the tests a run selects. */
#include "core/boot/ktest_list.h"

#include <errno.h>
#include <string.h>

#include "unit.h"
#include "util/err.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct ktest_entry tests[] = {
	{ "alpha", "heap_grows", "a.c", 1 },
	{ "alpha", "heap_shrinks", "a.c", 9 },
	{ "alpha", "list_sorts", "a.c", 20 },
	{ "beta", "heap_maps", "b.c", 3 },
	{ "beta", "pipe_fills", "b.c", 7 },
};
static const struct ktest_list list = { tests, N(tests) };

/* The selection as a string of 0s and 1s, one a test. */
static void expect_sel(const struct ktest_select *sel, const char *want,
		       size_t want_matched)
{
	bool on[N(tests)];
	char got[N(tests) + 1];

	CHECK_INT(ktest_list_select(&list, sel, on), want_matched);
	for (size_t i = 0; i < N(tests); i++)
		got[i] = on[i] ? '1' : '0';
	got[N(tests)] = '\0';
	CHECK_STR(got, want);
}

UNIT(shards_are_disjoint_and_cover_the_filtered_tests)
{
	struct ktest_select sel = { 0 };

	expect_sel(&sel, "11111", 5);
	sel.shard_k = 1, sel.shard_n = 2;
	expect_sel(&sel, "10101", 5);
	sel.shard_k = 2;
	expect_sel(&sel, "01010", 5);
	/* Counted among the tests the filter keeps, not all of them. */
	sel.filter = "heap";
	sel.shard_k = 1;
	expect_sel(&sel, "10010", 3);
	sel.shard_k = 2;
	expect_sel(&sel, "01000", 3);
	sel.shard_k = 1, sel.shard_n = 1;
	expect_sel(&sel, "11010", 3);
	/* More shards than tests: the last ones are empty. */
	sel.filter = "beta::", sel.shard_k = 3, sel.shard_n = 4;
	expect_sel(&sel, "00000", 2);
	sel.filter = "pipe_fills", sel.exact = true, sel.shard_k = 1;
	expect_sel(&sel, "00001", 1);
}

UNIT(shard_words_parse_or_say_why_not)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct ktest_select sel = { 0 };
	static const char *bad[] = { "",     "x",    "1",    "1/",   "/2",
				     "1/2x", "-1/2", "1/-2", " 1/2", "1 /2" };
	static const char *range[] = { "0/2", "3/2", "1/0", "1/1000001",
				       "99999999999999999999/1" };

	CHECK_INT(ktest_shard_parse("2/3", &sel, &err), 0);
	CHECK_INT(sel.shard_k, 2);
	CHECK_INT(sel.shard_n, 3);
	CHECK_INT(ktest_shard_parse("1000000/1000000", &sel, &err), 0);
	for (size_t i = 0; i < N(bad); i++) {
		CHECK_INT(ktest_shard_parse(bad[i], &sel, &err), -EINVAL);
		CHECK_HAS(err.msg, "is not K/N");
	}
	for (size_t i = 0; i < N(range); i++) {
		CHECK_INT(ktest_shard_parse(range[i], &sel, &err), -EINVAL);
		CHECK_HAS(err.msg, "1 <= K <= N");
	}
}

UNIT_MAIN()
