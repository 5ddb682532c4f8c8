/* SPDX-License-Identifier: MIT */
/* ktests of the eventfd counter, its poll and eventfd2's checks. */
#include "eventfd.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/task.h>

#include <event/syscalls.h>
#include <fs/fs.h>

static unsigned int poll_of(struct file *f)
{
	return file_ops_of(f)->poll(f, NULL);
}

KTEST(eventfd_counter_reads_whole_and_polls)
{
	struct eventfd *e;
	struct file *f;
	uint64_t v = 0;

	KT_ASSERT_OK(eventfd_file_create(0, EFD_NONBLOCK, &f));
	e = eventfd_of(f);
	KT_ASSERT_NOT_NULL(e);
	KT_ASSERT(file_flags(f) & O_NONBLOCK);
	KT_ASSERT_EQ(file_flags(f) & O_ACCMODE, O_RDWR);
	KT_ASSERT_EQ(poll_of(f), POLLOUT | POLLWRNORM);
	KT_ASSERT_ERR(eventfd_take(e, true, &v), -EAGAIN);
	KT_ASSERT_OK(eventfd_add(e, true, 3));
	KT_ASSERT_OK(eventfd_add(e, true, 4));
	KT_ASSERT_EQ(poll_of(f), POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM);
	KT_ASSERT_OK(eventfd_take(e, true, &v));
	KT_ASSERT_EQ(v, 7);
	KT_ASSERT_ERR(eventfd_take(e, true, &v), -EAGAIN);
	file_put(f);
}

KTEST(eventfd_semaphore_takes_one)
{
	struct eventfd *e;
	struct file *f;
	uint64_t v = 0;

	KT_ASSERT_OK(eventfd_file_create(2, EFD_SEMAPHORE, &f));
	e = eventfd_of(f);
	KT_ASSERT(!(file_flags(f) & O_NONBLOCK));
	KT_ASSERT_OK(eventfd_take(e, true, &v));
	KT_ASSERT_EQ(v, 1);
	KT_ASSERT_OK(eventfd_take(e, true, &v));
	KT_ASSERT_EQ(v, 1);
	KT_ASSERT_ERR(eventfd_take(e, true, &v), -EAGAIN);
	file_put(f);
}

KTEST(eventfd_overflow_blocks_and_max_is_invalid)
{
	struct eventfd *e;
	struct file *f;
	uint64_t v = 0;

	KT_ASSERT_OK(eventfd_file_create(0, 0, &f));
	e = eventfd_of(f);
	KT_ASSERT_ERR(eventfd_add(e, true, UINT64_MAX), -EINVAL);
	KT_ASSERT_OK(eventfd_add(e, true, EVENTFD_MAX));
	/* Full: not writable, and even 1 more must wait. */
	KT_ASSERT_EQ(poll_of(f), POLLIN | POLLRDNORM);
	KT_ASSERT_ERR(eventfd_add(e, true, 1), -EAGAIN);
	KT_ASSERT_OK(eventfd_add(e, true, 0));
	KT_ASSERT_OK(eventfd_take(e, true, &v));
	KT_ASSERT_EQ(v, EVENTFD_MAX);
	file_put(f);
}

KTEST(eventfd2_checks_flags_and_installs)
{
	struct fd_table *t = fd_table_create();
	uint64_t a[6] = { 5, 0x80, 0, 0, 0, 0 };
	struct file *f;
	long fd;

	KT_ASSERT_NOT_NULL(t);
	KT_ASSERT_ERR(sys_eventfd2(a), -EINVAL);
	KT_ASSERT_OK(fs_attach(task_current(), t, NULL));
	a[1] = EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE;
	fd = sys_eventfd2(a);
	KT_ASSERT(fd >= 0);
	KT_ASSERT_OK(fd_get(t, (int)fd, 0, &f));
	KT_ASSERT_NOT_NULL(eventfd_of(f));
	KT_ASSERT(file_flags(f) & O_NONBLOCK);
	file_put(f);
	KT_ASSERT_OK(fd_close(t, (int)fd));
	/* eventfd takes no flags: the second word is ignored. */
	fd = sys_eventfd(a);
	KT_ASSERT(fd >= 0);
	KT_ASSERT_OK(fd_close(t, (int)fd));
	KT_ASSERT_EQ(fd_table_count(t), 0);
	KT_ASSERT_OK(fs_attach(task_current(), NULL, NULL));
	fd_table_put(t);
}
