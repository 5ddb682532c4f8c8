/* SPDX-License-Identifier: MIT */
/* ktests of nanosleep, clock_nanosleep and restart_syscall. */
#include <time/syscalls.h>

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/task.h>

#include "test_user.h"
#include "time_internal.h"

#define MS FRAME_NSEC_PER_MSEC

KTEST(time_nanosleep_sleeps_and_validates)
{
	const struct time_ts req = { 0, 5 * MS }, bad = { 0, 1000000000 },
			     neg = { -1, 0 };
	struct test_user tu;
	uint64_t t0, t1;
	long r, einval, eneg, efault;

	KT_ASSERT_OK(time_service_init());
	KT_ASSERT_OK(test_user_setup(&tu));
	test_user_write(0, &req, sizeof(req));
	test_user_write(16, &bad, sizeof(bad));
	test_user_write(32, &neg, sizeof(neg));
	t0 = frame_clock_monotonic_ns();
	r = sys_nanosleep((const uint64_t[6]){ USER(0), 0 });
	t1 = frame_clock_monotonic_ns();
	einval = sys_nanosleep((const uint64_t[6]){ USER(16), 0 });
	eneg = sys_nanosleep((const uint64_t[6]){ USER(32), 0 });
	efault = sys_nanosleep((const uint64_t[6]){ USER_HOLE, 0 });
	test_user_teardown(&tu);

	KT_ASSERT_EQ(r, 0);
	KT_ASSERT_GE(t1 - t0, 5 * MS);
	KT_ASSERT_EQ(einval, -EINVAL);
	KT_ASSERT_EQ(eneg, -EINVAL);
	KT_ASSERT_EQ(efault, -EFAULT);
}

KTEST(time_nanosleep_interrupted_restarts)
{
	const struct time_ts req = { 0, 20 * MS };
	struct test_user tu;
	struct time_ts rem, rem2;
	uint64_t t0, t1;
	long r, restart, again;

	KT_ASSERT_OK(time_service_init());
	KT_ASSERT_OK(test_user_setup(&tu));
	test_user_write(0, &req, sizeof(req));
	/* a signal is pending: the sleep ends at once with the time left */
	task_interrupt(task_current());
	t0 = frame_clock_monotonic_ns();
	r = sys_nanosleep((const uint64_t[6]){ USER(0), USER(16) });
	task_interrupt_clear();
	test_user_read(16, &rem, sizeof(rem));
	/* no handler ran: restart_syscall sleeps on to the same deadline */
	restart = time_sleep_restart(
		(const uint64_t[6]){ CLOCK_MONOTONIC, t0 + 20 * MS, USER(32) });
	t1 = frame_clock_monotonic_ns();
	/* interrupted again: the time left goes where the args say */
	task_interrupt(task_current());
	again = time_sleep_restart((const uint64_t[6]){
		CLOCK_MONOTONIC, t1 + 1000 * MS, USER(48) });
	task_interrupt_clear();
	test_user_read(48, &rem2, sizeof(rem2));
	test_user_teardown(&tu);

	KT_ASSERT_EQ(r, -ERESTART_RESTARTBLOCK);
	KT_ASSERT_EQ(rem.tv_sec, 0);
	KT_ASSERT(rem.tv_nsec > 10 * (int64_t)MS &&
		  rem.tv_nsec <= 20 * (int64_t)MS);
	KT_ASSERT_EQ(restart, 0);
	KT_ASSERT_GE(t1 - t0, 20 * MS);
	KT_ASSERT_EQ(again, -ERESTART_RESTARTBLOCK);
	KT_ASSERT(rem2.tv_sec == 0 || rem2.tv_sec == 1);
	KT_ASSERT(rem2.tv_sec == 1 || rem2.tv_nsec > 900 * (int64_t)MS);
}

KTEST(time_clock_nanosleep_clocks_and_abstime)
{
	struct time_ts past = { 0, 1 }, req = { 0, 2 * MS }, abs;
	struct test_user tu;
	long rpast, rrel, rthread, rraw, rbad, rabs_intr, rrt;
	uint64_t now;

	KT_ASSERT_OK(time_service_init());
	KT_ASSERT_OK(test_user_setup(&tu));
	test_user_write(0, &past, sizeof(past));
	test_user_write(16, &req, sizeof(req));
	rpast = sys_clock_nanosleep(
		(const uint64_t[6]){ CLOCK_MONOTONIC, TIMER_ABSTIME, USER(0) });
	rrel = sys_clock_nanosleep(
		(const uint64_t[6]){ CLOCK_BOOTTIME, 0, USER(16), 0 });
	rthread = sys_clock_nanosleep(
		(const uint64_t[6]){ CLOCK_THREAD_CPUTIME_ID, 0, USER(16) });
	rraw = sys_clock_nanosleep(
		(const uint64_t[6]){ CLOCK_MONOTONIC_RAW, 0, USER(16) });
	rbad = sys_clock_nanosleep((const uint64_t[6]){ 42, 0, USER(16) });
	/* an absolute sleep cut short starts again (ERESTARTNOHAND) */
	time_ns_to_ts(frame_clock_monotonic_ns() + 1000 * MS, &abs);
	test_user_write(32, &abs, sizeof(abs));
	task_interrupt(task_current());
	rabs_intr = sys_clock_nanosleep((const uint64_t[6]){
		CLOCK_MONOTONIC, TIMER_ABSTIME, USER(32) });
	task_interrupt_clear();
	/* the wall clock, absolute, 3 ms ahead */
	time_clock_read(CLOCK_REALTIME, &now);
	time_ns_to_ts(now + 3 * MS, &abs);
	test_user_write(48, &abs, sizeof(abs));
	rrt = sys_clock_nanosleep(
		(const uint64_t[6]){ CLOCK_REALTIME, TIMER_ABSTIME, USER(48) });
	time_clock_read(CLOCK_REALTIME, &now);
	test_user_teardown(&tu);

	KT_ASSERT_EQ(rpast, 0);
	KT_ASSERT_EQ(rrel, 0);
	KT_ASSERT_EQ(rthread, -EINVAL);
	KT_ASSERT_EQ(rraw, -EOPNOTSUPP);
	KT_ASSERT_EQ(rbad, -EINVAL);
	KT_ASSERT_EQ(rabs_intr, -ERESTARTNOHAND);
	KT_ASSERT_EQ(rrt, 0);
	KT_ASSERT_GE(now, time_ts_to_ns(&abs));
}
