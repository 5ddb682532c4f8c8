/* SPDX-License-Identifier: MIT */
/* time.c - clocks (clock_gettime, clock_getres, gettimeofday, time),
 * sleeping (nanosleep, clock_nanosleep relative and TIMER_ABSTIME,
 * interrupted sleeps), interval timers and alarm, times. */
#include "abi.h"

#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>

static volatile int alrm, vtalrm, prof;

static void on_alrm(int s)
{
	(void)s;
	alrm++;
}
static void on_vtalrm(int s)
{
	(void)s;
	vtalrm++;
}
static void on_prof(int s)
{
	(void)s;
	prof++;
}

static long long ns(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

static long long now(clockid_t c)
{
	struct timespec t;

	clock_gettime(c, &t);
	return ns(&t);
}

static void test_clocks(void)
{
	static const clockid_t ids[] = {
		CLOCK_REALTIME,		  CLOCK_MONOTONIC,
		CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID,
		CLOCK_MONOTONIC_RAW,	  CLOCK_REALTIME_COARSE,
		CLOCK_MONOTONIC_COARSE,	  CLOCK_BOOTTIME
	};
	struct timespec t, r;
	struct timeval tv;
	long long prev, cur;
	unsigned i;
	int mono = 1, all = 1;
	char name[40];

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		snprintf(name, sizeof(name), "clock_gettime.%d", (int)ids[i]);
		CHECK_OK(name, clock_gettime(ids[i], &t));
		all &= t.tv_nsec >= 0 && t.tv_nsec < 1000000000;
		snprintf(name, sizeof(name), "clock_getres.%d", (int)ids[i]);
		CHECK_OK(name, clock_getres(ids[i], &r));
	}
	CHECK("clock_gettime.nsec_range", all);
	clock_getres(CLOCK_MONOTONIC, &r);
	CHECK("clock_getres.monotonic_1ns", r.tv_sec == 0 && r.tv_nsec == 1);
	clock_getres(CLOCK_MONOTONIC_COARSE, &r);
	CHECK("clock_getres.coarse_ticks",
	      r.tv_sec == 0 && r.tv_nsec > 1 && r.tv_nsec <= 10000000);
	CHECK_ERR("clock_gettime.bad_clock", syscall(SYS_clock_gettime, 42, &t),
		  EINVAL);
	CHECK_ERR("clock_getres.bad_clock", syscall(SYS_clock_getres, 42, &r),
		  EINVAL);
	CHECK_OK("clock_getres.null",
		 syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL));
	CHECK("realtime.plausible",
	      now(CLOCK_REALTIME) > 946684800LL * 1000000000LL);
	prev = now(CLOCK_MONOTONIC);
	for (i = 0; i < 2000; i++) {
		cur = now(CLOCK_MONOTONIC);
		mono &= cur >= prev;
		prev = cur;
	}
	CHECK("monotonic.never_back", mono);
	CHECK("boottime.ge_monotonic",
	      now(CLOCK_BOOTTIME) >= now(CLOCK_MONOTONIC) - 1000000);
	CHECK_OK("gettimeofday.ok", gettimeofday(&tv, NULL));
	CHECK("gettimeofday.matches",
	      tv.tv_usec >= 0 && tv.tv_usec < 1000000 &&
		      llabs((long long)tv.tv_sec -
			    now(CLOCK_REALTIME) / 1000000000LL) <= 1);
	CHECK("time.matches", llabs((long long)time(NULL) -
				    now(CLOCK_REALTIME) / 1000000000LL) <= 1);
	CHECK_ERR("settimeofday.bad_usec",
		  settimeofday(&(struct timeval){ 0, 2000000 }, NULL), EINVAL);
}

