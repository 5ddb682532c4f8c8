/* SPDX-License-Identifier: MIT */
/* The address space a task carries, and how the scheduler installs it. */
#ifndef MM_VM_TASK_H
#define MM_VM_TASK_H

#include <frame/types.h>

struct vm_as;

/*
 * What mm keeps in every struct task (task/task.h embeds it as @mm).
 * Only the task itself changes it (vm_space_activate(), umode_run(),
 * task exit), with interrupts off; the switch path reads it for the task
 * it switches to, which is not running then.
 */
struct vm_task {
	struct vm_as *space; /* the task's address space (a reference) */
	bool in_fault_hook;  /* a fault hook runs for this task */
};

/*
 * vm_task_switch() - install @next's address space on this CPU, for the
 * switch path (interrupts off, the run-queue lock held)
 *
 * Lazy: when @next's space is already in this CPU's CR3 nothing is
 * written. A kernel task (no space) runs on whatever tables are loaded,
 * since the kernel half is the same in all of them and user accesses are
 * refused to a task without a space; only a space that nothing but this
 * CPU holds any more is unloaded then, so that its memory is freed.
 */
void vm_task_switch(const struct vm_task *next);

/*
 * vm_task_exit() - the calling task gives up its address space; called
 * by task_exit() with interrupts on, before the task's last switch.
 */
void vm_task_exit(void);

/* vm_task_cr3_writes() - CR3 loads by the switch path, for tests */
uint64_t vm_task_cr3_writes(void);

struct vm_space;

/* vm_space_valid() - whether @space is a current vm_space handle (tests) */
bool vm_space_valid(const struct vm_space *space);

/* For mm/user.c: the calling task's space. */

/*
 * vm_task_space_id() - the id of the calling task's space, or 0 when it
 * has none. Ids are never reused, so a reader that recorded one is
 * refused in any other space, even one at the same address.
 */
/*@ assigns \nothing; */
uint64_t vm_task_space_id(void);

/*
 * vm_task_fault() - a user access of the calling task to @addr faulted
 * (@write: it wanted to write), @left bytes from @addr still to go: ask its
 * space's fault hook to resolve it. 0 when the hook says it did (the caller
 * retries); -EFAULT when there is no hook, the caller may not sleep, a hook
 * already runs for this task, or the hook failed. See struct vm_fault_hook for
 * the contract.
 *
 * What the proofs of mm/user.c take on trust (docs/prove.md): the hook
 * changes the task's mappings and its own state, none of which is the
 * caller's reader, writer, kernel buffer or their fields, so for those
 * proofs it assigns nothing.
 */
/*@ assigns \nothing; */
int vm_task_fault(unsigned long addr, size_t left, bool write);

/*
 * vm_task_access_ok() - whether the calling task's space maps @addr
 * for a read (or a write, with @write) right now
 */
bool vm_task_access_ok(unsigned long addr, bool write);

#endif /* MM_VM_TASK_H */
