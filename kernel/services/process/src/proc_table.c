/* SPDX-License-Identifier: MIT */
/* The pid table: number allocation with wrap-around, lookups, the tree lock.
 */
#include "proc_internal.h"

#include <frame/errno.h>

#define PROC_HASH_SIZE 1024u
/* After a wrap, allocation restarts here (Linux's RESERVED_PIDS). */
#define PROC_PID_WRAP 300

static struct frame_spinlock proc_lock = FRAME_SPINLOCK_INIT;
static struct proc_hlink *proc_hash[PROC_HASH_SIZE];
static struct proc_hlink *proc_thread_hash[PROC_HASH_SIZE];
static struct proc_link proc_all = { &proc_all, &proc_all };
static int proc_pid_next = 1;
static int proc_pid_limit = PROC_PID_MAX;

struct proc *proc_init_proc;
unsigned int proc_nr_procs;

uint64_t proc_tree_lock(void)
{
	return frame_spin_lock_irqsave(&proc_lock);
}

void proc_tree_unlock(uint64_t flags)
{
	frame_spin_unlock_irqrestore(&proc_lock, flags);
}

static unsigned int proc_hash_of(int nr)
{
	return (unsigned int)nr % PROC_HASH_SIZE;
}

static inline struct proc *proc_of_hash(struct proc_hlink *h)
{
	return container_of(h, struct proc, hash);
}

static inline struct proc_thread *proc_thread_of_hash(struct proc_hlink *h)
{
	return container_of(h, struct proc_thread, hash);
}

static inline struct proc *proc_of_all(struct proc_link *l)
{
	return container_of(l, struct proc, all);
}

struct proc *proc_find(int pid)
{
	if (pid <= 0)
		return NULL;
	for (struct proc_hlink *h = proc_hash[proc_hash_of(pid)]; h;
	     h = h->next)
		if (proc_of_hash(h)->pid == pid)
			return proc_of_hash(h);
	return NULL;
}

struct proc_thread *proc_thread_find(int tid)
{
	if (tid <= 0)
		return NULL;
	for (struct proc_hlink *h = proc_thread_hash[proc_hash_of(tid)]; h;
	     h = h->next)
		if (proc_thread_of_hash(h)->tid == tid)
			return proc_thread_of_hash(h);
	return NULL;
}

static void proc_hlist_del(struct proc_hlink **head, struct proc_hlink *l)
{
	for (struct proc_hlink **pp = head; *pp; pp = &(*pp)->next)
		if (*pp == l) {
			*pp = l->next;
			l->next = NULL;
			return;
		}
}

void proc_hash_add(struct proc *p)
{
	struct proc_hlink **head = &proc_hash[proc_hash_of(p->pid)];

	p->hash.next = *head;
	*head = &p->hash;
	proc_link_add_tail(&proc_all, &p->all);
	proc_nr_procs++;
}

void proc_hash_del(struct proc *p)
{
	proc_hlist_del(&proc_hash[proc_hash_of(p->pid)], &p->hash);
	proc_link_del(&p->all);
	proc_nr_procs--;
}

void proc_thread_hash_add(struct proc_thread *t)
{
	struct proc_hlink **head = &proc_thread_hash[proc_hash_of(t->tid)];

	t->hash.next = *head;
	*head = &t->hash;
}

void proc_thread_hash_del(struct proc_thread *t)
{
	proc_hlist_del(&proc_thread_hash[proc_hash_of(t->tid)], &t->hash);
}

struct proc *proc_first(void)
{
	return proc_link_empty(&proc_all) ? NULL : proc_of_all(proc_all.next);
}

struct proc *proc_next(struct proc *p)
{
	return p->all.next == &proc_all ? NULL : proc_of_all(p->all.next);
}

/* Whether @nr names a process, a thread, a process group or a session. */
static bool proc_nr_in_use(int nr)
{
	if (proc_find(nr) || proc_thread_find(nr))
		return true;
	for (struct proc *p = proc_first(); p; p = proc_next(p))
		if (p->pgid == nr || p->sid == nr)
			return true;
	return false;
}

int proc_pid_alloc(void)
{
	int nr = proc_pid_next;

	/* One lap over every number at most. */
	for (int tries = 0; tries < proc_pid_limit; tries++) {
		int cand = nr;

		nr = nr + 1 >= proc_pid_limit ? PROC_PID_WRAP : nr + 1;
		if (!proc_nr_in_use(cand)) {
			proc_pid_next = nr;
			return cand;
		}
	}
	return -EAGAIN;
}

void proc_pid_set_cursor(int next, int max)
{
	uint64_t flags = proc_tree_lock();

	proc_pid_next = next;
	proc_pid_limit = max > 0 ? max : PROC_PID_MAX;
	proc_tree_unlock(flags);
}

unsigned int proc_count(void)
{
	return __atomic_load_n(&proc_nr_procs, __ATOMIC_RELAXED);
}
