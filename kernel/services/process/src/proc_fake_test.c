/* SPDX-License-Identifier: MIT */
/* Bare process objects for the process package's own ktests. */
#include "proc_fake_test.h"

struct proc *proc_fake_new(int pid, struct proc *parent)
{
	struct proc *p = proc_alloc();
	uint64_t flags;

	if (!p)
		return NULL;
	p->pid = pid;
	p->pgid = pid;
	p->sid = parent ? parent->sid : pid;
	flags = proc_tree_lock();
	proc_hash_add(p);
	p->parent = parent;
	if (parent)
		proc_link_add_tail(&parent->children, &p->sibling);
	proc_tree_unlock(flags);
	return p;
}

void proc_fake_drop(struct proc *p)
{
	uint64_t flags = proc_tree_lock();

	proc_link_del(&p->sibling);
	proc_hash_del(p);
	proc_tree_unlock(flags);
	proc_put(p);
}
