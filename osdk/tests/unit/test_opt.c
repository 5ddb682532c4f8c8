/* SPDX-License-Identifier: MIT */
/* test_opt.c - command-line option parsing. */
#include "unit.h"

#include <errno.h>

#include "util/err.h"
#include "util/opt.h"
#include "util/strvec.h"

struct parsed {
	bool release, verbose;
	const char *scheme;
	int jobs;
	struct strvec pos, rest;
	struct osdk_err err;
};

static int parse(struct parsed *p, bool allow_rest, int argc, char **argv)
{
	struct opt opts[] = {
		OPT_FLAG_("release", 0, &p->release, "r"),
		OPT_FLAG_("verbose", 'v', &p->verbose, "v"),
		OPT_STR_("scheme", 0, &p->scheme, "NAME", "s"),
		OPT_INT_("jobs", 'j', &p->jobs, "N", "j"),
		OPT_END_(),
	};

	return opt_parse("build", opts, argc, argv, &p->pos,
			 allow_rest ? &p->rest : NULL, &p->err);
}

static void done(struct parsed *p)
{
	strvec_clear(&p->pos);
	strvec_clear(&p->rest);
}

UNIT(long_short_and_values)
{
	struct parsed p = { 0 };
	char *argv[] = { "build", "--release", "-v", "--scheme=tdx", "-j4",
			 "pos1",  "--jobs",    "8",  "pos2",	     NULL };

	CHECK_INT(parse(&p, false, 9, argv), 0);
	CHECK(p.release);
	CHECK(p.verbose);
	CHECK_STR(p.scheme, "tdx");
	CHECK_INT(p.jobs, 8);
	CHECK_INT(p.pos.n, 2);
	CHECK_STR(p.pos.v[0], "pos1");
	CHECK_STR(p.pos.v[1], "pos2");
	done(&p);
}

UNIT(separate_value_and_dashdash)
{
	struct parsed p = { 0 };
	char *argv[] = {
		"debug", "-j", "2", "--", "-batch", "--release", NULL
	};

	CHECK_INT(parse(&p, true, 6, argv), 0);
	CHECK_INT(p.jobs, 2);
	CHECK(!p.release);
	CHECK_INT(p.rest.n, 2);
	CHECK_STR(p.rest.v[1], "--release");
	done(&p);
}

UNIT(unknown_option_suggests)
{
	struct parsed p = { 0 };
	char *argv[] = { "build", "--relase", NULL };

	CHECK_INT(parse(&p, false, 2, argv), -EINVAL);
	CHECK_HAS(p.err.msg, "unknown option '--relase'");
	CHECK_HAS(p.err.msg, "did you mean '--release'?");
	done(&p);
}

UNIT(unknown_option_far_from_all)
{
	struct parsed p = { 0 };
	char *argv[] = { "build", "--zzzzzzzzzz=3", NULL };

	CHECK_INT(parse(&p, false, 2, argv), -EINVAL);
	CHECK_HAS(p.err.msg, "'--zzzzzzzzzz'");
	CHECK_HAS(p.err.msg, "see 'osdk help build'");
	done(&p);
}

UNIT(bad_values)
{
	struct parsed p = { 0 };
	char *a1[] = { "build", "-j", "zero", NULL };
	char *a2[] = { "build", "--jobs", NULL };
	char *a3[] = { "build", "--release=yes", NULL };
	char *a4[] = { "build", "-j0", NULL };
	char *a5[] = { "build", "-vx", NULL };
	char *a6[] = { "build", "--", "x", NULL };

	CHECK_INT(parse(&p, false, 3, a1), -EINVAL);
	CHECK_HAS(p.err.msg, "not 'zero'");
	CHECK_INT(parse(&p, false, 2, a2), -EINVAL);
	CHECK_HAS(p.err.msg, "needs a value");
	CHECK_INT(parse(&p, false, 2, a3), -EINVAL);
	CHECK_HAS(p.err.msg, "takes no value");
	CHECK_INT(parse(&p, false, 2, a4), -EINVAL);
	CHECK_INT(parse(&p, false, 2, a5), -EINVAL);
	CHECK_INT(parse(&p, false, 3, a6), -EINVAL);
	CHECK_HAS(p.err.msg, "unexpected argument 'x'");
	done(&p);
}

UNIT(help)
{
	struct parsed p = { 0 };
	char *a1[] = { "build", "-j", "2", "--help", NULL };
	char *a2[] = { "build", "-h", NULL };

	CHECK_INT(parse(&p, false, 4, a1), OPT_HELP);
	CHECK_INT(parse(&p, false, 2, a2), OPT_HELP);
	done(&p);
}

static const char *optional_value(int argc, char **argv)
{
	const char *v = NULL;
	struct strvec pos = STRVEC_INIT;
	struct osdk_err err = OSDK_ERR_INIT;
	struct opt opts[] = {
		OPT_OPTSTR_("gdb-server", 0, &v, "[SPEC]", "g"),
		OPT_FLAG_("release", 0, &(bool){ false }, "r"),
		OPT_END_(),
	};

	CHECK_INT(opt_parse("run", opts, argc, argv, &pos, NULL, &err), 0);
	strvec_clear(&pos);
	return v;
}

UNIT(optional_values)
{
	CHECK_STR(optional_value(2, (char *[]){ "run", "--gdb-server", NULL }),
		  "");
	CHECK_STR(optional_value(3, (char *[]){ "run", "--gdb-server",
						"--release", NULL }),
		  "");
	CHECK_STR(optional_value(3, (char *[]){ "run", "--gdb-server",
						"addr=:1", NULL }),
		  "addr=:1");
	CHECK_STR(
		optional_value(2, (char *[]){ "run", "--gdb-server=x", NULL }),
		"x");
	CHECK(optional_value(1, (char *[]){ "run", NULL }) == NULL);
}

UNIT_MAIN()
