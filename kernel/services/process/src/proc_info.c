/* SPDX-License-Identifier: MIT */
/* Snapshots of processes for /proc: proc_info_get() and proc_pid_list(). */
#include "proc_internal.h"

#include <cred/cred.h>

#include <frame/errno.h>
#include <frame/string.h>
#include <mm/mm.h>

static inline struct proc_thread *proc_info_thread(struct proc_link *l)
{
	return container_of(l, struct proc_thread, link);
}

static char proc_info_state(const struct proc *p)
{
	if (p->state != PROC_RUNNING)
		return 'Z';
	if (p->stopped)
		return 'T';
	return p == proc_current() ? 'R' : 'S';
}

/* The CPU of @p's first thread that still has a task. Under the lock. */
static int proc_info_cpu(struct proc *p)
{
	for (struct proc_link *l = p->threads.next; l != &p->threads;
	     l = l->next) {
		struct proc_thread *t = proc_info_thread(l);

		if (t->task)
			return task_cpu(t->task);
	}
	return 0;
}

static void proc_info_ids(const struct cred *c, struct proc_info *out)
{
	if (!c)
		return;
	out->uid[0] = c->uid;
	out->uid[1] = c->euid;
	out->uid[2] = c->suid;
	out->uid[3] = c->fsuid;
	out->gid[0] = c->gid;
	out->gid[1] = c->egid;
	out->gid[2] = c->sgid;
	out->gid[3] = c->fsgid;
}

int proc_info_get(int pid, struct proc_info *out)
{
	struct mm *mm;
	struct proc *p;
	uint64_t flags;

	memset(out, 0, sizeof(*out));
	flags = proc_tree_lock();
	p = proc_find(pid);
	if (!p) {
		proc_tree_unlock(flags);
		return -ESRCH;
	}
	out->pid = p->pid;
	out->ppid = p->parent ? p->parent->pid : 0;
	out->pgid = p->pgid;
	out->sid = p->sid;
	out->state = proc_info_state(p);
	memcpy(out->comm, p->comm, PROC_COMM_LEN);
	out->comm[PROC_COMM_LEN - 1] = '\0';
	out->nice = p->nice;
	out->threads = p->nr_threads;
	out->exit_signal = p->exit_signal;
	out->exit_status = p->exit_status;
	out->cpu = proc_info_cpu(p);
	proc_info_ids(p->cred, out);
	proc_self_times(p, &out->utime_ns, &out->stime_ns);
	out->cutime_ns = p->cutime_ns;
	out->cstime_ns = p->cstime_ns;
	out->start_ns = p->start_ns;
	mm = p->state == PROC_RUNNING ? p->mm : NULL;
	if (mm)
		mm_get(mm);
	proc_tree_unlock(flags);
	/* Counting walks the page tables: not under the tree's spinlock. */
	if (mm) {
		out->rss_pages = mm_rss_pages(mm);
		mm_put(mm);
	}
	return 0;
}

unsigned int proc_pid_list(int *pids, unsigned int max)
{
	unsigned int n = 0;
	uint64_t flags = proc_tree_lock();

	for (struct proc *p = proc_first(); p; p = proc_next(p)) {
		if (n < max)
			pids[n] = p->pid;
		n++;
	}
	proc_tree_unlock(flags);
	return n;
}
