/* SPDX-License-Identifier: MIT */
/* /proc/uptime and /proc/loadavg: time since boot and run-queue load. */
#include <procfs/procfs.h>

#include <frame/time.h>

/* Seconds with two decimals, truncated as Linux does. */
static void uptime_secs(struct procfs_buf *b, uint64_t ns, char sep)
{
	uint64_t cs = ns / (FRAME_NSEC_PER_SEC / 100);

	procfs_printf(b, "%llu.%02llu%c", (unsigned long long)(cs / 100),
		      (unsigned long long)(cs % 100), sep);
}

int procfs_render_uptime(struct procfs_buf *b, uint64_t up_ns, uint64_t idle_ns)
{
	uptime_secs(b, up_ns, ' ');
	uptime_secs(b, idle_ns, '\n');
	return procfs_buf_status(b);
}

int procfs_render_loadavg(struct procfs_buf *b, const struct procfs_load *l)
{
	unsigned int i;

	for (i = 0; i < 3; i++)
		procfs_printf(b, "%u.%02u ", l->avg[i] / 100, l->avg[i] % 100);
	procfs_printf(b, "%u/%u %d\n", l->running, l->threads, l->last_pid);
	return procfs_buf_status(b);
}
