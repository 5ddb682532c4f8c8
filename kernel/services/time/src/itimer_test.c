/* SPDX-License-Identifier: MIT */
/* ktests of getitimer, setitimer and alarm, with a fake process side. */
#include <time/syscalls.h>

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/task.h>

#include "test_user.h"
#include "time_internal.h"

#define MS	     FRAME_NSEC_PER_MSEC
#define TEST_PID     4242
#define TEST_SIGALRM 14

static struct {
	int kills, last_pid, last_sig;
	bool gone; /* the process has exited: kill answers -ESRCH */
} fake;

static int fake_pid(void)
{
	return TEST_PID;
}

static int fake_kill(int pid, int sig)
{
	if (fake.gone)
		return -ESRCH;
	fake.kills++;
	fake.last_pid = pid;
	fake.last_sig = sig;
	return 0;
}

static const struct time_process_ops fake_ops = {
	.current_pid = fake_pid,
	.current_tid = fake_pid,
	.kill = fake_kill,
};

KTEST(time_itimer_set_get_and_alarm)
{
	const struct time_itv ten = { { 0, 0 }, { 10, 0 } };
	const struct time_itv bad = { { 0, 0 }, { 1, 1000000 } };
	struct test_user tu;
	struct time_itv got, old;
	long rs, rg, rbad, rwhich, ralarm, ralarm0, rnull;

	KT_ASSERT_OK(time_service_init());
	time_set_process_ops(&fake_ops);
	KT_ASSERT_OK(test_user_setup(&tu));
	test_user_write(0, &ten, sizeof(ten));
	test_user_write(32, &bad, sizeof(bad));
	rs = sys_setitimer((const uint64_t[6]){ ITIMER_REAL, USER(0), 0 });
	rg = sys_getitimer((const uint64_t[6]){ ITIMER_REAL, USER(64) });
	test_user_read(64, &got, sizeof(got));
	rbad = sys_setitimer((const uint64_t[6]){ ITIMER_REAL, USER(32), 0 });
	rwhich = sys_setitimer((const uint64_t[6]){ 3, USER(0), 0 });
	/* alarm replaces it and returns the whole seconds that were left */
	ralarm = sys_alarm((const uint64_t[6]){ 5 });
	ralarm0 = sys_alarm((const uint64_t[6]){ 0 });
	/* a NULL new value disarms; the old one comes back */
	sys_setitimer((const uint64_t[6]){ ITIMER_REAL, USER(0), 0 });
	rnull = sys_setitimer((const uint64_t[6]){ ITIMER_REAL, 0, USER(96) });
	test_user_read(96, &old, sizeof(old));
	test_user_teardown(&tu);
	time_set_process_ops(NULL);

	KT_ASSERT_EQ(rs, 0);
	KT_ASSERT_EQ(rg, 0);
	KT_ASSERT(got.it_value.tv_sec == 9 || got.it_value.tv_sec == 10);
	KT_ASSERT_EQ(got.it_interval.tv_sec, 0);
	KT_ASSERT_EQ(rbad, -EINVAL);
	KT_ASSERT_EQ(rwhich, -EINVAL);
	KT_ASSERT_EQ(ralarm, 10);
	KT_ASSERT_EQ(ralarm0, 5);
	KT_ASSERT_EQ(rnull, 0);
	KT_ASSERT(old.it_value.tv_sec == 9 || old.it_value.tv_sec == 10);
}

KTEST(time_itimer_real_sends_sigalrm)
{
	struct time_itv every = { { 0, 10000 }, { 0, 10000 } }, off = { 0 };
	struct time_itv once = { { 0, 0 }, { 0, 5000 } };
	int periodic, after_off;

	KT_ASSERT_OK(time_service_init());
	fake.kills = 0;
	fake.gone = false;
	time_set_process_ops(&fake_ops);
	KT_ASSERT_OK(time_itimer_set(TEST_PID, ITIMER_REAL, &once, NULL));
	task_sleep_ns(50 * MS);
	KT_ASSERT_EQ(fake.kills, 1);
	KT_ASSERT_EQ(fake.last_pid, TEST_PID);
	KT_ASSERT_EQ(fake.last_sig, TEST_SIGALRM);

	/* every 10 ms: several signals in 100 ms, none once disarmed */
	KT_ASSERT_OK(time_itimer_set(TEST_PID, ITIMER_REAL, &every, NULL));
	task_sleep_ns(100 * MS);
	KT_ASSERT_OK(time_itimer_set(TEST_PID, ITIMER_REAL, &off, NULL));
	periodic = fake.kills - 1;
	task_sleep_ns(30 * MS);
	after_off = fake.kills - 1 - periodic;

	/* a process that has gone loses its timer at the first firing */
	fake.gone = true;
	KT_ASSERT_OK(time_itimer_set(TEST_PID, ITIMER_REAL, &every, NULL));
	task_sleep_ns(40 * MS);
	time_itimer_get(TEST_PID, ITIMER_REAL, &once);
	fake.gone = false;
	time_set_process_ops(NULL);

	KT_ASSERT_GE(periodic, 3);
	KT_ASSERT_LE(periodic, 11);
	KT_ASSERT_EQ(after_off, 0);
	KT_ASSERT_EQ(once.it_value.tv_sec, 0);
	KT_ASSERT_EQ(once.it_value.tv_usec, 0);
}

