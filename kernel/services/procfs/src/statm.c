/* SPDX-License-Identifier: MIT */
/* /proc/PID/statm: a task's memory in pages. */
#include <procfs/procfs.h>

#include <frame/page.h>

static unsigned long long statm_pages(uint64_t bytes)
{
	return (unsigned long long)((bytes + FRAME_PAGE_SIZE - 1) /
				    FRAME_PAGE_SIZE);
}

/* size resident shared text lib data dt; lib and dt are always 0 in Linux. */
int procfs_render_statm(struct procfs_buf *b, const struct procfs_task *t)
{
	procfs_printf(b, "%llu %llu %llu %llu 0 %llu 0\n",
		      statm_pages(t->vsize), statm_pages(t->rss),
		      statm_pages(t->rss_shared), statm_pages(t->text),
		      statm_pages(t->data));
	return procfs_buf_status(b);
}
