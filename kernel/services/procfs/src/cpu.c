/* SPDX-License-Identifier: MIT */
/* The CPU files: /sys/devices/system/cpu/{online,...} and /proc/cpuinfo. */
#include <procfs/procfs.h>

/* Linux's cpulist format: "0" for one CPU, "0-3" for a dense range. */
int procfs_render_cpu_list(struct procfs_buf *b, unsigned int ncpus)
{
	if (ncpus <= 1)
		procfs_printf(b, "0\n");
	else
		procfs_printf(b, "0-%u\n", ncpus - 1);
	return procfs_buf_status(b);
}

/*
 * One block per CPU, separated by a blank line; tools count the
 * "processor" lines (nproc's fallback, top) and show "model name". Only
 * lines whose values Keel knows are printed.
 */
int procfs_render_cpuinfo(struct procfs_buf *b, unsigned int ncpus,
			  const char *vendor, const char *model)
{
	unsigned int i;

	for (i = 0; i < ncpus; i++) {
		procfs_printf(b, "processor\t: %u\n", i);
		procfs_printf(b, "vendor_id\t: %s\n", vendor);
		procfs_printf(b, "model name\t: %s\n", model);
		procfs_printf(b, "physical id\t: 0\nsiblings\t: %u\n", ncpus);
		procfs_printf(b, "core id\t\t: %u\ncpu cores\t: %u\n", i,
			      ncpus);
		procfs_printf(b, "apicid\t\t: %u\n\n", i);
	}
	return procfs_buf_status(b);
}
