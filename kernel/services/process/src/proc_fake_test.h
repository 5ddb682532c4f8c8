/* SPDX-License-Identifier: MIT */
/* Bare process objects for the process package's own ktests. */
#ifndef PROCESS_PROC_FAKE_TEST_H
#define PROCESS_PROC_FAKE_TEST_H

#include "proc_internal.h"

/*
 * proc_fake_new() - a bare process @pid (no threads, no mm) in the pid
 * table, child of @parent when not NULL, in @parent's session (else its
 * own); NULL when memory is short. proc_fake_drop() takes it out again.
 */
struct proc *proc_fake_new(int pid, struct proc *parent);
void proc_fake_drop(struct proc *p);

#endif
