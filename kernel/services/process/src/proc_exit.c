/* SPDX-License-Identifier: MIT */
/* Leaving: thread exit, group exit, zombies, reparenting, parent notice. */
#include "proc_internal.h"

#include <cred/cred.h>
#include <fs/file.h>
#include <fs/fs.h>
#include <mm/mm.h>
#include <tty/tty.h>

#include <frame/errno.h>
#include <frame/user.h>

#include "proc_glue.h"

static inline struct proc *proc_of_sibling(struct proc_link *l)
{
	return container_of(l, struct proc, sibling);
}

static inline struct proc_thread *proc_thread_of_link(struct proc_link *l)
{
	return container_of(l, struct proc_thread, link);
}

void proc_wake_waiters(struct proc *parent)
{
	__atomic_add_fetch(&parent->child_events, 1, __ATOMIC_RELEASE);
	frame_waitq_wake_all(&parent->child_wq);
}

bool proc_autoreap(struct proc *parent)
{
	return proc_glue_chld_autoreap(parent);
}

/* The CLD_* code and si_status of a wait status @status. */
static void proc_status_decode(int status, int *code, int *si_status)
{
	if ((status & 0x7f) == 0) {
		*code = PROC_CLD_EXITED;
		*si_status = (status >> 8) & 0xff;
	} else {
		*code = (status & 0x80) ? PROC_CLD_DUMPED : PROC_CLD_KILLED;
		*si_status = status & 0x7f;
	}
}

/*
 * Tell @child's parent that it changed state (@code a CLD_* value,
 * @status the si_status). Under the tree lock. Exit notices use the
 * child's exit_signal; stop and continue notices always SIGCHLD.
 */
void proc_notify_parent(struct proc *child, int code, int status)
{
	struct proc *parent = child->parent;
	int sig = PROC_SIGCHLD;

	if (!parent)
		return;
	if (code == PROC_CLD_EXITED || code == PROC_CLD_KILLED ||
	    code == PROC_CLD_DUMPED)
		sig = child->exit_signal;
	else if (proc_glue_chld_nostop(parent))
		sig = 0;
	if (sig > 0 && sig <= PROC_NSIG)
		proc_glue_send_chld(parent, sig, code, child->pid,
				    child->exit_uid, status,
				    child->utime_ns + child->cutime_ns,
				    child->stime_ns + child->cstime_ns);
	proc_wake_waiters(parent);
}

/* Take a dead child out of the tree (under the lock); the caller puts
 * the table's reference after unlocking. */
static void proc_unlink_dead(struct proc *p)
{
	p->state = PROC_DEAD;
	proc_link_del(&p->sibling);
	proc_hash_del(p);
	p->parent = NULL;
}

void proc_release_zombie(struct proc *p, uint64_t *flags)
{
	struct proc *parent = p->parent;

	if (parent) {
		parent->cutime_ns += p->utime_ns + p->cutime_ns;
		parent->cstime_ns += p->stime_ns + p->cstime_ns;
	}
	proc_unlink_dead(p);
	proc_tree_unlock(*flags);
	proc_put(p);
	*flags = proc_tree_lock();
}

/* The nearest living subreaper above @p, else init (NULL: none). */
static struct proc *proc_find_reaper(struct proc *p)
{
	for (struct proc *a = p->parent; a; a = a->parent)
		if (a->subreaper && !a->exiting)
			return a;
	if (proc_init_proc && proc_init_proc != p && !proc_init_proc->exiting)
		return proc_init_proc;
	return NULL;
}

/*
 * Hand @p's children to the reaper, under the lock: each gets its
 * parent-death signal, and zombies are announced to the new parent (or
 * reaped at once where it auto-reaps). Returns how many zombies were
 * released, which the caller must put: they are gathered in @dead.
 */
