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
 * One block per CPU, separated by a blank line, with x86 Linux's lines in
 * its order; lines whose values Keel does not know (microcode, cache
 * size, cpuid level, bugs, TLB size, address sizes) are left out. The
 * CPUs are one package of single-thread cores. bogomips is what Linux's
 * delay calibration gives on a TSC: twice the clock in MHz.
 */
int procfs_render_cpuinfo(struct procfs_buf *b, const struct procfs_cpuinfo *c)
{
	unsigned long long mhz = c->khz / 1000, frac = c->khz % 1000;
	unsigned long long bogo = c->khz * 2 / 10;
	unsigned int i;

	for (i = 0; i < c->ncpus; i++) {
		procfs_printf(b, "processor\t: %u\nvendor_id\t: %s\n", i,
			      c->vendor);
		procfs_printf(b, "cpu family\t: %u\nmodel\t\t: %u\n", c->family,
			      c->model);
		procfs_printf(b, "model name\t: %s\nstepping\t: %u\n",
			      c->model_name, c->stepping);
		procfs_printf(b, "cpu MHz\t\t: %llu.%03llu\n", mhz, frac);
		procfs_printf(b, "physical id\t: 0\nsiblings\t: %u\n",
			      c->ncpus);
		procfs_printf(b, "core id\t\t: %u\ncpu cores\t: %u\n", i,
			      c->ncpus);
		procfs_printf(b, "apicid\t\t: %u\ninitial apicid\t: %u\n", i,
			      i);
		procfs_printf(b, "fpu\t\t: yes\nfpu_exception\t: yes\n");
		procfs_printf(b, "wp\t\t: yes\nflags\t\t: %s\n", c->flags);
		procfs_printf(b, "bogomips\t: %llu.%02llu\n", bogo / 100,
			      bogo % 100);
		procfs_printf(b, "clflush size\t: 64\ncache_alignment\t: 64\n");
		procfs_printf(b, "power management:\n\n");
	}
	return procfs_buf_status(b);
}
