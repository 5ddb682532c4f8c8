/* SPDX-License-Identifier: MIT */
/* timerfd.c - timerfd_create, timerfd_settime and timerfd_gettime:
 * flags and clocks, relative and absolute one-shots, intervals and the
 * expiration count, the old value, disarming, poll, errno cases. */
#include "abi.h"

#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>

#define MS 1000000L

static uint64_t get(int fd)
{
	uint64_t v = 0;

	if (read(fd, &v, sizeof(v)) != (ssize_t)sizeof(v))
		return 0;
	return v;
}

static void test_create(void)
{
	int fd;

	CHECK_ERR("create.bad_clock",
		  timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0), EINVAL);
	CHECK_ERR("create.bad_clock_neg", timerfd_create(-1, 0), EINVAL);
	CHECK_ERR("create.bad_flags", timerfd_create(CLOCK_MONOTONIC, 1),
		  EINVAL);
	fd = CHECK_OK(
		"create.flags",
		timerfd_create(CLOCK_REALTIME, TFD_CLOEXEC | TFD_NONBLOCK));
	CHECK_EQ("create.cloexec", fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("create.nonblock", fcntl(fd, F_GETFL) & O_NONBLOCK,
		 O_NONBLOCK);
	close(fd);
	fd = CHECK_OK("create.boottime", timerfd_create(CLOCK_BOOTTIME, 0));
	CHECK_EQ("create.no_cloexec", fcntl(fd, F_GETFD), 0);
	close(fd);
}

static void test_errors(void)
{
	struct itimerspec its = { { 0, 0 }, { 1, 0 } }, cur;
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	uint64_t v;
	char small[4];

	CHECK_ERR("settime.bad_flags", timerfd_settime(fd, 4, &its, NULL),
		  EINVAL);
	its.it_value.tv_nsec = 1000000000;
	CHECK_ERR("settime.nsec_range", timerfd_settime(fd, 0, &its, NULL),
		  EINVAL);
	its.it_value.tv_nsec = 0;
	its.it_interval.tv_sec = -1;
	CHECK_ERR("settime.negative", timerfd_settime(fd, 0, &its, NULL),
		  EINVAL);
	its.it_interval.tv_sec = 0;
	CHECK_ERR("settime.fault",
		  syscall(SYS_timerfd_settime, fd, 0, (void *)8, NULL), EFAULT);
	CHECK_ERR("settime.ebadf", timerfd_settime(-1, 0, &its, NULL), EBADF);
	CHECK_ERR("settime.not_timerfd", timerfd_settime(0, 0, &its, NULL),
		  EINVAL);
	CHECK_ERR("gettime.ebadf", timerfd_gettime(999, &cur), EBADF);
	CHECK_ERR("gettime.not_timerfd", timerfd_gettime(1, &cur), EINVAL);
	CHECK_ERR("gettime.fault", syscall(SYS_timerfd_gettime, fd, (void *)8),
		  EFAULT);
	CHECK_ERR("read.disarmed_eagain", read(fd, &v, sizeof(v)), EAGAIN);
	CHECK_ERR("read.short", read(fd, small, sizeof(small)), EINVAL);
	CHECK_ERR("write.einval", write(fd, &v, sizeof(v)), EINVAL);
	close(fd);
}

