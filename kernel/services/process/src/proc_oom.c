/* SPDX-License-Identifier: MIT */
/* The OOM killer: the biggest resident set goes. */
#include "proc_internal.h"

#include <mm/mm.h>

#include <frame/heap.h>
#include <frame/log.h>

#include "proc_glue.h"

/* Candidates are gathered under the lock, measured outside it. */
#define PROC_OOM_BATCH 256

struct proc_oom_cand {
	struct proc *p;
	struct mm *mm;
};

/* The processes that have memory and are not dying yet, referenced. */
static size_t proc_oom_gather(struct proc_oom_cand *c, size_t max)
{
	uint64_t flags = proc_tree_lock();
	size_t n = 0;

	for (struct proc *p = proc_first(); p && n < max; p = proc_next(p)) {
		if (p->state != PROC_RUNNING || p->exiting || !p->mm)
			continue;
		proc_get(p);
		mm_get(p->mm);
		c[n].p = p;
		c[n].mm = p->mm;
		n++;
	}
	proc_tree_unlock(flags);
	return n;
}

struct proc *proc_oom_pick(void)
{
	struct proc_oom_cand *c = frame_calloc(PROC_OOM_BATCH, sizeof(*c));
	struct proc *victim = NULL;
	size_t n, best = 0, others = 0;

	if (!c)
		return NULL;
	n = proc_oom_gather(c, PROC_OOM_BATCH);
	for (size_t i = 0; i < n; i++)
		if (c[i].p != proc_init_proc)
			others++;
	for (size_t i = 0; i < n; i++) {
		size_t rss = mm_rss_pages(c[i].mm);

		/* init only when nothing else is left */
		if (c[i].p == proc_init_proc && others)
			continue;
		if (!victim || rss > best) {
			victim = c[i].p;
			best = rss;
		}
	}
	if (victim)
		proc_get(victim);
	for (size_t i = 0; i < n; i++) {
		mm_put(c[i].mm);
		proc_put(c[i].p);
	}
	frame_free(c);
	return victim;
}

void proc_oom_kill(void)
{
	struct proc *victim = proc_oom_pick();
	char comm[PROC_COMM_LEN];
	uint64_t flags;

	if (!victim) {
		log_error("out of memory, and no process to kill");
		return;
	}
	proc_comm(victim, comm);
	log_warn("Out of memory: Killed process %d (%s)", victim->pid, comm);
	flags = proc_tree_lock();
	proc_glue_send_group(victim, SIGKILL, SI_KERNEL, 0, 0);
	proc_tree_unlock(flags);
	proc_put(victim);
}
