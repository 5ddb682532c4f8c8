/* SPDX-License-Identifier: MIT */
/* /proc/PID/stat: a task's state as one line of 52 fields. */
#include <procfs/procfs.h>

#include <frame/page.h>

/* RLIM_INFINITY, the rsslim field: Keel enforces no RSS limit. */
#define STAT_RSSLIM_NONE 0xffffffffffffffffull

/*
 * Linux's kernel priority of a normal task is 120 + nice; /proc shows it
 * minus MAX_RT_PRIO (100).
 */
static int64_t stat_priority(const struct procfs_task *t)
{
	return 20 + (int64_t)t->nice;
}

/*
 * Fields Keel does not track print 0, as Linux does for fields it no longer
 * keeps (itrealvalue, nswap, cnswap, wchan when not permitted). The
 * wait-channel, kstkesp and kstkeip stay 0, as Linux shows them to anyone
 * but the task's owner with ptrace rights.
 */
int procfs_render_stat(struct procfs_buf *b, const struct procfs_task *t)
{
	procfs_printf(b, "%d (%s) %c %d %d %d %u %d %u ", t->pid, t->comm,
		      t->state, t->ppid, t->pgrp, t->session, t->tty_nr,
		      t->tpgid, 0u);
	procfs_printf(b, "%llu 0 %llu 0 %llu %llu %llu %llu ",
		      (unsigned long long)t->minflt,
		      (unsigned long long)t->majflt,
		      (unsigned long long)procfs_ns_to_ticks(t->utime_ns),
		      (unsigned long long)procfs_ns_to_ticks(t->stime_ns),
		      (unsigned long long)procfs_ns_to_ticks(t->cutime_ns),
		      (unsigned long long)procfs_ns_to_ticks(t->cstime_ns));
	procfs_printf(b, "%lld %d %u 0 %llu %llu %llu %llu ",
		      (long long)stat_priority(t), t->nice, t->threads,
		      (unsigned long long)procfs_ns_to_ticks(t->start_ns),
		      (unsigned long long)t->vsize,
		      (unsigned long long)(t->rss / FRAME_PAGE_SIZE),
		      STAT_RSSLIM_NONE);
	procfs_printf(b, "%llu %llu %llu 0 0 ",
		      (unsigned long long)t->start_code,
		      (unsigned long long)t->end_code,
		      (unsigned long long)t->start_stack);
	/* signal, blocked, sigignore, sigcatch: decimal, as Linux prints. */
	procfs_printf(
		b, "%llu %llu %llu %llu 0 0 0 %d %u 0 0 0 0 0 ",
		(unsigned long long)(t->sig_pending | t->sig_shared_pending),
		(unsigned long long)t->sig_blocked,
		(unsigned long long)t->sig_ignored,
		(unsigned long long)t->sig_caught, t->exit_signal, t->cpu);
	procfs_printf(b, "%llu %llu %llu %llu %llu %llu %llu %d\n",
		      (unsigned long long)t->start_data,
		      (unsigned long long)t->end_data,
		      (unsigned long long)t->start_brk,
		      (unsigned long long)t->arg_start,
		      (unsigned long long)t->arg_end,
		      (unsigned long long)t->env_start,
		      (unsigned long long)t->env_end, t->exit_code);
	return procfs_buf_status(b);
}
