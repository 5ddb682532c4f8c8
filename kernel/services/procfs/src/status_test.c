/* SPDX-License-Identifier: MIT */
/* Tests of /proc/PID/status and /proc/PID/statm's exact text. */
#include <procfs/procfs.h>

#include <frame/ktest.h>

#include "procfs_test.h"

KTEST(procfs_status_exact_text)
{
	struct procfs_test_out o;
	struct procfs_task t;

	static const char want[] =
		"Name:\tsh\n"
		"Umask:\t0022\n"
		"State:\tS (sleeping)\n"
		"Tgid:\t42\nNgid:\t0\nPid:\t42\nPPid:\t1\n"
		"TracerPid:\t0\n"
		"Uid:\t1000\t1000\t1000\t1000\n"
		"Gid:\t100\t101\t101\t101\n"
		"FDSize:\t64\n"
		"Groups:\t10 20 \n"
		"NStgid:\t42\nNSpid:\t42\nNSpgid:\t42\nNSsid:\t7\n"
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
		"HugetlbPages:\t       0 kB\n"
		"CoreDumping:\t0\nTHP_enabled:\t0\n"
		"Threads:\t1\n"
		"SigQ:\t0/7823\n"
		"SigPnd:\t0000000000000000\n"
		"ShdPnd:\t0000000000000000\n"
		"SigBlk:\t0000000000010000\n"
		"SigIgn:\t0000000000000000\n"
		"SigCgt:\t0000000000010002\n"
		"CapInh:\t0000000000000000\n"
		"CapPrm:\t0000000000000000\n"
		"CapEff:\t0000000000000000\n"
		"CapBnd:\t000001ffffffffff\n"
		"CapAmb:\t0000000000000000\n"
		"NoNewPrivs:\t1\nSeccomp:\t0\nSeccomp_filters:\t0\n"
		"Speculation_Store_Bypass:\tunknown\n"
		"SpeculationIndirectBranch:\tunknown\n"
		"Cpus_allowed:\t3\nCpus_allowed_list:\t0-1\n"
		"Mems_allowed:\t00000000,";

	procfs_test_task(&t);
	t.sigq_limit = 7823;
	t.cap_bnd = (1ull << 41) - 1;
	t.no_new_privs = true;
	t.ncpus = 2;
	KT_ASSERT_OK(procfs_render_status(procfs_test_buf(&o), &t));
	procfs_test_str(&o);
	KT_ASSERT(!strncmp(o.text, want, sizeof(want) - 1));
	KT_ASSERT(procfs_test_has(o.text, ",00000001\nMems_allowed_list:\t0\n"
					  "voluntary_ctxt_switches:\t0\n"
					  "nonvoluntary_ctxt_switches:\t0\n"));
}

KTEST(procfs_status_cpu_masks)
{
	struct procfs_test_out o;
	struct procfs_task t;

	procfs_test_task(&t);
	t.ncpus = 1;
	KT_ASSERT_OK(procfs_render_status(procfs_test_buf(&o), &t));
	KT_ASSERT(procfs_test_has(procfs_test_str(&o),
				  "Cpus_allowed:\t1\nCpus_allowed_list:\t0\n"));
	t.ncpus = 36;
	KT_ASSERT_OK(procfs_render_status(procfs_test_buf(&o), &t));
	KT_ASSERT(procfs_test_has(procfs_test_str(&o),
				  "Cpus_allowed:\tf,ffffffff\n"
				  "Cpus_allowed_list:\t0-35\n"));
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
