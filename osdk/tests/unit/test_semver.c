/* SPDX-License-Identifier: MIT */
/* test_semver.c - version parsing, precedence and requirement matching. */
#include "unit.h"

#include <stdlib.h>

#include "core/manifest/semver.h"

UNIT(parses_versions)
{
	struct semver v;

	CHECK_INT(semver_parse("1.2.3-rc.1+git.5f1c", &v), 0);
	CHECK_INT(v.major, 1);
	CHECK_INT(v.minor, 2);
	CHECK_INT(v.patch, 3);
	CHECK_STR(v.pre, "rc.1");
	CHECK_STR(v.build, "git.5f1c");
	semver_release(&v);
	CHECK_INT(semver_parse("0.0.0", &v), 0);
	CHECK(v.pre == NULL && v.build == NULL);
	semver_release(&v);
}

UNIT(rejects_bad_versions)
{
	static const char *const bad[] = {
		"1",
		"1.2",
		"01.2.3",
		"1.02.3",
		"1.2.3-",
		"1.2.3-01",
		"1.2.3+",
		"1.2.3-a..b",
		"v1.2.3",
		"1.2.3 ",
		"",
		"1.2.3.4",
		"99999999999999999999.0.0",
		NULL,
	};
	struct semver v;

	for (int i = 0; bad[i]; i++)
		if (semver_parse(bad[i], &v) == 0) {
			UNIT_FAIL("'%s' parsed", bad[i]);
			semver_release(&v);
		}
}

UNIT(precedence_follows_semver_11)
{
	/* The chain from semver.org, each lower than the next. */
	static const char *const chain[] = {
		"1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
		"1.0.0-beta",  "1.0.0-beta.2",	"1.0.0-beta.11",
		"1.0.0-rc.1",  "1.0.0",		"1.0.1",
		"1.1.0",       "2.0.0",		"10.0.0",
	};
	size_t n = sizeof(chain) / sizeof(chain[0]);

	for (size_t i = 0; i + 1 < n; i++) {
		CHECK(semver_cmp_str(chain[i], chain[i + 1]) < 0);
		CHECK(semver_cmp_str(chain[i + 1], chain[i]) > 0);
	}
	CHECK_INT(semver_cmp_str("1.0.0+a", "1.0.0+b"), 0);
}

struct match_case {
	const char *req, *version;
	bool want;
};

UNIT(requirements_match_like_cargo)
{
	static const struct match_case cases[] = {
		{ "^1.2", "1.2.0", true },
		{ "^1.2", "1.9.9", true },
		{ "^1.2", "2.0.0", false },
		{ "^1.2", "1.1.9", false },
		{ "1.2.3", "1.9.0", true },
		{ "1.2.3", "1.2.2", false },
		{ "^0.1", "0.1.7", true },
		{ "^0.1", "0.2.0", false },
		{ "^0.0.3", "0.0.3", true },
		{ "^0.0.3", "0.0.4", false },
		{ "^0.0", "0.0.9", true },
		{ "^0.0", "0.1.0", false },
		{ "^0", "0.9.0", true },
		{ "^0", "1.0.0", false },
		{ "~1.2.3", "1.2.9", true },
		{ "~1.2.3", "1.3.0", false },
		{ "~1.2.3", "1.2.2", false },
		{ "~1.2", "1.2.0", true },
		{ "~1", "1.9.0", true },
		{ "~1", "2.0.0", false },
		{ "=1.2.3", "1.2.3", true },
		{ "=1.2.3", "1.2.4", false },
		{ "=1.2", "1.2.7", true },
		{ "=1.2", "1.3.0", false },
		{ ">=1.2, <2", "1.5.0", true },
		{ ">=1.2, <2", "2.0.0", false },
		{ ">=1.2, <2", "1.1.0", false },
		{ ">1.2", "1.2.9", false },
		{ ">1.2", "1.3.0", true },
		{ ">1.2.3", "1.2.4", true },
		{ "<=1.2", "1.2.9", true },
		{ "<=1.2", "1.3.0", false },
		{ "<1.2.3", "1.2.2", true },
		{ "*", "7.1.0", true },
		{ "", "0.0.1", true },
		{ "1.*", "1.4.0", true },
		{ "1.*", "2.0.0", false },
		{ "1.2.x", "1.2.5", true },
		{ "1.2.x", "1.3.0", false },
		{ ">= 1.0 , < 1.5", "1.4.9", true },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (semver_matches(cases[i].req, cases[i].version) !=
		    cases[i].want)
			UNIT_FAIL("'%s' against %s: expected %s", cases[i].req,
				  cases[i].version,
				  cases[i].want ? "a match" : "no match");
}

UNIT(prereleases_only_when_asked_for)
{
	static const struct match_case cases[] = {
		{ "^1.0", "1.1.0-rc.1", false },
		{ "*", "1.0.0-alpha", false },
		{ ">=1.0.0-rc.1", "1.0.0-rc.2", true },
		{ ">=1.0.0-rc.1", "1.0.0", true },
		{ ">=1.0.0-rc.1", "1.0.1-rc.1", false },
		{ "^1.0.0-beta", "1.0.0-alpha", false },
		{ "^1.0.0-beta", "1.0.0-beta.2", true },
		{ "^1.0.0-beta", "1.5.0", true },
		{ "=1.0.0-rc.1", "1.0.0-rc.1", true },
		{ "=1.0.0-rc.1", "1.0.0", false },
		{ "<2.0.0", "2.0.0-rc.1", false },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (semver_matches(cases[i].req, cases[i].version) !=
		    cases[i].want)
			UNIT_FAIL("'%s' against %s: expected %s", cases[i].req,
				  cases[i].version,
				  cases[i].want ? "a match" : "no match");
}

UNIT(rejects_bad_requirements)
{
	static const char *const bad[] = {
		"latest", "^",	 ">=1.2,", "1.2.3.4", "^01",
		"1,,2",	  ">>1", "1.2.3-", "~1.x.3",  NULL,
	};
	struct semver_req r;

	for (int i = 0; bad[i]; i++)
		if (semver_req_parse(bad[i], &r) == 0) {
			UNIT_FAIL("'%s' parsed", bad[i]);
			semver_req_release(&r);
		}
}

UNIT(caret_of_a_version)
{
	char *s = semver_caret("0.1.0");

	CHECK_STR(s, "^0.1.0");
	free(s);
	s = semver_caret("1.0.0-rc.1+b7");
	CHECK_STR(s, "^1.0.0-rc.1");
	free(s);
}

UNIT_MAIN()