static void test_one_shot(void)
{
	struct itimerspec its = { { 0, 0 }, { 0, 20 * MS } }, cur;
	int fd = timerfd_create(CLOCK_MONOTONIC, 0);
	struct pollfd p = { fd, POLLIN, 0 };
	struct timespec t0;
	uint64_t v;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_OK("oneshot.set", timerfd_settime(fd, 0, &its, NULL));
	CHECK_OK("oneshot.get", timerfd_gettime(fd, &cur));
	CHECK("oneshot.get_left", cur.it_value.tv_sec == 0 &&
					  cur.it_value.tv_nsec > 0 &&
					  cur.it_value.tv_nsec <= 20 * MS);
	CHECK_EQ("oneshot.read", get(fd), 1);
	CHECK("oneshot.waited", abi_ms_since(&t0) >= 19);
	CHECK_OK("oneshot.get_after", timerfd_gettime(fd, &cur));
	CHECK("oneshot.disarmed",
	      cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
	CHECK_EQ("oneshot.poll_empty", poll(&p, 1, 0), 0);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	CHECK_ERR("oneshot.read_again", read(fd, &v, sizeof(v)), EAGAIN);

	/* poll sleeps until the expiration. */
	its.it_value.tv_nsec = 20 * MS;
	timerfd_settime(fd, 0, &its, NULL);
	CHECK_EQ("oneshot.poll_waits", poll(&p, 1, 5000), 1);
	CHECK_EQ("oneshot.poll_pollin", p.revents, POLLIN);
	CHECK_EQ("oneshot.poll_read", get(fd), 1);

	/* An absolute time already past fires at once. */
	its.it_value.tv_sec = 0;
	its.it_value.tv_nsec = 1;
	CHECK_OK("abs.set_past",
		 timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL));
	CHECK_EQ("abs.poll", poll(&p, 1, 5000), 1);
	CHECK_EQ("abs.read", get(fd), 1);
	close(fd);

	fd = timerfd_create(CLOCK_REALTIME, 0);
	clock_gettime(CLOCK_REALTIME, &its.it_value);
	its.it_value.tv_nsec += 10 * MS;
	if (its.it_value.tv_nsec >= 1000000000L) {
		its.it_value.tv_nsec -= 1000000000L;
		its.it_value.tv_sec++;
	}
	CHECK_OK("abs.realtime_set",
		 timerfd_settime(fd,
				 TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET,
				 &its, NULL));
	CHECK_EQ("abs.realtime_read", get(fd), 1);
	close(fd);
}

/* Setting the wall clock under a CANCEL_ON_SET timer: one ECANCELED. */
static void test_cancel_on_set(void)
{
	struct itimerspec its = { { 0, 0 }, { 0, 0 } }, cur;
	int fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
	struct pollfd p = { fd, POLLIN, 0 };
	struct timespec now;
	uint64_t v;

	clock_gettime(CLOCK_REALTIME, &its.it_value);
	its.it_value.tv_sec += 3600;
	CHECK_OK("cancel.set",
		 timerfd_settime(fd,
				 TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET,
				 &its, NULL));
	CHECK_ERR("cancel.before", read(fd, &v, sizeof(v)), EAGAIN);
	clock_gettime(CLOCK_REALTIME, &now);
	if (!CHECK_OK("cancel.clock_settime",
		      clock_settime(CLOCK_REALTIME, &now))) {
		close(fd);
		return;
	}
	CHECK_EQ("cancel.not_pollin", poll(&p, 1, 0), 0);
	CHECK_ERR("cancel.read", read(fd, &v, sizeof(v)), ECANCELED);
	CHECK_ERR("cancel.once", read(fd, &v, sizeof(v)), EAGAIN);
	CHECK_OK("cancel.still_armed", timerfd_gettime(fd, &cur));
	CHECK("cancel.still_armed_left", cur.it_value.tv_sec > 3000);
	close(fd);
}

static void test_interval(void)
{
	struct itimerspec its = { { 0, 10 * MS }, { 0, 10 * MS } }, old;
	int fd = timerfd_create(CLOCK_MONOTONIC, 0);
	struct timespec ts = { 0, 100 * MS };
	uint64_t n;

	CHECK_OK("interval.set", timerfd_settime(fd, 0, &its, NULL));
	nanosleep(&ts, NULL);
	n = get(fd);
	/* At least the ten periods slept through, counted in one read. */
	CHECK("interval.count", n >= 9);
	CHECK("interval.next", get(fd) >= 1);
	its.it_value.tv_nsec = 0;
	its.it_interval.tv_nsec = 0;
	CHECK_OK("interval.disarm", timerfd_settime(fd, 0, &its, &old));
	CHECK_EQ("interval.old_interval",
		 old.it_interval.tv_sec * 1000000000L + old.it_interval.tv_nsec,
		 10 * MS);
	CHECK("interval.old_value", old.it_value.tv_sec == 0 &&
					    old.it_value.tv_nsec > 0 &&
					    old.it_value.tv_nsec <= 10 * MS);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	CHECK_ERR("interval.stopped", read(fd, &n, sizeof(n)), EAGAIN);
	close(fd);
}

int main(int argc, char **argv)
{
	(void)argc;
	abi_start(argv[0]);
	test_create();
	test_errors();
	test_one_shot();
	test_cancel_on_set();
	test_interval();
	return abi_end();
}