static void test_sleep(void)
{
	struct timespec d = { 0, 50000000 }, rem, abs;
	long long t0 = now(CLOCK_MONOTONIC);
	struct itimerval it;

	CHECK_OK("nanosleep.ok", nanosleep(&d, NULL));
	CHECK("nanosleep.slept", now(CLOCK_MONOTONIC) - t0 >= 50000000);
	d.tv_nsec = 1000000000;
	CHECK_ERR("nanosleep.bad_nsec", nanosleep(&d, NULL), EINVAL);
	d.tv_sec = -1;
	d.tv_nsec = 0;
	CHECK_ERR("nanosleep.negative", nanosleep(&d, NULL), EINVAL);
	clock_gettime(CLOCK_MONOTONIC, &abs);
	abs.tv_nsec += 60000000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	CHECK_EQ("clock_nanosleep.abstime",
		 clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL),
		 0);
	CHECK("clock_nanosleep.abstime_reached",
	      now(CLOCK_MONOTONIC) >= ns(&abs));
	CHECK_EQ("clock_nanosleep.abstime_past",
		 clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL),
		 0);
	d.tv_sec = 0;
	d.tv_nsec = 10000000;
	CHECK_EQ("clock_nanosleep.realtime_rel",
		 clock_nanosleep(CLOCK_REALTIME, 0, &d, NULL), 0);
	CHECK_EQ("clock_nanosleep.bad_clock", clock_nanosleep(42, 0, &d, NULL),
		 EINVAL);
	CHECK_EQ("clock_nanosleep.thread_cputime",
		 clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &d, NULL), EINVAL);

	/* a signal interrupts a sleep: EINTR and the time left */
	signal(SIGALRM, on_alrm);
	memset(&it, 0, sizeof(it));
	it.it_value.tv_usec = 50000;
	setitimer(ITIMER_REAL, &it, NULL);
	d.tv_sec = 5;
	d.tv_nsec = 0;
	rem.tv_sec = 0;
	CHECK_ERR("nanosleep.eintr", nanosleep(&d, &rem), EINTR);
	CHECK("nanosleep.remaining", rem.tv_sec >= 3 && rem.tv_sec <= 5);
}

/*
 * Spend user CPU time until *@flag reaches @target, for at most 5 s of
 * wall time. The clock is read once every 2^20 steps: where the vDSO has
 * to fall back to a system call (Linux on an emulated CPU whose TSC it
 * distrusts), reading it on every step would spend the time in the
 * kernel, and the virtual and profiling timers count user time.
 */
static void burn_cpu(volatile int *flag, int target)
{
	volatile unsigned long x = 0;
	long long t0 = now(CLOCK_MONOTONIC);

	while (*flag < target && now(CLOCK_MONOTONIC) - t0 < 5000000000LL)
		for (long i = 0; i < (1L << 20) && *flag < target; i++)
			x++;
}

static void test_timers(void)
{
	struct itimerval it, old;
	struct tms tm;
	long long t0;

	signal(SIGALRM, on_alrm);
	alrm = 0;
	memset(&it, 0, sizeof(it));
	it.it_value.tv_sec = 10;
	CHECK_OK("setitimer.real", setitimer(ITIMER_REAL, &it, NULL));
	CHECK_OK("getitimer.real", getitimer(ITIMER_REAL, &old));
	CHECK("getitimer.remaining",
	      old.it_value.tv_sec >= 9 && old.it_value.tv_sec <= 10);
	it.it_value.tv_sec = 0;
	CHECK_OK("setitimer.disarm", setitimer(ITIMER_REAL, &it, &old));
	CHECK("setitimer.old_value", old.it_value.tv_sec >= 9);
	getitimer(ITIMER_REAL, &old);
	CHECK("getitimer.disarmed",
	      old.it_value.tv_sec == 0 && old.it_value.tv_usec == 0);

	it.it_value.tv_usec = 20000;
	it.it_interval.tv_usec = 20000;
	setitimer(ITIMER_REAL, &it, NULL);
	t0 = now(CLOCK_MONOTONIC);
	while (alrm < 3 && now(CLOCK_MONOTONIC) - t0 < 3000000000LL)
		pause();
	CHECK("setitimer.periodic", alrm >= 3);
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_ERR("setitimer.bad_which", setitimer(42, &it, NULL), EINVAL);
	it.it_value.tv_usec = 2000000;
	CHECK_ERR("setitimer.bad_usec", setitimer(ITIMER_REAL, &it, NULL),
		  EINVAL);

	alrm = 0;
	CHECK_EQ("alarm.first", alarm(2), 0);
	CHECK("alarm.remaining", alarm(0) >= 1);
	CHECK_EQ("alarm.cleared", alarm(0), 0);
	alarm(1);
	pause();
	CHECK_EQ("alarm.fires", alrm, 1);

	signal(SIGVTALRM, on_vtalrm);
	memset(&it, 0, sizeof(it));
	it.it_value.tv_usec = 30000;
	setitimer(ITIMER_VIRTUAL, &it, NULL);
	burn_cpu(&vtalrm, 1);
	CHECK_EQ("itimer_virtual.fires", vtalrm, 1);
	signal(SIGPROF, on_prof);
	setitimer(ITIMER_PROF, &it, NULL);
	burn_cpu(&prof, 1);
	CHECK_EQ("itimer_prof.fires", prof, 1);
	CHECK("times.ticks",
	      times(&tm) != (clock_t)-1 && tm.tms_utime + tm.tms_stime > 0);
}

int main(int argc, char **argv)
{
	(void)argc;
	abi_start(argv[0]);
	test_clocks();
	test_sleep();
	test_timers();
	return abi_end();
}
