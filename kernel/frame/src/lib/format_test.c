/* SPDX-License-Identifier: MIT */
/* ktests for frame_snprintf(): conversions, flags, bounds. */
#include <stdarg.h>

#include <frame/format.h>
#include <frame/ktest.h>
#include <frame/string.h>

/* Format into a fresh buffer and compare with what C's printf prints. */
#define EXPECT_FMT(want, ...)                                                  \
	do {                                                                   \
		char buf_[128];                                                \
		frame_snprintf(buf_, sizeof(buf_), __VA_ARGS__);               \
		KT_ASSERT_STREQ(buf_, want);                                   \
	} while (0)

/*
 * Formats the compiler would reject (which is the point of its check) reach
 * the engine through a va_list, where it cannot see them.
 */
static int format_unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = frame_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

KTEST(format_signed_and_unsigned)
{
	EXPECT_FMT("0 42 -42", "%d %i %d", 0, 42, -42);
	EXPECT_FMT("-2147483648 2147483647", "%d %d", -2147483647 - 1,
		   2147483647);
	EXPECT_FMT("4294967295", "%u", 4294967295u);
	EXPECT_FMT("-9223372036854775808", "%lld", -9223372036854775807ll - 1);
	EXPECT_FMT("18446744073709551615", "%llu", ~0ull);
	EXPECT_FMT("-1 18446744073709551615", "%ld %lu", -1l, ~0ul);
	EXPECT_FMT("12345 -7", "%zu %zd", (size_t)12345, (ssize_t)-7);
	EXPECT_FMT("-1 255", "%hhd %hhu", (signed char)-1, (unsigned char)255);
	EXPECT_FMT("+5 -5  5", "%+d %+d % d", 5, -5, 5);
}

KTEST(format_hex_and_pointers)
{
	EXPECT_FMT("ff FF 0", "%x %X %x", 255u, 255u, 0u);
	EXPECT_FMT("deadbeefcafe", "%lx", 0xdeadbeefcafeul);
	EXPECT_FMT("ffffffffffffffff", "%llx", ~0ull);
	EXPECT_FMT("1f", "%zx", (size_t)31);
	EXPECT_FMT("0x1f 0X1F 0", "%#x %#X %#x", 31u, 31u, 0u);
	EXPECT_FMT("0x0000000000001000", "%p", (void *)0x1000);
	EXPECT_FMT("0xffffffff80000000", "%p", (void *)0xffffffff80000000ul);
}

KTEST(format_width_padding_justification)
{
	EXPECT_FMT("[   42]", "[%5d]", 42);
	EXPECT_FMT("[42   ]", "[%-5d]", 42);
	EXPECT_FMT("[00042]", "[%05d]", 42);
	EXPECT_FMT("[-0042]", "[%05d]", -42);
	EXPECT_FMT("[0x00ff]", "[%#06x]", 255u);
	EXPECT_FMT("[  abc]", "[%5s]", "abc");
	EXPECT_FMT("[abc  ]", "[%-5s]", "abc");
	EXPECT_FMT("[    x]", "[%5c]", 'x');
	EXPECT_FMT("[   42]", "[%*d]", 5, 42);
	EXPECT_FMT("[42   ]", "[%*d]", -5, 42);
	EXPECT_FMT("[  007]", "[%5.3d]", 7);
	EXPECT_FMT("[42]", "[%1d]", 42);
}

KTEST(format_flag_conflicts_resolve_as_in_c)
{
	char buf[16];

	/* '-' wins over '0'; a precision turns '0' off for integers. */
	format_unchecked(buf, sizeof(buf), "[%-05d]", 42);
	KT_ASSERT_STREQ(buf, "[42   ]");
	format_unchecked(buf, sizeof(buf), "[%06.3d]", 42);
	KT_ASSERT_STREQ(buf, "[   042]");
}

KTEST(format_strings_chars_percent)
{
	EXPECT_FMT("hello", "%s", "hello");
	EXPECT_FMT("hel", "%.3s", "hello");
	EXPECT_FMT("[  hel]", "[%5.3s]", "hello");
	EXPECT_FMT("he", "%.*s", 2, "hello");
	EXPECT_FMT("a%b", "%c%%%c", 'a', 'b');
	EXPECT_FMT("", "%s", "");
	/* Precision 0 with value 0 prints no digits (C semantics). */
	EXPECT_FMT("[]", "[%.0d]", 0);
}

KTEST(format_truncates_but_counts)
{
	char buf[8];
	int n;

	memset(buf, 'z', sizeof(buf));
	n = frame_snprintf(buf, sizeof(buf), "%s", "0123456789");
	KT_ASSERT_EQ(n, 10);
	KT_ASSERT_STREQ(buf, "0123456");

	memset(buf, 'z', sizeof(buf));
	n = frame_snprintf(buf, 1, "%d", 12345);
	KT_ASSERT_EQ(n, 5);
	KT_ASSERT_EQ(buf[0], '\0');
	KT_ASSERT_EQ(buf[1], 'z');

	/* Size 0 writes nothing at all, and buf may even be NULL. */
	n = frame_snprintf(NULL, 0, "%s-%d", "abc", 7);
	KT_ASSERT_EQ(n, 5);

	n = frame_snprintf(buf, sizeof(buf), "%5d|%-3s|", 1, "x");
	KT_ASSERT_EQ(n, 10);
	KT_ASSERT_STREQ(buf, "    1|x");
}

KTEST(format_unknown_conversion_is_copied)
{
	char buf[32];

	KT_ASSERT_EQ(format_unchecked(buf, sizeof(buf), "a %y b %d", 7), 8);
	KT_ASSERT_STREQ(buf, "a %y b 7");
	format_unchecked(buf, sizeof(buf), "100%");
	KT_ASSERT_STREQ(buf, "100%");
	format_unchecked(buf, sizeof(buf), "%-5");
	KT_ASSERT_STREQ(buf, "%-5");
	format_unchecked(buf, sizeof(buf), "[%s]", (const char *)NULL);
	KT_ASSERT_STREQ(buf, "[(null)]");
}
