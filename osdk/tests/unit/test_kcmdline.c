/* SPDX-License-Identifier: MIT */
/* test_kcmdline.c - unit tests of composing the kernel command line. */
#include "core/manifest/kcmdline.h"

#include <errno.h>
#include <stdlib.h>

#include "unit.h"
#include "util/err.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Compose and compare; a failure to compose is a failed check. */
static void expect(const char *base, const struct kcmdline_parts *p,
		   const char *want)
{
	struct osdk_err err = OSDK_ERR_INIT;
	char *got = NULL;

	if (kcmdline_compose(base, p, &got, &err)) {
		UNIT_FAIL("'%s' does not compose: %s", base, err.msg);
		return;
	}
	CHECK_STR(got, want);
	free(got);
}

static void expect_error(const struct kcmdline_parts *p, const char *msg)
{
	struct osdk_err err = OSDK_ERR_INIT;
	char *got = NULL;

	CHECK_INT(kcmdline_compose("console=ttyS0", p, &got, &err), -EINVAL);
	CHECK(got == NULL);
	CHECK_HAS(err.msg, msg);
	free(got);
}

UNIT(separator_is_a_whole_word_outside_quotes)
{
	CHECK_INT(kcmdline_separator(""), -1);
	CHECK_INT(kcmdline_separator("a b"), -1);
	CHECK_INT(kcmdline_separator("--"), 0);
	CHECK_INT(kcmdline_separator("a -- b"), 2);
	CHECK_INT(kcmdline_separator("a\t--\tb"), 2);
	CHECK_INT(kcmdline_separator("a --x -- b"), 6);
	CHECK_INT(kcmdline_separator("x-- ---"), -1);
	CHECK_INT(kcmdline_separator("init=\"/bin/sh -- x\" y"), -1);
	CHECK_INT(kcmdline_separator("\"a -- b\" -- c"), 9);
	CHECK_INT(kcmdline_separator("a=\"--\" --"), 7);
}

UNIT(nothing_to_add_keeps_the_line)
{
	struct kcmdline_parts p = { 0 };

	expect("", &p, "");
	expect("console=ttyS0 quiet", &p, "console=ttyS0 quiet");
	expect("a -- b", &p, "a -- b");
}

UNIT(env_before_args_after_a_new_separator)
{
	const char *env[] = { "HOME=/root", "TERM=vt100" };
	const char *args[] = { "-l", "x" };
	struct kcmdline_parts p = { NULL, env, N(env), args, N(args) };
	struct kcmdline_parts only_env = { NULL, env, N(env), NULL, 0 };
	struct kcmdline_parts only_args = { NULL, NULL, 0, args, N(args) };

	expect("console=ttyS0 quiet", &p,
	       "console=ttyS0 quiet HOME=/root TERM=vt100 -- -l x");
	expect("", &p, "HOME=/root TERM=vt100 -- -l x");
	expect("console=ttyS0", &only_env,
	       "console=ttyS0 HOME=/root TERM=vt100");
	expect("console=ttyS0", &only_args, "console=ttyS0 -- -l x");
	expect("  console=ttyS0  ", &only_args, "  console=ttyS0 -- -l x");
}

UNIT(an_existing_separator_is_kept)
{
	const char *env[] = { "HOME=/root" };
	const char *args[] = { "-l" };
	struct kcmdline_parts p = { NULL, env, N(env), args, N(args) };

	expect("console=ttyS0 -- first", &p,
	       "console=ttyS0 HOME=/root -- first -l");
	expect("console=ttyS0 --", &p, "console=ttyS0 HOME=/root -- -l");
	expect("-- first  second ", &p, "HOME=/root -- first  second -l");
	/* A quoted `--` is part of a word, not the separator. */
	expect("init=\"/bin/sh -- x\"", &p,
	       "init=\"/bin/sh -- x\" HOME=/root -- -l");
	/* Only the first `--` counts; later ones are init's. */
	expect("a -- b -- c", &p, "a HOME=/root -- b -- c -l");
}

UNIT(words_with_blanks_are_quoted)
{
	const char *env[] = { "PS1=keel # ", "A=b" };
	const char *args[] = { "two words", "-c" };
	struct kcmdline_parts p = { NULL, env, N(env), args, N(args) };

	expect("quiet", &p, "quiet PS1=\"keel # \" A=b -- \"two words\" -c");
}

UNIT(kernel_words_go_before_the_separator)
{
	const char *env[] = { "HOME=/root" };
	const char *args[] = { "-l" };
	struct kcmdline_parts p = { "ktest ktest.from=3", env, N(env), args,
				    N(args) };
	struct kcmdline_parts k = { "ktest", NULL, 0, NULL, 0 };

	expect("console=ttyS0", &p,
	       "console=ttyS0 ktest ktest.from=3 HOME=/root -- -l");
	expect("console=ttyS0 X=1 -- -l", &k, "console=ttyS0 X=1 ktest -- -l");
	expect("", &k, "ktest");
}

UNIT(words_that_cannot_be_written_are_refused)
{
	const char *quote[] = { "A=say \"hi\"" };
	const char *noeq[] = { "HOME" };
	const char *nokey[] = { "=x" };
	const char *blank_key[] = { "A B=c" };
	const char *newline[] = { "a\nb" };
	const char *empty[] = { "" };
	struct kcmdline_parts p1 = { NULL, quote, 1, NULL, 0 };
	struct kcmdline_parts p2 = { NULL, noeq, 1, NULL, 0 };
	struct kcmdline_parts p3 = { NULL, nokey, 1, NULL, 0 };
	struct kcmdline_parts p4 = { NULL, blank_key, 1, NULL, 0 };
	struct kcmdline_parts p5 = { NULL, NULL, 0, newline, 1 };
	struct kcmdline_parts p6 = { NULL, NULL, 0, empty, 1 };

	expect_error(&p1, "double quote");
	expect_error(&p2, "must be KEY=VALUE");
	expect_error(&p3, "must be KEY=VALUE");
	expect_error(&p4, "must not hold a blank");
	expect_error(&p5, "control character");
	expect_error(&p6, "must not be empty");
}

UNIT_MAIN()
