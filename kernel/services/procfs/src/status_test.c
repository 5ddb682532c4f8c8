/* SPDX-License-Identifier: MIT */
/* Tests of /proc/PID/status and /proc/PID/statm's exact text. */
#include <procfs/procfs.h>

#include <frame/ktest.h>

#include "procfs_test.h"

KTEST(procfs_status_exact_text)
{
	struct procfs_test_out o;
	struct procfs_task t;

	procfs_test_task(&t);
	KT_ASSERT_OK(procfs_render_status(procfs_test_buf(&o), &t));
	KT_ASSERT_STREQ(procfs_test_str(&o),
			"Name:\tsh\n"
			"Umask:\t0022\n"
			"State:\tS (sleeping)\n"
			"Tgid:\t42\nNgid:\t0\nPid:\t42\nPPid:\t1\n"
			"TracerPid:\t0\n"
			"Uid:\t1000\t1000\t1000\t1000\n"
			"Gid:\t100\t101\t101\t101\n"
			"FDSize:\t64\n"
			"Groups:\t10 20 \n"
			"VmPeak:\t    9216 kB\n"
			"VmSize:\t    8192 kB\n"
			"VmLck:\t       0 kB\n"
			"VmPin:\t       0 kB\n"
			"VmHWM:\t    1024 kB\n"
			"VmRSS:\t    1024 kB\n"
			"RssAnon:\t     768 kB\n"
			"RssFile:\t     256 kB\n"
			"RssShmem:\t       0 kB\n"
			"VmData:\t     128 kB\n"
			"VmStk:\t     132 kB\n"
			"VmExe:\t     512 kB\n"
			"VmLib:\t       0 kB\n"
			"VmPTE:\t       0 kB\n"
			"VmSwap:\t       0 kB\n"
			"Threads:\t1\n"
			"SigPnd:\t0000000000000000\n"
			"ShdPnd:\t0000000000000000\n"
			"SigBlk:\t0000000000010000\n"
			"SigIgn:\t0000000000000000\n"
			"SigCgt:\t0000000000010002\n");
}

KTEST(procfs_status_zombie_has_no_vm_lines)
{
	struct procfs_test_out o;
	struct procfs_task t;

	procfs_test_task(&t);
	t.state = 'Z';
	t.ngroups = 0;
	KT_ASSERT_OK(procfs_render_status(procfs_test_buf(&o), &t));
	procfs_test_str(&o);
	KT_ASSERT(procfs_test_has(o.text, "State:\tZ (zombie)\n"));
	KT_ASSERT(procfs_test_has(o.text, "Groups:\t\n"));
	KT_ASSERT(!procfs_test_has(o.text, "VmRSS"));
}

KTEST(procfs_state_names)
{
	KT_ASSERT_STREQ(procfs_state_name('R'), "running");
	KT_ASSERT_STREQ(procfs_state_name('D'), "disk sleep");
	KT_ASSERT_STREQ(procfs_state_name('T'), "stopped");
	KT_ASSERT_STREQ(procfs_state_name('t'), "tracing stop");
	KT_ASSERT_STREQ(procfs_state_name('X'), "dead");
}

KTEST(procfs_statm_exact_line)
{
	struct procfs_test_out o;
	struct procfs_task t;

	procfs_test_task(&t);
	t.rss_shared += 1; /* a partial page counts as one */
	KT_ASSERT_OK(procfs_render_statm(procfs_test_buf(&o), &t));
	KT_ASSERT_STREQ(procfs_test_str(&o), "2048 256 65 128 0 32 0\n");
}
