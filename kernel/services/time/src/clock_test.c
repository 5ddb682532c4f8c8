/* SPDX-License-Identifier: MIT */
/* ktests of the clock calls: gettime, getres, settime, gettimeofday, time. */
#include <time/syscalls.h>

#include <frame/errno.h>
#include <frame/ktest.h>

#include "test_user.h"
#include "time_internal.h"

KTEST(time_clock_gettime_reads_every_clock)
{
	static const int clocks[] = { CLOCK_REALTIME,
				      CLOCK_MONOTONIC,
				      CLOCK_PROCESS_CPUTIME_ID,
				      CLOCK_THREAD_CPUTIME_ID,
				      CLOCK_MONOTONIC_RAW,
				      CLOCK_REALTIME_COARSE,
				      CLOCK_MONOTONIC_COARSE,
				      CLOCK_BOOTTIME,
				      CLOCK_TAI };
	struct test_user tu;
	struct time_ts a, b;
	long r[ARRAY_SIZE(clocks)], bad, fault, mono2;

	KT_ASSERT_OK(test_user_setup(&tu));
	for (size_t i = 0; i < ARRAY_SIZE(clocks); i++)
		r[i] = sys_clock_gettime(
			(const uint64_t[6]){ (uint64_t)clocks[i], USER(0) });
	sys_clock_gettime((const uint64_t[6]){ CLOCK_MONOTONIC, USER(0) });
	test_user_read(0, &a, sizeof(a));
	mono2 = sys_clock_gettime(
		(const uint64_t[6]){ CLOCK_MONOTONIC, USER(16) });
	test_user_read(16, &b, sizeof(b));
	bad = sys_clock_gettime((const uint64_t[6]){ 10, USER(0) });
	fault = sys_clock_gettime(
		(const uint64_t[6]){ CLOCK_MONOTONIC, USER_HOLE });
	test_user_teardown(&tu);

	for (size_t i = 0; i < ARRAY_SIZE(clocks); i++)
		KT_ASSERT_EQ(r[i], 0);
	KT_ASSERT_EQ(mono2, 0);
	KT_ASSERT(a.tv_nsec >= 0 && a.tv_nsec < 1000000000);
	KT_ASSERT(b.tv_sec > a.tv_sec ||
		  (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec));
	KT_ASSERT_EQ(bad, -EINVAL);
	KT_ASSERT_EQ(fault, -EFAULT);
}

KTEST(time_clock_realtime_is_after_2020)
{
	uint64_t ns;

	KT_ASSERT_OK(time_clock_read(CLOCK_REALTIME, &ns));
	/* 2020-01-01 is 1577836800 s after the epoch */
	KT_ASSERT_GT(ns / FRAME_NSEC_PER_SEC, 1577836800ull);
}

KTEST(time_cpu_clock_ids)
{
	uint64_t ns;
	/* pthread_getcpuclockid(self) on tid 0 would be ~0 << 3 | 4 | 2 */
	int self_thread = (int)((~0u << 3) | 4 | 2);

	KT_ASSERT_OK(time_clock_read(self_thread, &ns));
	/* type 3 does not exist */
	KT_ASSERT_ERR(time_clock_read((int)((~0u << 3) | 3), &ns), -EINVAL);
	/* a process clock of pid 0 is refused, as Linux does */
	KT_ASSERT_ERR(time_clock_read((int)(~0u << 3), &ns), -EINVAL);
}

KTEST(time_clock_getres)
{
	struct test_user tu;
	struct time_ts hres, coarse;
	long r1, r2, rnull, rbad;

	KT_ASSERT_OK(test_user_setup(&tu));
	r1 = sys_clock_getres((const uint64_t[6]){ CLOCK_MONOTONIC, USER(0) });
	r2 = sys_clock_getres(
		(const uint64_t[6]){ CLOCK_MONOTONIC_COARSE, USER(16) });
	test_user_read(0, &hres, sizeof(hres));
	test_user_read(16, &coarse, sizeof(coarse));
	rnull = sys_clock_getres((const uint64_t[6]){ CLOCK_REALTIME, 0 });
	rbad = sys_clock_getres((const uint64_t[6]){ 99, 0 });
	test_user_teardown(&tu);

	KT_ASSERT_EQ(r1, 0);
	KT_ASSERT_EQ(r2, 0);
	KT_ASSERT_EQ(hres.tv_sec, 0);
	KT_ASSERT_EQ(hres.tv_nsec, 1);
	KT_ASSERT_EQ(coarse.tv_nsec, (int64_t)TIME_TICK_NS);
	KT_ASSERT_EQ(rnull, 0);
	KT_ASSERT_EQ(rbad, -EINVAL);
}

