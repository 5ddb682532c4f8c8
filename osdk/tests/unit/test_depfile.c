/* SPDX-License-Identifier: MIT */
/* test_depfile.c - the compiler's make rules read into prerequisites. */
#include "unit.h"

#include <errno.h>
#include <string.h>

#include "core/build/depfile.h"

static int parse(const char *text, struct strvec *out)
{
	strvec_clear(out);
	return depfile_parse(text, strlen(text), out);
}

UNIT(first_rule_with_continuations)
{
	struct strvec v = STRVEC_INIT;

	CHECK_INT(parse("obj/a.o: src/a.c \\\n  include/x.h\t\\\n"
			" include/y.h\n\ninclude/x.h:\n\ninclude/y.h:\n",
			&v),
		  0);
	CHECK_INT(v.n, 3);
	CHECK_STR(v.v[0], "src/a.c");
	CHECK_STR(v.v[1], "include/x.h");
	CHECK_STR(v.v[2], "include/y.h");
	/* CR LF continuations, and a rule with no prerequisites at all. */
	CHECK_INT(parse("a.o: a.c \\\r\n b.h\r\n", &v), 0);
	CHECK_INT(v.n, 2);
	CHECK_STR(v.v[1], "b.h");
	CHECK_INT(parse("a.o:\n", &v), 0);
	CHECK_INT(v.n, 0);
	strvec_clear(&v);
}

UNIT(escapes_in_names)
{
	struct strvec v = STRVEC_INIT;

	CHECK_INT(parse("a.o: my\\ dir/a.c cost$$.h x\\#y.h\n", &v), 0);
	CHECK_INT(v.n, 3);
	CHECK_STR(v.v[0], "my dir/a.c");
	CHECK_STR(v.v[1], "cost$.h");
	CHECK_STR(v.v[2], "x#y.h");
	/* Several targets before the colon. */
	CHECK_INT(parse("a.o a.d: a.c\n", &v), 0);
	CHECK_INT(v.n, 1);
	CHECK_STR(v.v[0], "a.c");
	strvec_clear(&v);
}

UNIT(malformed_is_refused)
{
	struct strvec v = STRVEC_INIT;

	CHECK_INT(parse("", &v), -EINVAL);
	CHECK_INT(parse("a.o a.c\n", &v), -EINVAL);
	CHECK_INT(parse("\na.o: a.c\n", &v), -EINVAL);
	CHECK_INT(parse("a.o: a.c \\", &v), -EINVAL);
	strvec_clear(&v);
}

UNIT_MAIN()
