/* SPDX-License-Identifier: MIT */
/* greeting_test.c - `osdk test` runs these in QEMU, beside the code. */
#include "greeting.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>

KTEST(greeting_names_the_kernel_and_cpus)
{
	char buf[128];
	int n = {{ident}}_greeting(buf, sizeof(buf), 1);

	KT_ASSERT_STREQ(buf, "Hello from the {{name}} kernel on 1 CPU!");
	KT_ASSERT_EQ(n, (int)strnlen(buf, sizeof(buf)));
	KT_ASSERT_GT({{ident}}_greeting(buf, sizeof(buf), 4), 0);
	KT_ASSERT_STREQ(buf, "Hello from the {{name}} kernel on 4 CPUs!");
}

KTEST(greeting_reports_truncation)
{
	char small[8];

	KT_ASSERT_ERR({{ident}}_greeting(small, sizeof(small), 1), -E2BIG);
	KT_ASSERT_STREQ(small, "Hello f");
}
