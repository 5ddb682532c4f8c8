/* SPDX-License-Identifier: MIT */
/* ktests for command-line lookups. */
#include "boot/cmdline.h"

#include <frame/boot.h>
#include <frame/errno.h>
#include <frame/ktest.h>

static const char line[] =
    "console=ttyS0  quiet log=debug ktestx init=\"/bin/sh -l\" "
    "empty= a.b=1 log=warn\tnum=0x1F big=18446744073709551616";

KTEST(cmdline_has_matches_whole_keys)
{
	KT_ASSERT(frame_cmdline_has_in(line, "console"));
	KT_ASSERT(frame_cmdline_has_in(line, "quiet"));
	KT_ASSERT(frame_cmdline_has_in(line, "a.b"));
	KT_ASSERT(frame_cmdline_has_in(line, "empty"));
	KT_ASSERT(!frame_cmdline_has_in(line, "ktest"));  /* only "ktestx" */
	KT_ASSERT(!frame_cmdline_has_in(line, "a"));	  /* only "a.b" */
	KT_ASSERT(!frame_cmdline_has_in(line, "consol")); /* a prefix */
	KT_ASSERT(!frame_cmdline_has_in(line, "ttyS0"));  /* a value */
	KT_ASSERT(!frame_cmdline_has_in(line, "-l\""));	  /* inside quotes */
	KT_ASSERT(!frame_cmdline_has_in(line, ""));
	KT_ASSERT(!frame_cmdline_has_in("", "quiet"));
	KT_ASSERT(frame_cmdline_has_in("  quiet  ", "quiet"));
}

KTEST(cmdline_get_values)
{
	char buf[32];

	KT_ASSERT_OK(frame_cmdline_get_in(line, "console", buf, sizeof(buf)));
	KT_ASSERT_STREQ(buf, "ttyS0");
	/* The last key=value wins, as in Linux. */
	KT_ASSERT_OK(frame_cmdline_get_in(line, "log", buf, sizeof(buf)));
	KT_ASSERT_STREQ(buf, "warn");
	/* Quotes group words and are removed. */
	KT_ASSERT_OK(frame_cmdline_get_in(line, "init", buf, sizeof(buf)));
	KT_ASSERT_STREQ(buf, "/bin/sh -l");
	KT_ASSERT_OK(frame_cmdline_get_in(line, "empty", buf, sizeof(buf)));
	KT_ASSERT_STREQ(buf, "");
	KT_ASSERT_ERR(frame_cmdline_get_in(line, "quiet", buf, sizeof(buf)),
		      -ENODATA);
	KT_ASSERT_ERR(frame_cmdline_get_in(line, "nothere", buf, sizeof(buf)),
		      -ENOENT);
	KT_ASSERT_ERR(frame_cmdline_get_in(line, "init", buf, 5), -E2BIG);
	KT_ASSERT_STREQ(buf, "/bin");
}

KTEST(cmdline_numbers)
{
	uint64_t v = 7;

	KT_ASSERT_OK(frame_parse_u64("0", &v));
	KT_ASSERT_EQ(v, 0);
	KT_ASSERT_OK(frame_parse_u64("0x1F", &v));
	KT_ASSERT_EQ(v, 31);
	KT_ASSERT_OK(frame_parse_u64("18446744073709551615", &v));
	KT_ASSERT_EQ(v, ~0ull);
	KT_ASSERT_ERR(frame_parse_u64("18446744073709551616", &v), -ERANGE);
	KT_ASSERT_ERR(frame_parse_u64("0x10000000000000000", &v), -ERANGE);
	KT_ASSERT_ERR(frame_parse_u64("", &v), -EINVAL);
	KT_ASSERT_ERR(frame_parse_u64("0x", &v), -EINVAL);
	KT_ASSERT_ERR(frame_parse_u64("12a", &v), -EINVAL);
	KT_ASSERT_ERR(frame_parse_u64("-1", &v), -EINVAL);
	KT_ASSERT_EQ(v, ~0ull); /* unchanged by the failures */
}

/* The kernel running this test was booted with `ktest` on its line. */
KTEST(cmdline_of_this_boot)
{
	KT_ASSERT(frame_cmdline_has("ktest"));
	KT_ASSERT_NOT_NULL(frame_cmdline());
	KT_ASSERT_ERR(frame_cmdline_get("ktest", NULL, 0), -ENODATA);
}
