/* SPDX-License-Identifier: MIT */
/* ktests of timerfd: expirations, intervals, disarming and release. */
#include "timerfd.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/task.h>

#include <event/syscalls.h>
#include <fs/fs.h>

#define MS 1000000ull

KTEST(timerfd_one_shot_counts_once)
{
	struct timerfd_spec s = { 0, 2 * MS }, old;
	struct timerfd *t;
	struct file *f;
	uint64_t n = 0;

	KT_ASSERT_OK(timerfd_file_create(TIMERFD_CLOCK_MONOTONIC, 0, &f));
	t = timerfd_of(f);
	KT_ASSERT_NOT_NULL(t);
	KT_ASSERT_ERR(timerfd_take(t, true, &n), -EAGAIN);
	KT_ASSERT_EQ(file_ops_of(f)->poll(f, NULL), 0);
	timerfd_set(t, 0, &s, &old);
	KT_ASSERT_EQ(old.value_ns, 0);
	KT_ASSERT_OK(timerfd_take(t, false, &n));
	KT_ASSERT_EQ(n, 1);
	timerfd_get(t, &old);
	KT_ASSERT_EQ(old.value_ns, 0);
	KT_ASSERT_ERR(timerfd_take(t, true, &n), -EAGAIN);
	file_put(f);
}

KTEST(timerfd_interval_keeps_counting)
{
	struct timerfd_spec s = { MS, MS }, cur, zero = { 0, 0 };
	struct timerfd *t;
	struct file *f;
	uint64_t n = 0, total = 0;

	KT_ASSERT_OK(
		timerfd_file_create(TIMERFD_CLOCK_BOOTTIME, TFD_NONBLOCK, &f));
	t = timerfd_of(f);
	KT_ASSERT(file_flags(f) & O_NONBLOCK);
	timerfd_set(t, 0, &s, &cur);
	while (total < 3) {
		KT_ASSERT_OK(timerfd_take(t, false, &n));
		KT_ASSERT(n >= 1);
		total += n;
	}
	timerfd_get(t, &cur);
	KT_ASSERT_EQ(cur.interval_ns, MS);
	KT_ASSERT(cur.value_ns > 0 && cur.value_ns <= MS);
	/* Disarming returns the setting and stops the count. */
	timerfd_set(t, 0, &zero, &cur);
	KT_ASSERT_EQ(cur.interval_ns, MS);
	timerfd_get(t, &cur);
	KT_ASSERT_EQ(cur.value_ns, 0);
	KT_ASSERT_EQ(cur.interval_ns, 0);
	KT_ASSERT_ERR(timerfd_take(t, true, &n), -EAGAIN);
	file_put(f);
}

/* The last reference may go while the timer fires (often, at 1 ns). */
KTEST(timerfd_release_while_armed)
{
	struct timerfd_spec s = { 1, 1 }, old;
	struct file *f;

	for (int i = 0; i < 200; i++) {
		KT_ASSERT_OK(
			timerfd_file_create(TIMERFD_CLOCK_REALTIME, 0, &f));
		timerfd_set(timerfd_of(f), 0, &s, &old);
		timerfd_set(timerfd_of(f), 0, &s, &old);
		file_put(f);
	}
}

KTEST(timerfd_syscalls_check_arguments)
{
	uint64_t a[6] = { 3, 0, 0, 0, 0, 0 };
	struct fd_table *t = fd_table_create();
	long fd;

	KT_ASSERT_NOT_NULL(t);
	KT_ASSERT_ERR(sys_timerfd_create(a), -EINVAL);
	a[0] = TIMERFD_CLOCK_MONOTONIC;
	a[1] = 1;
	KT_ASSERT_ERR(sys_timerfd_create(a), -EINVAL);
	KT_ASSERT_OK(fs_attach(task_current(), t, NULL));
	a[1] = TFD_CLOEXEC;
	fd = sys_timerfd_create(a);
	KT_ASSERT(fd >= 0);
	/* A kernel task has no user space: the new value cannot be read. */
	a[0] = (uint64_t)fd;
	a[1] = 0;
	a[2] = 0x10000;
	KT_ASSERT_ERR(sys_timerfd_settime(a), -EFAULT);
	a[1] = 0x10000;
	KT_ASSERT_ERR(sys_timerfd_gettime(a), -EFAULT);
	a[0] = 99;
	KT_ASSERT_ERR(sys_timerfd_gettime(a), -EBADF);
	KT_ASSERT_OK(fd_close(t, (int)fd));
	KT_ASSERT_OK(fs_attach(task_current(), NULL, NULL));
	fd_table_put(t);
}
