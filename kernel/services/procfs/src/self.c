/* SPDX-License-Identifier: MIT */
/* /proc/self and /proc/thread-self: links computed from the reader. */
#include <procfs/procfs.h>

int procfs_render_self(struct procfs_buf *b, int32_t pid)
{
	procfs_printf(b, "%d", pid);
	return procfs_buf_status(b);
}

int procfs_render_thread_self(struct procfs_buf *b, int32_t pid, int32_t tid)
{
	procfs_printf(b, "%d/task/%d", pid, tid);
	return procfs_buf_status(b);
}