KTEST(time_clock_settime_checks)
{
	const struct time_ts bad = { 5, 1000000000 }, neg = { -1, 0 };
	struct time_ts now;
	struct test_user tu;
	long mono, einval, eneg, efault, eperm, ok;
	uint64_t before, after;

	KT_ASSERT_OK(test_user_setup(&tu));
	test_user_write(0, &bad, sizeof(bad));
	test_user_write(16, &neg, sizeof(neg));
	before = frame_clock_realtime_ns();
	time_ns_to_ts(before + 3600 * FRAME_NSEC_PER_SEC, &now);
	test_user_write(32, &now, sizeof(now));
	mono = sys_clock_settime(
		(const uint64_t[6]){ CLOCK_MONOTONIC, USER(32) });
	einval = sys_clock_settime(
		(const uint64_t[6]){ CLOCK_REALTIME, USER(0) });
	eneg = sys_clock_settime(
		(const uint64_t[6]){ CLOCK_REALTIME, USER(16) });
	efault = sys_clock_settime(
		(const uint64_t[6]){ CLOCK_REALTIME, USER_HOLE });
	test_set_euid(1000);
	eperm = sys_clock_settime(
		(const uint64_t[6]){ CLOCK_REALTIME, USER(32) });
	test_set_euid(0);
	ok = sys_clock_settime((const uint64_t[6]){ CLOCK_REALTIME, USER(32) });
	after = frame_clock_realtime_ns();
	frame_clock_realtime_set(before +
				 (after - before - 3600 * FRAME_NSEC_PER_SEC));
	test_user_teardown(&tu);

	KT_ASSERT_EQ(mono, -EINVAL);
	KT_ASSERT_EQ(einval, -EINVAL);
	KT_ASSERT_EQ(eneg, -EINVAL);
	KT_ASSERT_EQ(efault, -EFAULT);
	KT_ASSERT_EQ(eperm, -EPERM);
	KT_ASSERT_EQ(ok, 0);
	KT_ASSERT_GE(after, before + 3600 * FRAME_NSEC_PER_SEC);
}

KTEST(time_gettimeofday_and_time)
{
	const int32_t tz_set[2] = { -60, 0 }, tz_bad[2] = { 16 * 60, 0 };
	struct test_user tu;
	struct time_tv tv;
	int32_t tz[2];
	int64_t t_loc;
	long r, t, sbad, stz, efault;

	KT_ASSERT_OK(test_user_setup(&tu));
	test_user_write(64, tz_set, sizeof(tz_set));
	test_user_write(72, tz_bad, sizeof(tz_bad));
	stz = sys_settimeofday((const uint64_t[6]){ 0, USER(64) });
	sbad = sys_settimeofday((const uint64_t[6]){ 0, USER(72) });
	r = sys_gettimeofday((const uint64_t[6]){ USER(0), USER(16) });
	test_user_read(0, &tv, sizeof(tv));
	test_user_read(16, tz, sizeof(tz));
	t = sys_time((const uint64_t[6]){ USER(32) });
	test_user_read(32, &t_loc, sizeof(t_loc));
	efault = sys_gettimeofday((const uint64_t[6]){ USER_HOLE, 0 });
	test_user_write(64, (const int32_t[2]){ 0, 0 }, 8);
	sys_settimeofday((const uint64_t[6]){ 0, USER(64) });
	test_user_teardown(&tu);

	KT_ASSERT_EQ(stz, 0);
	KT_ASSERT_EQ(sbad, -EINVAL);
	KT_ASSERT_EQ(r, 0);
	KT_ASSERT(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	KT_ASSERT_EQ(tz[0], -60);
	KT_ASSERT_EQ(t, t_loc);
	KT_ASSERT(t - tv.tv_sec >= 0 && t - tv.tv_sec <= 1);
	KT_ASSERT_EQ(efault, -EFAULT);
	KT_ASSERT_GT(sys_time((const uint64_t[6]){ 0 }), 1577836800l);
}
