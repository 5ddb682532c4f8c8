/* SPDX-License-Identifier: MIT */
/* Tests of the system-wide files: meminfo, uptime, loadavg, version. */
#include <procfs/procfs.h>

#include <frame/errno.h>
#include <frame/ktest.h>

#include "procfs_test.h"

KTEST(procfs_meminfo_columns)
{
	struct procfs_test_out o;
	struct procfs_mem m = {
		.total = 256ull << 20,
		.free = 200ull << 20,
		.available = 210ull << 20,
		.cached = 4ull << 20,
	};

	KT_ASSERT_OK(procfs_render_meminfo(procfs_test_buf(&o), &m));
	procfs_test_str(&o);
	KT_ASSERT(!strncmp(o.text,
			   "MemTotal:         262144 kB\n"
			   "MemFree:          204800 kB\n"
			   "MemAvailable:     215040 kB\n"
			   "Buffers:               0 kB\n"
			   "Cached:             4096 kB\n",
			   5 * 28));
	KT_ASSERT(procfs_test_has(o.text, "\nSwapTotal:             0 kB\n"));
	KT_ASSERT(procfs_test_has(o.text, "\nShmem:                 0 kB\n"));
	KT_ASSERT_EQ(o.b.len, 17 * 28);
}

KTEST(procfs_uptime_two_decimals)
{
	struct procfs_test_out o;

	KT_ASSERT_OK(procfs_render_uptime(procfs_test_buf(&o), 12345678901ull,
					  70000000ull));
	KT_ASSERT_STREQ(procfs_test_str(&o), "12.34 0.07\n");
}

KTEST(procfs_loadavg_line)
{
	struct procfs_test_out o;
	struct procfs_load l = { .avg = { 5, 120, 0 },
				 .running = 1,
				 .threads = 12,
				 .last_pid = 99 };

	KT_ASSERT_OK(procfs_render_loadavg(procfs_test_buf(&o), &l));
	KT_ASSERT_STREQ(procfs_test_str(&o), "0.05 1.20 0.00 1/12 99\n");
}

KTEST(procfs_version_and_sysctls)
{
	struct procfs_test_out o;
	struct procfs_uts u = { "Linux", "6.1.0-keel", "#1 SMP" };

	KT_ASSERT_OK(procfs_render_version(procfs_test_buf(&o), &u));
	KT_ASSERT_STREQ(procfs_test_str(&o),
			"Linux version 6.1.0-keel (keel) #1 SMP\n");
	KT_ASSERT_OK(procfs_render_line(procfs_test_buf(&o), "keel"));
	KT_ASSERT_STREQ(procfs_test_str(&o), "keel\n");
	KT_ASSERT_OK(procfs_render_number(procfs_test_buf(&o), 32768));
	KT_ASSERT_STREQ(procfs_test_str(&o), "32768\n");
}

KTEST(procfs_buf_cap_is_exact)
{
	struct procfs_buf b;
	char s[4];

	procfs_buf_init(&b, s, sizeof(s));
	KT_ASSERT_OK(procfs_putc(&b, 'a'));
	KT_ASSERT_OK(procfs_printf(&b, "bc"));
	KT_ASSERT_OK(procfs_putc(&b, 'd'));
	KT_ASSERT_EQ(b.len, 4);
	KT_ASSERT_ERR(procfs_putc(&b, 'e'), -ENOSPC);
	KT_ASSERT_ERR(procfs_buf_status(&b), -ENOSPC);
	KT_ASSERT_EQ(memcmp(s, "abcd", 4), 0);
}

KTEST(procfs_ticks_are_user_hz)
{
	KT_ASSERT_EQ(procfs_ns_to_ticks(0), 0);
	KT_ASSERT_EQ(procfs_ns_to_ticks(9999999), 0);
	KT_ASSERT_EQ(procfs_ns_to_ticks(10000000), 1);
	KT_ASSERT_EQ(procfs_ns_to_ticks(3000000000ull), 300);
}
