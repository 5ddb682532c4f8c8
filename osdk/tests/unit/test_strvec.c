/* SPDX-License-Identifier: MIT */
/* test_strvec.c - argument vectors: shell-like splitting and joining. */
#include "unit.h"

#include <errno.h>
#include <stdlib.h>

#include "util/err.h"
#include "util/strvec.h"

static struct strvec split(const char *s, int expect)
{
	struct strvec sv = STRVEC_INIT;
	struct osdk_err err = OSDK_ERR_INIT;

	CHECK_INT(strvec_split(&sv, s, &err), expect);
	return sv;
}

UNIT(split_plain_words)
{
	struct strvec sv = split("  -m 512M\t-smp   2 \n", 0);

	CHECK_INT(sv.n, 4);
	CHECK_STR(sv.v[0], "-m");
	CHECK_STR(sv.v[3], "2");
	CHECK(sv.v[4] == NULL);
	strvec_clear(&sv);
}

UNIT(split_quotes_and_escapes)
{
	struct strvec sv = split("a 'b c' \"d \\\"e\\\"\" f\\ g ''", 0);

	CHECK_INT(sv.n, 5);
	CHECK_STR(sv.v[1], "b c");
	CHECK_STR(sv.v[2], "d \"e\"");
	CHECK_STR(sv.v[3], "f g");
	CHECK_STR(sv.v[4], "");
	strvec_clear(&sv);
}

UNIT(split_unterminated_quote)
{
	struct strvec sv = STRVEC_INIT;
	struct osdk_err err = OSDK_ERR_INIT;

	CHECK_INT(strvec_split(&sv, "-append 'oops", &err), -EINVAL);
	CHECK_HAS(err.msg, "unterminated");
	strvec_clear(&sv);
}

UNIT(split_empty)
{
	struct strvec sv = split("   ", 0);

	CHECK_INT(sv.n, 0);
	CHECK(strvec_argv(&sv)[0] == NULL);
	strvec_clear(&sv);
}

UNIT(join_round_trips)
{
	struct strvec sv = split("qemu -append 'console=ttyS0 log=debug' "
				 "it\\'s \"\"", 0);
	char *joined = strvec_join(&sv);
	struct strvec again = split(joined, 0);

	CHECK_INT(again.n, sv.n);
	for (size_t i = 0; i < sv.n && i < again.n; i++)
		CHECK_STR(again.v[i], sv.v[i]);
	free(joined);
	strvec_clear(&sv);
	strvec_clear(&again);
}

UNIT_MAIN()
