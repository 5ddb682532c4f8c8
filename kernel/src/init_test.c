/* SPDX-License-Identifier: MIT */
/* ktests of the command-line rules for init. */
#include "init.h"

#include <frame/heap.h>
#include <frame/ktest.h>

#define PARSE(c, ...)                                             \
	do {                                                      \
		static const char *const w_[] = { __VA_ARGS__ };  \
		keel_init_cmdline_parse((c), w_, ARRAY_SIZE(w_)); \
	} while (0)

KTEST(keel_init_cmdline_defaults)
{
	struct keel_init_cmdline *c = frame_zalloc(sizeof(*c));

	KT_ASSERT_NOT_NULL(c);
	PARSE(c, "console=ttyS0");
	KT_ASSERT_STREQ(c->path, "");
	KT_ASSERT_EQ(c->argc, 0);
	KT_ASSERT_NULL(c->argv[1]);
	KT_ASSERT_EQ(c->envc, 2);
	KT_ASSERT_STREQ(c->envp[0], "HOME=/");
	KT_ASSERT_STREQ(c->envp[1], "TERM=linux");
	KT_ASSERT_NULL(c->envp[2]);
	KT_ASSERT(!c->quiet);
	KT_ASSERT(!c->strace);
	frame_free(c);
}

KTEST(keel_init_cmdline_init_args_and_env)
{
	struct keel_init_cmdline *c = frame_zalloc(sizeof(*c));

	KT_ASSERT_NOT_NULL(c);
	PARSE(c, "console=ttyS0", "init=/bin/sh", "single", "TERM=vt100",
	      "LANG=C", "quiet", "usbcore.autosuspend=1", "keel.strace=1",
	      "log=debug", "--", "-c", "echo hi", "x=y", "a.b=c");
	KT_ASSERT_STREQ(c->path, "/bin/sh");
	KT_ASSERT(c->quiet);
	KT_ASSERT(c->strace);
	KT_ASSERT(c->log_given);
	/* bare unknown words, then everything after "--" */
	KT_ASSERT_EQ(c->argc, 5);
	KT_ASSERT_NULL(c->argv[0]);
	KT_ASSERT_STREQ(c->argv[1], "single");
	KT_ASSERT_STREQ(c->argv[2], "-c");
	KT_ASSERT_STREQ(c->argv[3], "echo hi");
	KT_ASSERT_STREQ(c->argv[4], "x=y");
	KT_ASSERT_STREQ(c->argv[5], "a.b=c");
	KT_ASSERT_NULL(c->argv[6]);
	/* TERM replaced in place, LANG appended; dotted names are the
	 * kernel's */
	KT_ASSERT_EQ(c->envc, 3);
	KT_ASSERT_STREQ(c->envp[0], "HOME=/");
	KT_ASSERT_STREQ(c->envp[1], "TERM=vt100");
	KT_ASSERT_STREQ(c->envp[2], "LANG=C");
	KT_ASSERT_NULL(c->envp[3]);
	frame_free(c);
}

KTEST(keel_init_cmdline_rdinit_and_last_wins)
{
	struct keel_init_cmdline *c = frame_zalloc(sizeof(*c));

	KT_ASSERT_NOT_NULL(c);
	PARSE(c, "rdinit=/sbin/init", "init=/linuxrc", "keel.strace=0", "init",
	      "=x", "--");
	KT_ASSERT_STREQ(c->path, "/linuxrc");
	KT_ASSERT(!c->strace);
	KT_ASSERT(!c->quiet);
	KT_ASSERT_EQ(c->argc, 0);
	PARSE(c, "init=/linuxrc", "rdinit=/sbin/init", "keel.strace");
	KT_ASSERT_STREQ(c->path, "/sbin/init");
	KT_ASSERT(c->strace);
	frame_free(c);
}

KTEST(keel_init_cmdline_limits)
{
	static const char *words[40];
	struct keel_init_cmdline *c = frame_zalloc(sizeof(*c));

	KT_ASSERT_NOT_NULL(c);
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		words[i] = "arg";
	keel_init_cmdline_parse(c, words, ARRAY_SIZE(words));
	KT_ASSERT_EQ(c->argc, KEEL_INIT_MAX_ARGS);
	KT_ASSERT_EQ(c->dropped, 40 - KEEL_INIT_MAX_ARGS);
	KT_ASSERT_NULL(c->argv[KEEL_INIT_MAX_ARGS + 1]);
	frame_free(c);
}
