/* SPDX-License-Identifier: MIT */
/* Tests of the /proc snapshots: proc_info_get() and proc_pid_list(). */
#include "proc_fake_test.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>

KTEST(proc_info_copies_ids_state_and_times)
{
	struct proc *a = proc_fake_new(5100, NULL);
	struct proc *b = proc_fake_new(5101, a);
	struct proc_info in;

	KT_ASSERT_NOT_NULL(a);
	KT_ASSERT_NOT_NULL(b);
	memcpy(b->comm, "worker", 7);
	b->nice = 5;
	b->exit_signal = 17;
	b->utime_ns = 3000;
	b->cstime_ns = 40;
	b->start_ns = 123456789;
	KT_ASSERT_OK(proc_info_get(5101, &in));
	KT_ASSERT_EQ(in.pid, 5101);
	KT_ASSERT_EQ(in.ppid, 5100);
	KT_ASSERT_EQ(in.pgid, 5101);
	KT_ASSERT_EQ(in.sid, 5100);
	KT_ASSERT_EQ(in.state, 'S');
	KT_ASSERT_STREQ(in.comm, "worker");
	KT_ASSERT_EQ(in.nice, 5);
	KT_ASSERT_EQ(in.threads, 0);
	KT_ASSERT_EQ(in.exit_signal, 17);
	KT_ASSERT_EQ(in.utime_ns, 3000);
	KT_ASSERT_EQ(in.cstime_ns, 40);
	KT_ASSERT_EQ(in.start_ns, 123456789);
	KT_ASSERT_EQ(in.rss_pages, 0); /* no address space */
	b->stopped = true;
	KT_ASSERT_OK(proc_info_get(5101, &in));
	KT_ASSERT_EQ(in.state, 'T');
	b->state = PROC_ZOMBIE;
	b->exit_status = 0x0300;
	KT_ASSERT_OK(proc_info_get(5101, &in));
	KT_ASSERT_EQ(in.state, 'Z');
	KT_ASSERT_EQ(in.exit_status, 0x0300);
	KT_ASSERT_OK(proc_info_get(5100, &in));
	KT_ASSERT_EQ(in.ppid, 0);
	proc_fake_drop(b);
	proc_fake_drop(a);
	KT_ASSERT_ERR(proc_info_get(5101, &in), -ESRCH);
	KT_ASSERT_ERR(proc_info_get(0, &in), -ESRCH);
}

KTEST(proc_pid_list_counts_past_max)
{
	struct proc *a = proc_fake_new(5200, NULL);
	struct proc *b = proc_fake_new(5201, NULL);
	unsigned int n, all, i;
	bool seen_a = false, seen_b = false;
	int pids[64];

	KT_ASSERT_NOT_NULL(a);
	KT_ASSERT_NOT_NULL(b);
	all = proc_pid_list(pids, ARRAY_SIZE(pids));
	KT_ASSERT_GE(all, 2);
	KT_ASSERT_LE(all, ARRAY_SIZE(pids));
	for (i = 0; i < all; i++) {
		seen_a |= pids[i] == 5200;
		seen_b |= pids[i] == 5201;
	}
	KT_ASSERT(seen_a && seen_b);
	n = proc_pid_list(pids, 1);
	KT_ASSERT_EQ(n, all);
	KT_ASSERT_EQ(proc_pid_list(NULL, 0), all);
	proc_fake_drop(b);
	proc_fake_drop(a);
	KT_ASSERT_EQ(proc_pid_list(NULL, 0), all - 2);
}
