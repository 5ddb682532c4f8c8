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
 * A CPU mask of CPUs 0 to @n - 1 as Linux's "%*pb" prints it: hex digits
 * for @n bits, in 32-bit groups separated by commas, the highest first.
 */
static void status_cpu_mask(struct procfs_buf *b, unsigned int n)
{
	unsigned int groups = (n + 31) / 32;

	for (unsigned int g = groups; g-- > 0;) {
		unsigned int bits = n - g * 32 > 32 ? 32 : n - g * 32;
		uint32_t word = bits == 32 ? 0xffffffffu : (1u << bits) - 1;

		if (g == groups - 1)
			procfs_printf(b, "%0*x", (int)(bits + 3) / 4, word);
		else
			procfs_printf(b, ",%08x", word);
	}
}

/* Linux's x86-64 build has 1024 memory nodes; Keel's memory is node 0. */
#define STATUS_MEM_NODE_WORDS 32

/*
 * The lines after the signal masks: capabilities, seccomp (none),
 * speculation controls (not known to Keel: "unknown", as Linux says
 * where it cannot tell), where it may run, and its context switches
 * (not counted).
 */
static void status_tail(struct procfs_buf *b, const struct procfs_task *t)
{
	procfs_printf(b, "CapInh:\t%016llx\nCapPrm:\t%016llx\n",
		      (unsigned long long)t->cap_inh,
		      (unsigned long long)t->cap_prm);
	procfs_printf(b, "CapEff:\t%016llx\nCapBnd:\t%016llx\n",
		      (unsigned long long)t->cap_eff,
		      (unsigned long long)t->cap_bnd);
	procfs_printf(b, "CapAmb:\t%016llx\n", (unsigned long long)t->cap_amb);
	procfs_printf(b, "NoNewPrivs:\t%d\nSeccomp:\t0\nSeccomp_filters:\t0\n",
		      t->no_new_privs ? 1 : 0);
	procfs_printf(b, "Speculation_Store_Bypass:\tunknown\n"
			 "SpeculationIndirectBranch:\tunknown\n");
	procfs_printf(b, "Cpus_allowed:\t");
	status_cpu_mask(b, t->ncpus ? t->ncpus : 1);
	if (t->ncpus > 1)
		procfs_printf(b, "\nCpus_allowed_list:\t0-%u\n", t->ncpus - 1);
	else
		procfs_printf(b, "\nCpus_allowed_list:\t0\n");
	procfs_printf(b, "Mems_allowed:\t");
	for (int i = 1; i < STATUS_MEM_NODE_WORDS; i++)
		procfs_printf(b, "00000000,");
	procfs_printf(b, "00000001\nMems_allowed_list:\t0\n");
	procfs_printf(b, "voluntary_ctxt_switches:\t0\n"
			 "nonvoluntary_ctxt_switches:\t0\n");
}

/*
 * Linux 6.1's lines in its order. Namespaces do not exist, so the NS*
 * lines hold the one id; a zombie has no memory, so its Vm lines and the
 * ones after them up to Threads are left out, as Linux does.
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
	procfs_printf(b, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n",
		      t->pid, t->tid, t->pgrp, t->session);
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
		status_kb(b, "HugetlbPages", 0);
		/* no transparent huge pages in Keel */
		procfs_printf(b, "CoreDumping:\t0\nTHP_enabled:\t0\n");
	}
	procfs_printf(b, "Threads:\t%u\n", t->threads);
	procfs_printf(b, "SigQ:\t%llu/%llu\n", (unsigned long long)t->sigq,
		      (unsigned long long)t->sigq_limit);
	procfs_printf(b, "SigPnd:\t%016llx\nShdPnd:\t%016llx\n",
		      (unsigned long long)t->sig_pending,
		      (unsigned long long)t->sig_shared_pending);
	procfs_printf(b, "SigBlk:\t%016llx\nSigIgn:\t%016llx\n",
		      (unsigned long long)t->sig_blocked,
		      (unsigned long long)t->sig_ignored);
	procfs_printf(b, "SigCgt:\t%016llx\n",
		      (unsigned long long)t->sig_caught);
	status_tail(b, t);
	return procfs_buf_status(b);
}
