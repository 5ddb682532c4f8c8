/* SPDX-License-Identifier: MIT */
/* ktests for the ktest machinery itself: comparisons, messages, assertions. */
#include "ktest/check.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>

KTEST(compare_is_mathematical)
{
	struct ktest_value minus_one = KTEST_VALUE(-1);
	struct ktest_value zero_u = KTEST_VALUE(0u);
	struct ktest_value big_u = KTEST_VALUE(~0ull);

	/* C would convert -1 to unsigned and call it the larger. */
	KT_ASSERT(ktest_compare(minus_one, KTEST_LT, zero_u));
	KT_ASSERT(ktest_compare(big_u, KTEST_GT, minus_one));
	KT_ASSERT(!ktest_compare(minus_one, KTEST_EQ, big_u));
	KT_ASSERT(ktest_compare(KTEST_VALUE(5), KTEST_EQ, KTEST_VALUE(5ul)));
	KT_ASSERT(
	    ktest_compare(KTEST_VALUE((short)-3), KTEST_LE, KTEST_VALUE(-3ll)));
	KT_ASSERT(ktest_compare(KTEST_VALUE(true), KTEST_EQ, KTEST_VALUE(1)));
	KT_ASSERT_EQ(KTEST_VALUE((unsigned char)200).kind, KTEST_UNSIGNED);
	KT_ASSERT_EQ(KTEST_VALUE((const char *)"x").kind, KTEST_POINTER);
}

KTEST(failure_messages_show_both_values)
{
	char buf[64];

	ktest_format_value(buf, sizeof(buf), KTEST_VALUE(3));
	KT_ASSERT_STREQ(buf, "3");
	ktest_format_value(buf, sizeof(buf), KTEST_VALUE(-255));
	KT_ASSERT_STREQ(buf, "-255");
	ktest_format_value(buf, sizeof(buf), KTEST_VALUE(4096u));
	KT_ASSERT_STREQ(buf, "4096 (0x1000)");
	ktest_format_value(buf, sizeof(buf), KTEST_VALUE(-256));
	KT_ASSERT_STREQ(buf, "-256 (0xffffffffffffff00)");
	ktest_format_value(buf, sizeof(buf), KTEST_VALUE((void *)0));
	KT_ASSERT_STREQ(buf, "NULL");
	ktest_format_value(buf, sizeof(buf), KTEST_VALUE((void *)0xabc));
	KT_ASSERT_STREQ(buf, "0xabc");

	ktest_format_errno(buf, sizeof(buf), -EINVAL);
	KT_ASSERT_STREQ(buf, "-22 (EINVAL)");
	ktest_format_errno(buf, sizeof(buf), 0);
	KT_ASSERT_STREQ(buf, "0");
	ktest_format_errno(buf, sizeof(buf), -100000);
	KT_ASSERT_STREQ(buf, "-100000");
}

static int returns(int v)
{
	return v;
}

/* Every assertion macro, on operands that satisfy it. */
KTEST(every_assertion_passes_when_it_should)
{
	int x = 4;
	const char *s = "keel";

	KT_ASSERT(x == 4);
	KT_ASSERT_EQ(x, 4);
	KT_ASSERT_NE(x, 5);
	KT_ASSERT_LT(x, 5);
	KT_ASSERT_LE(x, 4);
	KT_ASSERT_GT(x, 3);
	KT_ASSERT_GE(x, 4);
	KT_ASSERT_EQ(strlen(s), 4);  /* size_t against int: no warning */
	KT_ASSERT_LT(-1, strlen(s)); /* and compared mathematically */
	KT_ASSERT_ERR(returns(-ENOMEM), -ENOMEM);
	KT_ASSERT_OK(returns(0));
	KT_ASSERT_NULL(NULL);
	KT_ASSERT_NOT_NULL(s);
	KT_ASSERT_STREQ(s, "keel");
	KT_ASSERT_STREQ(NULL, NULL);
	KT_ASSERT_EQ(s, s);
}

/* Each operand is evaluated exactly once. */
KTEST(assertion_operands_evaluated_once)
{
	int n = 0;

	KT_ASSERT_EQ(++n, 1);
	KT_ASSERT_EQ(n, 1);
	KT_ASSERT_OK(returns(n++ - 1));
	KT_ASSERT_EQ(n, 2);
}
