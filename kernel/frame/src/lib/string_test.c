/* SPDX-License-Identifier: MIT */
/* ktests for the memory and string functions, and errno names. */
#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>

KTEST(memcpy_memset_memcmp)
{
	char a[32], b[32];

	memset(a, 0x5a, sizeof(a));
	for (size_t i = 0; i < sizeof(a); i++)
		KT_ASSERT_EQ((unsigned char)a[i], 0x5a);
	KT_ASSERT(memcpy(b, a, sizeof(a)) == b);
	KT_ASSERT_EQ(memcmp(a, b, sizeof(a)), 0);
	b[31] = 0x5b;
	KT_ASSERT_LT(memcmp(a, b, sizeof(a)), 0);
	KT_ASSERT_GT(memcmp(b, a, sizeof(a)), 0);
	/* Bytes compare as unsigned: 0x80 sorts after 0x7f. */
	KT_ASSERT_GT(memcmp("\x80", "\x7f", 1), 0);
	KT_ASSERT_EQ(memcmp(a, b, 0), 0);
	KT_ASSERT(memset(a, 0, 0) == a);
}

KTEST(memmove_handles_overlap_both_ways)
{
	char buf[16];

	memcpy(buf, "0123456789", 11);
	memmove(buf + 2, buf, 8); /* forward overlap: copy backwards */
	KT_ASSERT_STREQ(buf, "0101234567");

	memcpy(buf, "0123456789", 11);
	memmove(buf, buf + 2, 9); /* backward overlap: copy forwards */
	KT_ASSERT_STREQ(buf, "23456789");

	memcpy(buf, "abc", 4);
	KT_ASSERT(memmove(buf, buf, 4) == buf);
	KT_ASSERT_STREQ(buf, "abc");
}

KTEST(strlen_strcmp_family)
{
	KT_ASSERT_EQ(strlen(""), 0);
	KT_ASSERT_EQ(strlen("keel"), 4);
	KT_ASSERT_EQ(strnlen("keel", 2), 2);
	KT_ASSERT_EQ(strnlen("keel", 10), 4);
	KT_ASSERT_EQ(strnlen("keel", 0), 0);

	KT_ASSERT_EQ(strcmp("abc", "abc"), 0);
	KT_ASSERT_LT(strcmp("abc", "abd"), 0);
	KT_ASSERT_GT(strcmp("abd", "abc"), 0);
	KT_ASSERT_LT(strcmp("ab", "abc"), 0);
	KT_ASSERT_GT(strcmp("\xff", "a"), 0);

	KT_ASSERT_EQ(strncmp("abcdef", "abcxyz", 3), 0);
	KT_ASSERT_LT(strncmp("abcdef", "abcxyz", 4), 0);
	KT_ASSERT_EQ(strncmp("ab", "ab", 100), 0);
	KT_ASSERT_EQ(strncmp("x", "y", 0), 0);
}

KTEST(strscpy_bounds_and_reports)
{
	char buf[4];

	KT_ASSERT_EQ(frame_strscpy(buf, "abc", sizeof(buf)), 3);
	KT_ASSERT_STREQ(buf, "abc");
	KT_ASSERT_EQ(frame_strscpy(buf, "abcd", sizeof(buf)), -E2BIG);
	KT_ASSERT_STREQ(buf, "abc");
	KT_ASSERT_EQ(frame_strscpy(buf, "", sizeof(buf)), 0);
	KT_ASSERT_STREQ(buf, "");
	KT_ASSERT_EQ(frame_strscpy(buf, "abc", 0), -E2BIG);
}

KTEST(strscat_bounds_and_reports)
{
	char buf[8] = "ab";
	char full[4] = { 'w', 'x', 'y', 'z' }; /* no NUL within its size */

	KT_ASSERT_EQ(frame_strscat(buf, "cd", sizeof(buf)), 4);
	KT_ASSERT_STREQ(buf, "abcd");
	KT_ASSERT_EQ(frame_strscat(buf, "", sizeof(buf)), 4);
	KT_ASSERT_EQ(frame_strscat(buf, "efgh", sizeof(buf)), -E2BIG);
	KT_ASSERT_STREQ(buf, "abcdefg");
	KT_ASSERT_EQ(frame_strscat(buf, "x", sizeof(buf)), -E2BIG);
	KT_ASSERT_STREQ(buf, "abcdefg");
	KT_ASSERT_EQ(frame_strscat(full, "a", sizeof(full)), -E2BIG);
	KT_ASSERT_EQ(full[3], 'z');
	KT_ASSERT_EQ(frame_strscat(buf, "a", 0), -E2BIG);
}

KTEST(errno_names)
{
	KT_ASSERT_STREQ(frame_errno_name(-EINVAL), "EINVAL");
	KT_ASSERT_STREQ(frame_errno_name(ENOENT), "ENOENT");
	KT_ASSERT_STREQ(frame_errno_name(-EHWPOISON), "EHWPOISON");
	KT_ASSERT_STREQ(frame_errno_name(-ERESTARTSYS), "ERESTARTSYS");
	KT_ASSERT(frame_errno_name(515) == NULL);
	KT_ASSERT_STREQ(frame_errno_name(EWOULDBLOCK), "EAGAIN");
	KT_ASSERT_NULL(frame_errno_name(0));
	KT_ASSERT_NULL(frame_errno_name(41)); /* a hole in Linux's table */
	KT_ASSERT_NULL(frame_errno_name(-4096));
	KT_ASSERT_NULL(frame_errno_name(-2147483647 - 1));
}