static void proc_reparent_children(struct proc *p, struct proc_link *dead)
{
	struct proc *reaper = proc_find_reaper(p);

	while (!proc_link_empty(&p->children)) {
		struct proc *c = proc_of_sibling(p->children.next);

		proc_link_del(&c->sibling);
		c->parent = reaper;
		if (reaper)
			proc_link_add_tail(&reaper->children, &c->sibling);
		if (c->pdeath_signal && c->state == PROC_RUNNING)
			proc_glue_send_group(c, c->pdeath_signal, PROC_SI_USER,
					     0, 0);
		if (c->state != PROC_ZOMBIE)
			continue;
		if (!reaper || proc_autoreap(reaper)) {
			c->state = PROC_DEAD;
			proc_hash_del(c);
			c->parent = NULL;
			proc_link_add_tail(dead, &c->sibling);
		} else {
			int code, st;

			proc_status_decode(c->exit_status, &code, &st);
			proc_notify_parent(c, code, st);
		}
	}
}

/*
 * Whether process group @pgrp of session @sid is orphaned (no live member
 * has a parent in another group of the session), ignoring @gone, and
 * whether it has a stopped member. Under the lock.
 */
static bool proc_pgrp_orphaned_stopped(int pgrp, int sid, struct proc *gone)
{
	bool stopped = false;

	for (struct proc *q = proc_first(); q; q = proc_next(q)) {
		if (q->pgid != pgrp || q == gone || q->state != PROC_RUNNING)
			continue;
		if (q->parent && q->parent != gone && q->parent->pgid != pgrp &&
		    q->parent->sid == sid)
			return false;
		stopped |= q->stopped;
	}
	return stopped;
}

/* SIGHUP then SIGCONT to every member of @pgrp (POSIX's orphaned
 * stopped jobs). Under the lock. */
static void proc_hup_pgrp(int pgrp)
{
	for (struct proc *q = proc_first(); q; q = proc_next(q))
		if (q->pgid == pgrp && q->state == PROC_RUNNING) {
			proc_glue_send_group(q, SIGHUP, SI_KERNEL, 0, 0);
			proc_glue_send_group(q, SIGCONT, SI_KERNEL, 0, 0);
		}
}

/*
 * @p's exit may orphan its own group (its parent was the link to the
 * session) and its children's groups: those with stopped members get
 * SIGHUP and SIGCONT, as Linux's exit does. Under the lock, before the
 * children move.
 */
static void proc_kill_orphaned_pgrps(struct proc *p)
{
	struct proc *pp = p->parent;

	if (pp && pp->pgid != p->pgid && pp->sid == p->sid &&
	    proc_pgrp_orphaned_stopped(p->pgid, p->sid, p))
		proc_hup_pgrp(p->pgid);
	for (struct proc_link *l = p->children.next; l != &p->children;
	     l = l->next) {
		struct proc *c = proc_of_sibling(l);

		if (c->pgid != p->pgid && c->sid == p->sid &&
		    proc_pgrp_orphaned_stopped(c->pgid, c->sid, p))
			proc_hup_pgrp(c->pgid);
	}
}

