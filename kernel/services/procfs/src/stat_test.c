/* SPDX-License-Identifier: MIT */
/* Tests of /proc/PID/stat's exact text. */
#include <procfs/procfs.h>

#include <frame/errno.h>
#include <frame/ktest.h>

#include "procfs_test.h"

KTEST(procfs_stat_exact_line)
{
	struct procfs_test_out o;
	struct procfs_task t;

	procfs_test_task(&t);
	KT_ASSERT_OK(procfs_render_stat(procfs_test_buf(&o), &t));
	KT_ASSERT_STREQ(procfs_test_str(&o),
			"42 (sh) S 1 42 7 1088 42 0 77 0 0 0 125 3 0 0 20 0 1 "
			"0 200 8388608 256 18446744073709551615 4194304 "
			"4718592 2147479552 0 0 0 65536 0 65538 0 0 0 17 1 0 "
			"0 0 0 0 0 0 0 0 0 0 0 0\n");
}

/* 52 fields: count the spaces after the comm, which has none here. */
KTEST(procfs_stat_has_52_fields)
{
	struct procfs_test_out o;
	struct procfs_task t;
	const char *s;
	unsigned int fields = 1;

	procfs_test_task(&t);
	t.state = 'Z';
	t.exit_code = 0x100;
	KT_ASSERT_OK(procfs_render_stat(procfs_test_buf(&o), &t));
	for (s = procfs_test_str(&o); *s; s++)
		fields += *s == ' ';
	KT_ASSERT_EQ(fields, 52);
	KT_ASSERT(procfs_test_has(o.text, ") Z 1 "));
	KT_ASSERT(procfs_test_has(o.text, " 256\n"));
}

KTEST(procfs_stat_overflow_is_enospc)
{
	struct procfs_task t;
	struct procfs_buf b;
	char small[20];

	procfs_test_task(&t);
	procfs_buf_init(&b, small, sizeof(small));
	KT_ASSERT_ERR(procfs_render_stat(&b, &t), -ENOSPC);
	KT_ASSERT_LE(b.len, sizeof(small));
}
