/* SPDX-License-Identifier: MIT */
/* /proc/version and the one-value files of /proc/sys/kernel. */
#include <procfs/procfs.h>

/*
 * Linux prints who built it and with what compiler between the release and
 * the version; Keel names itself there, which tools only show, not parse.
 */
int procfs_render_version(struct procfs_buf *b, const struct procfs_uts *u)
{
	procfs_printf(b, "%s version %s (keel) %s\n", u->sysname, u->release,
		      u->version);
	return procfs_buf_status(b);
}

int procfs_render_line(struct procfs_buf *b, const char *s)
{
	procfs_printf(b, "%s\n", s);
	return procfs_buf_status(b);
}

int procfs_render_number(struct procfs_buf *b, int64_t n)
{
	procfs_printf(b, "%lld\n", (long long)n);
	return procfs_buf_status(b);
}
