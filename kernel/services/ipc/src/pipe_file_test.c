/* SPDX-License-Identifier: MIT */
/* ktests of pipe ends as files and of pipe2's argument checks. */
#include "pipe_file.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/task.h>

#include <fs/fs.h>
#include <ipc/syscalls.h>

static unsigned int poll_of(struct file *f)
{
	return file_ops_of(f)->poll(f, NULL);
}

KTEST(pipe_files_poll_and_hang_up)
{
	struct file *rd, *wr;

	KT_ASSERT_OK(pipe_files_create(true, &rd, &wr));
	KT_ASSERT(file_flags(rd) & O_NONBLOCK);
	KT_ASSERT_EQ(file_flags(rd) & O_ACCMODE, O_RDONLY);
	KT_ASSERT_EQ(file_flags(wr) & O_ACCMODE, O_WRONLY);
	KT_ASSERT_EQ(poll_of(rd), 0);
	KT_ASSERT_EQ(poll_of(wr), POLLOUT | POLLWRNORM);
	/* Each end reads or writes only. */
	KT_ASSERT_NULL(file_ops_of(rd)->write);
	KT_ASSERT_NULL(file_ops_of(wr)->read);
	/* The last writer gone: the reader sees a hang-up. */
	file_put(wr);
	KT_ASSERT_EQ(poll_of(rd), POLLHUP);
	file_put(rd);

	KT_ASSERT_OK(pipe_files_create(false, &rd, &wr));
	KT_ASSERT(!(file_flags(wr) & O_NONBLOCK));
	file_put(rd);
	KT_ASSERT_EQ(poll_of(wr), POLLERR | POLLOUT | POLLWRNORM);
	file_put(wr);
}

KTEST(pipe2_checks_its_arguments)
{
	struct fd_table *t = fd_table_create();
	uint64_t a[6] = { 0 };

	KT_ASSERT_NOT_NULL(t);
	/* Unknown flags first, then the address. */
	a[0] = 0x10000;
	a[1] = O_NONBLOCK | O_APPEND;
	KT_ASSERT_ERR(sys_pipe2(a), -EINVAL);
	a[1] = 0;
	a[0] = 0;
	KT_ASSERT_ERR(sys_pipe2(a), -EFAULT);
	KT_ASSERT_ERR(sys_pipe(a), -EFAULT);
	/* An address that cannot be written (a kernel task has no user
	 * space): EFAULT, and no descriptor stays open. */
	KT_ASSERT_OK(fs_attach(task_current(), t, NULL));
	a[0] = 0x10000;
	a[1] = O_CLOEXEC | O_NONBLOCK | O_DIRECT;
	KT_ASSERT_ERR(sys_pipe2(a), -EFAULT);
	KT_ASSERT_EQ(fd_table_count(t), 0);
	KT_ASSERT_OK(fs_attach(task_current(), NULL, NULL));
	fd_table_put(t);
}