KTEST(time_itimer_cpu_timers_count_charged_time)
{
	struct time_itv virt = { { 0, 10000 }, { 0, 10000 } };
	struct time_itv prof = { { 0, 0 }, { 0, 20000 } }, off = { 0 }, got;
	int k0, k1, k2, k3, sig2, sig3;

	KT_ASSERT_OK(time_service_init());
	fake.kills = 0;
	fake.gone = false;
	time_set_process_ops(&fake_ops);
	KT_ASSERT_OK(time_itimer_set(TEST_PID, ITIMER_VIRTUAL, &virt, NULL));
	KT_ASSERT_OK(time_itimer_set(TEST_PID, ITIMER_PROF, &prof, NULL));
	/* 6 ms of user time: neither has run out */
	time_account_cpu(TEST_PID, 6 * MS, 0);
	k0 = fake.kills;
	time_itimer_get(TEST_PID, ITIMER_VIRTUAL, &got);
	/* another process's time is not ours */
	time_account_cpu(TEST_PID + 1, 100 * MS, 0);
	k1 = fake.kills;
	/* 5 ms more user: VIRTUAL (10 ms) fires and rearms */
	time_account_cpu(TEST_PID, 5 * MS, 0);
	k2 = fake.kills;
	sig2 = fake.last_sig;
	/* 10 ms of system time: only PROF counts it (6+5+10 > 20 ms) */
	time_account_cpu(TEST_PID, 0, 10 * MS);
	k3 = fake.kills;
	sig3 = fake.last_sig;
	time_itimer_set(TEST_PID, ITIMER_VIRTUAL, &off, NULL);
	time_itimer_set(TEST_PID, ITIMER_PROF, &off, &prof);
	time_set_process_ops(NULL);

	KT_ASSERT_EQ(k0, 0);
	KT_ASSERT_EQ(got.it_value.tv_usec, 4000);
	KT_ASSERT_EQ(got.it_interval.tv_usec, 10000);
	KT_ASSERT_EQ(k1, 0);
	KT_ASSERT_EQ(k2, 1);
	KT_ASSERT_EQ(sig2, 26);
	KT_ASSERT_EQ(k3, 2);
	KT_ASSERT_EQ(sig3, 27);
	/* the one-shot PROF timer is gone once fired */
	KT_ASSERT_EQ(prof.it_value.tv_sec, 0);
	KT_ASSERT_EQ(prof.it_value.tv_usec, 0);
}

/* A process that exits with its timers armed leaves none behind: found
 * by the fuzzer (tests/fuzz, seed 7, --single: alarm(5), then the worker
 * exited), a REAL one was kept until it fired and a CPU one forever. */
KTEST(time_itimer_exit_drops_the_process_timers)
{
	const struct time_itv hour = { { 0, 0 }, { 3600, 0 } };
	struct frame_heap_stats before, armed, after;
	struct time_itv got[3], other;

	KT_ASSERT_OK(time_service_init());
	fake.gone = false;
	time_set_process_ops(&fake_ops);
	frame_heap_stats(&before);
	for (int which = 0; which < 3; which++)
		KT_ASSERT_OK(time_itimer_set(TEST_PID, which, &hour, NULL));
	KT_ASSERT_OK(time_itimer_set(TEST_PID + 1, ITIMER_REAL, &hour, NULL));
	frame_heap_stats(&armed);
	time_itimer_exit(TEST_PID);
	frame_heap_stats(&after);
	for (int which = 0; which < 3; which++)
		time_itimer_get(TEST_PID, which, &got[which]);
	time_itimer_get(TEST_PID + 1, ITIMER_REAL, &other);
	time_itimer_exit(TEST_PID + 1);
	time_set_process_ops(NULL);

	KT_ASSERT_EQ(armed.objects_in_use, before.objects_in_use + 4);
	KT_ASSERT_EQ(after.objects_in_use, before.objects_in_use + 1);
	for (int which = 0; which < 3; which++) {
		KT_ASSERT_EQ(got[which].it_value.tv_sec, 0);
		KT_ASSERT_EQ(got[which].it_value.tv_usec, 0);
	}
	/* another process's timer stays */
	KT_ASSERT_GT(other.it_value.tv_sec, 3500);
}