/* The last thread of @p has gone: the process becomes a zombie. */
static void proc_exit_process(struct proc *p)
{
	struct fd_table *files;
	struct fs_ctx *fs;
	struct file *exe;
	struct mm *mm;
	struct proc_link dead;
	struct frame_completion *vfork_done;
	void (*hook)(int pid) =
		__atomic_load_n(&proc_exit_hook, __ATOMIC_ACQUIRE);
	bool release = false, init_exit;
	uint64_t flags;
	int code, st;

	/* Before the zombie: the pid stays ours while the hook runs. */
	if (hook)
		hook(p->pid);
	proc_link_init(&dead);
	flags = proc_tree_lock();
	files = p->files;
	fs = p->fs;
	mm = p->mm;
	exe = p->exe;
	p->exe = NULL;
	p->files = NULL;
	p->fs = NULL;
	p->mm = NULL;
	vfork_done = p->vfork_done;
	p->vfork_done = NULL;
	proc_tree_unlock(flags);

	/* Descriptors close now, so that pipes see their end at once. */
	if (files)
		fd_table_put(files);
	if (fs)
		fs_ctx_put(fs);
	if (mm)
		mm_put(mm);
	if (exe)
		file_put(exe);
	if (vfork_done)
		frame_completion_complete(vfork_done);
	if (p->pid == p->sid)
		tty_session_exit(p->sid);

	flags = proc_tree_lock();
	proc_kill_orphaned_pgrps(p);
	proc_reparent_children(p, &dead);
	init_exit = p == proc_init_proc;
	if (init_exit)
		proc_init_proc = NULL;
	p->state = PROC_ZOMBIE;
	if (p->parent && proc_autoreap(p->parent) &&
	    p->exit_signal == PROC_SIGCHLD) {
		/* Linux still sends the signal (to an ignoring parent). */
		p->parent->cutime_ns += p->utime_ns + p->cutime_ns;
		p->parent->cstime_ns += p->stime_ns + p->cstime_ns;
		proc_wake_waiters(p->parent);
		proc_unlink_dead(p);
		release = true;
	} else if (!p->parent) {
		proc_unlink_dead(p);
		release = true;
	} else {
		proc_status_decode(p->exit_status, &code, &st);
		proc_notify_parent(p, code, st);
	}
	/* Only now: whoever waits for init finds it out of the table. */
	if (init_exit)
		proc_init_note_exit(p->exit_status);
	proc_tree_unlock(flags);

	while (!proc_link_empty(&dead)) {
		struct proc *c = proc_of_sibling(dead.next);

		proc_link_del(&c->sibling);
		proc_put(c);
	}
	if (release)
		proc_put(p);
}

void proc_kill_threads(struct proc *p, struct proc_thread *except)
{
	for (struct proc_link *l = p->threads.next; l != &p->threads;
	     l = l->next) {
		struct proc_thread *t = proc_thread_of_link(l);

		if (t != except && t->task)
			task_interrupt(t->task);
	}
}

void proc_group_exit(struct proc *p, int status)
{
	uint64_t flags = proc_tree_lock();

	if (!p->exiting) {
		p->exit_status = status;
		__atomic_store_n(&p->exiting, true, __ATOMIC_RELEASE);
	}
	proc_kill_threads(p, proc_thread_current());
	proc_tree_unlock(flags);
}

/* The clear_child_tid protocol: write 0, wake one futex waiter. */
static void proc_clear_child_tid(struct proc_thread *t)
{
	uint32_t zero = 0;
	struct mm *mm = mm_current();

	if (uaddr_is_null(t->clear_child_tid) || !mm)
		return;
	if (frame_copy_to_user(t->clear_child_tid, &zero, sizeof(zero)) == 0)
		proc_glue_futex_wake(mm, t->clear_child_tid);
}

void proc_thread_finish(struct proc_thread *t)
{
	struct proc *p = t->proc;
	struct task_times times;
	uint64_t flags;
	bool last;

	proc_glue_robust_exit(t);
	proc_clear_child_tid(t);
	task_times(task_current(), &times);

	flags = proc_tree_lock();
	if (!t->gone) {
		proc_link_del(&t->link);
		proc_thread_hash_del(t);
		t->gone = true;
		p->nr_threads--;
	}
	last = p->nr_threads == 0;
	if (last && !p->exiting) {
		p->exit_status = proc_status_exited(t->exit_code);
		__atomic_store_n(&p->exiting, true, __ATOMIC_RELEASE);
	}
	p->utime_ns += times.user_ns;
	p->stime_ns += times.system_ns;
	/* A thread waiting in exec for the others to go. */
	proc_wake_waiters(p);
	proc_tree_unlock(flags);

	proc_glue_thread_exit(t);
	fs_attach(task_current(), NULL, NULL);
	mm_attach(task_current(), NULL);
	if (last)
		proc_exit_process(p);
	task_exit(0);
}

void proc_exit_thread(int code)
{
	struct proc_thread *t = proc_thread_current();

	t->exit_code = code;
	__atomic_store_n(&t->exit_self, true, __ATOMIC_RELEASE);
	proc_thread_finish(t);
}

void proc_exit_group(int status)
{
	struct proc_thread *t = proc_thread_current();

	proc_group_exit(t->proc, status);
	proc_thread_finish(t);
}
