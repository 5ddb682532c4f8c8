/* SPDX-License-Identifier: MIT */
/* /proc/stat: the CPUs' times and the system's counters. */
#include <procfs/procfs.h>

/*
 * One CPU line: user nice system idle iowait irq softirq steal guest
 * guest_nice, in clock ticks. Keel has no nice accounting, I/O wait,
 * steal or guests: those are 0, as on a Linux that does not see them.
 */
static void sysstat_cpu(struct procfs_buf *b, const char *label,
			const struct procfs_cpu_times *c)
{
	procfs_printf(b, "%s %llu 0 %llu %llu 0 %llu 0 0 0 0\n", label,
		      (unsigned long long)procfs_ns_to_ticks(c->user_ns),
		      (unsigned long long)procfs_ns_to_ticks(c->system_ns),
		      (unsigned long long)procfs_ns_to_ticks(c->idle_ns),
		      (unsigned long long)procfs_ns_to_ticks(c->irq_ns));
}

int procfs_render_sysstat(struct procfs_buf *b, const struct procfs_sysstat *s)
{
	struct procfs_cpu_times sum = { 0 };
	char label[16];
	unsigned int i;

	for (i = 0; i < s->ncpus; i++) {
		sum.user_ns += s->cpus[i].user_ns;
		sum.system_ns += s->cpus[i].system_ns;
		sum.idle_ns += s->cpus[i].idle_ns;
		sum.irq_ns += s->cpus[i].irq_ns;
	}
	/* "cpu" is padded to the width of "cpuN", as Linux prints it */
	sysstat_cpu(b, "cpu ", &sum);
	for (i = 0; i < s->ncpus; i++) {
		struct procfs_buf lb;

		procfs_buf_init(&lb, label, sizeof(label) - 1);
		procfs_printf(&lb, "cpu%u", i);
		label[lb.len] = '\0';
		sysstat_cpu(b, label, &s->cpus[i]);
	}
	/* Interrupts and switches are not counted: their totals are 0. */
	procfs_printf(b, "intr 0\nctxt 0\nbtime %llu\n",
		      (unsigned long long)s->boot_time_s);
	procfs_printf(b, "processes %llu\nprocs_running %u\nprocs_blocked %u\n",
		      (unsigned long long)s->processes, s->running, s->blocked);
	procfs_printf(b, "softirq 0 0 0 0 0 0 0 0 0 0 0\n");
	return procfs_buf_status(b);
}
