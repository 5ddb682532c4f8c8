/* SPDX-License-Identifier: MIT */
/* /proc/PID/status: a task's state as "Field:\tvalue" lines. */
#include <procfs/procfs.h>

const char *procfs_state_name(char state)
{
	switch (state) {
	case 'R':
		return "running";
	case 'S':
		return "sleeping";
	case 'D':
		return "disk sleep";
	case 'T':
		return "stopped";
	case 't':
		return "tracing stop";
	case 'Z':
		return "zombie";
	case 'X':
		return "dead";
	default:
		return "unknown";
	}
}

/* Memory lines: the value in kB right-aligned in 8 columns, as Linux. */
static void status_kb(struct procfs_buf *b, const char *name, uint64_t bytes)
{
	procfs_printf(b, "%s:\t%8llu kB\n", name,
		      (unsigned long long)(bytes / 1024));
}

/* The umask as four octal digits (the formatter has no %o). */
static void status_umask(struct procfs_buf *b, uint32_t mask)
{
	procfs_printf(b, "Umask:\t%c%c%c%c\n", '0' + (int)((mask >> 9) & 7),
		      '0' + (int)((mask >> 6) & 7),
		      '0' + (int)((mask >> 3) & 7), '0' + (int)(mask & 7));
}

static void status_ids(struct procfs_buf *b, const char *name,
		       const uint32_t id[4])
{
	procfs_printf(b, "%s:\t%u\t%u\t%u\t%u\n", name, id[0], id[1], id[2],
		      id[3]);
}

/*
 * The lines ps, top and common scripts read, in Linux's order; lines for
 * features Keel lacks (namespaces, seccomp, cpusets) are left out rather
 * than invented.
 */
int procfs_render_status(struct procfs_buf *b, const struct procfs_task *t)
{
	unsigned int i;

	procfs_printf(b, "Name:\t%s\n", t->comm);
	status_umask(b, t->umask);
	procfs_printf(b, "State:\t%c (%s)\n", t->state,
		      procfs_state_name(t->state));
	procfs_printf(b, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n", t->pid,
		      t->tid, t->ppid);
	procfs_printf(b, "TracerPid:\t0\n");
	status_ids(b, "Uid", t->uid);
	status_ids(b, "Gid", t->gid);
	procfs_printf(b, "FDSize:\t%u\nGroups:\t", t->fd_size);
	for (i = 0; i < t->ngroups; i++)
		procfs_printf(b, "%u ", t->groups[i]);
	procfs_putc(b, '\n');
	/* A zombie has no memory: Linux leaves the Vm lines out. */
	if (t->state != 'Z' && t->state != 'X') {
		status_kb(b, "VmPeak",
			  t->vm_peak > t->vsize ? t->vm_peak : t->vsize);
		status_kb(b, "VmSize", t->vsize);
		status_kb(b, "VmLck", 0);
		status_kb(b, "VmPin", 0);
		status_kb(b, "VmHWM", t->rss);
		status_kb(b, "VmRSS", t->rss);
		status_kb(b, "RssAnon", t->rss - t->rss_shared);
		status_kb(b, "RssFile", t->rss_shared);
		status_kb(b, "RssShmem", 0);
		status_kb(b, "VmData", t->data);
		status_kb(b, "VmStk", t->stack);
		status_kb(b, "VmExe", t->text);
		status_kb(b, "VmLib", 0);
		status_kb(b, "VmPTE", 0);
		status_kb(b, "VmSwap", 0);
	}
	procfs_printf(b, "Threads:\t%u\n", t->threads);
	procfs_printf(b, "SigPnd:\t%016llx\nShdPnd:\t%016llx\n",
		      (unsigned long long)t->sig_pending,
		      (unsigned long long)t->sig_shared_pending);
	procfs_printf(b, "SigBlk:\t%016llx\nSigIgn:\t%016llx\n",
		      (unsigned long long)t->sig_blocked,
		      (unsigned long long)t->sig_ignored);
	procfs_printf(b, "SigCgt:\t%016llx\n",
		      (unsigned long long)t->sig_caught);
	return procfs_buf_status(b);
}
