/* SPDX-License-Identifier: MIT */
/* Tests of the CPU files and the /proc/self links. */
#include <procfs/procfs.h>

#include <frame/ktest.h>

#include "procfs_test.h"

#define CPU_TEST_HEAD \
	"processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: QEMU CPU\n"

KTEST(procfs_cpu_list_ranges)
{
	struct procfs_test_out o;

	KT_ASSERT_OK(procfs_render_cpu_list(procfs_test_buf(&o), 1));
	KT_ASSERT_STREQ(procfs_test_str(&o), "0\n");
	KT_ASSERT_OK(procfs_render_cpu_list(procfs_test_buf(&o), 4));
	KT_ASSERT_STREQ(procfs_test_str(&o), "0-3\n");
}

KTEST(procfs_cpuinfo_one_block_per_cpu)
{
	struct procfs_test_out o;
	unsigned int blocks = 0;
	const char *s;

	KT_ASSERT_OK(procfs_render_cpuinfo(procfs_test_buf(&o), 2,
					   "GenuineIntel", "QEMU CPU"));
	procfs_test_str(&o);
	KT_ASSERT(!strncmp(o.text, CPU_TEST_HEAD, sizeof(CPU_TEST_HEAD) - 1));
	KT_ASSERT(procfs_test_has(o.text, "\n\nprocessor\t: 1\n"));
	for (s = o.text; *s; s++)
		blocks += !strncmp(s, "processor\t:", 11);
	KT_ASSERT_EQ(blocks, 2);
	KT_ASSERT(procfs_test_has(o.text, "siblings\t: 2\n"));
}

KTEST(procfs_self_links)
{
	struct procfs_test_out o;

	KT_ASSERT_OK(procfs_render_self(procfs_test_buf(&o), 42));
	KT_ASSERT_STREQ(procfs_test_str(&o), "42");
	KT_ASSERT_OK(procfs_render_thread_self(procfs_test_buf(&o), 42, 43));
	KT_ASSERT_STREQ(procfs_test_str(&o), "42/task/43");
}
