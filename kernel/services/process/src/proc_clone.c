/* SPDX-License-Identifier: MIT */
/* Making threads and processes: the common core of the clone family. */
#include "proc_clone.h"

#include <cred/cred.h>
#include <fs/file.h>
#include <fs/fs.h>
#include <mm/mm.h>

#include <frame/errno.h>
#include <frame/string.h>
#include <frame/umode.h>

#include "proc_glue.h"

int proc_clone_check(const struct proc_clone_args *args)
{
	uint64_t f = args->flags;

	if ((f & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS) ||
	    (f & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
		return -EINVAL;
	if ((f & CLONE_THREAD) && !(f & CLONE_SIGHAND))
		return -EINVAL;
	if ((f & CLONE_SIGHAND) && !(f & CLONE_VM))
		return -EINVAL;
	if ((f & CLONE_CLEAR_SIGHAND) && (f & CLONE_SIGHAND))
		return -EINVAL;
	if (args->exit_signal < 0 || args->exit_signal > SIG_NSIG)
		return -EINVAL;
	/* pidfds and namespaces are not offered. */
	if (f & CLONE_PIDFD)
		return -EINVAL;
	if (f & CLONE_NEW_ANY)
		return cred_capable(cred_current()) ? -EINVAL : -EPERM;
	if (f & CLONE_INTO_CGROUP)
		return -EINVAL;
	if (args->set_tid && !cred_capable(cred_current()))
		return -EPERM;
	/* init may not make siblings of itself. */
	if ((f & (CLONE_PARENT | CLONE_THREAD)) == CLONE_PARENT &&
	    proc_current() == proc_init_proc)
		return -EINVAL;
	return 0;
}

/* The resources of a new process, each shared or copied per @f. */
static int proc_clone_resources(struct proc *child, struct proc *cur,
				uint64_t f)
{
	if (f & CLONE_VM) {
		mm_get(cur->mm);
		child->mm = cur->mm;
	} else {
		child->mm = mm_fork(cur->mm);
	}
	if (f & CLONE_FILES) {
		fd_table_get(cur->files);
		child->files = cur->files;
	} else {
		child->files = fd_table_clone(cur->files);
	}
	if (f & CLONE_FS) {
		fs_ctx_get(cur->fs);
		child->fs = cur->fs;
	} else {
		child->fs = fs_ctx_clone(cur->fs);
	}
	if (!child->mm || !child->files || !child->fs)
		return -ENOMEM;
	return proc_glue_new_signal(child, cur, f & CLONE_SIGHAND);
}

/* Set the child's registers: the parent's, RAX 0, a new stack and TLS. */
static int proc_clone_regs(struct proc_thread *t, struct proc_thread *from,
			   const struct proc_clone_args *args)
{
	uctx_copy(t->uctx, from->uctx);
	uctx_set_syscall_ret(t->uctx, 0);
	if (args->stack)
		uctx_set_rsp(t->uctx, args->stack);
	if ((args->flags & CLONE_SETTLS) &&
	    uctx_set_fs_base(t->uctx, args->tls))
		return -EPERM;
	return 0;
}

/* A new process (not a thread) for @args: allocated, not yet linked. */
static struct proc *
proc_clone_proc(struct proc *cur, const struct proc_clone_args *args, int *err)
{
	struct proc *child = proc_alloc();

	if (!child) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = proc_clone_resources(child, cur, args->flags);
	if (*err) {
		proc_put(child);
		return NULL;
	}
	if (args->flags & CLONE_CLEAR_SIGHAND)
		sighand_exec_reset(child->sighand);
	child->exit_signal = args->exit_signal;
	child->cred = cred_current_get();
	child->exit_uid = child->cred->uid;
	return child;
}

/* Whether the caller's real uid is at its RLIMIT_NPROC (under the lock;
 * privileged callers are not limited). */
static bool proc_nproc_exceeded(struct proc *cur)
{
	const struct cred *c = cred_current();
	uint64_t n = 0;

	if (cred_capable(c) ||
	    cur->rlim[PROC_RLIMIT_NPROC].cur == PROC_RLIM_INFINITY)
		return false;
	for (struct proc *q = proc_first(); q; q = proc_next(q))
		if (q->state != PROC_DEAD && q->cred && q->cred->uid == c->uid)
			n++;
	return n >= cur->rlim[PROC_RLIMIT_NPROC].cur;
}

/* Link @t (and @child, when a new process) in; -errno when the caller's
 * process is exiting or no pid is left. */
static int proc_clone_link(struct proc *cur, struct proc *child,
			   struct proc_thread *t,
			   const struct proc_clone_args *args)
{
	struct proc *owner = child ? child : cur;
	uint64_t flags = proc_tree_lock();
	int tid;

	if (cur->exiting) {
		proc_tree_unlock(flags);
		return -ERESTARTNOINTR;
	}
	if (child && proc_nproc_exceeded(cur)) {
		proc_tree_unlock(flags);
		return -EAGAIN;
	}
	if (args->set_tid) {
		tid = args->set_tid;
		if (proc_find(tid) || proc_thread_find(tid))
			tid = -EEXIST;
	} else {
		tid = proc_pid_alloc();
	}
	if (tid < 0) {
		proc_tree_unlock(flags);
		return tid;
	}
	t->tid = tid;
	if (child) {
		struct proc *parent =
			(args->flags & CLONE_PARENT) ? cur->parent : cur;

		child->pid = tid;
		child->pgid = cur->pgid;
		child->sid = cur->sid;
		frame_strscpy(child->comm, cur->comm, sizeof(child->comm));
		proc_inherit_rlimits(child, cur);
		child->no_new_privs = cur->no_new_privs;
		child->nice = cur->nice;
		child->dumpable = cur->dumpable;
		/* The same program and strings: the memory is a copy. */
		child->exe = cur->exe;
		if (child->exe)
			file_get(child->exe);
		child->arg_start = cur->arg_start;
		child->arg_end = cur->arg_end;
		child->env_start = cur->env_start;
		child->env_end = cur->env_end;
		child->parent = parent;
		if (parent)
			proc_link_add_tail(&parent->children, &child->sibling);
		proc_hash_add(child);
	}
	proc_link_add_tail(&owner->threads, &t->link);
	owner->nr_threads++;
	proc_thread_hash_add(t);
	proc_tree_unlock(flags);
	return 0;
}

/* Undo proc_clone_link() after a failed start. */
static void proc_clone_unlink(struct proc *child, struct proc_thread *t)
{
	struct proc *owner = t->proc;
	uint64_t flags = proc_tree_lock();

	proc_link_del(&t->link);
	proc_thread_hash_del(t);
	owner->nr_threads--;
	if (child) {
		proc_link_del(&child->sibling);
		proc_hash_del(child);
		child->parent = NULL;
	}
	proc_tree_unlock(flags);
}

long proc_do_clone(const struct proc_clone_args *args)
{
	struct proc_thread *cur_t = proc_thread_current();
	struct proc *cur = cur_t->proc, *child = NULL;
	struct frame_completion vfork_done;
	struct proc_thread *t;
	struct cred *cred;
	uint32_t tid32;
	int err, tid;

	if (!(args->flags & CLONE_THREAD)) {
		child = proc_clone_proc(cur, args, &err);
		if (!child)
			return err;
	}
	t = proc_thread_alloc(child ? child : cur);
	if (!t) {
		err = -ENOMEM;
		goto out_child;
	}
	t->clear_altstack =
		(args->flags & (CLONE_VM | CLONE_VFORK)) == CLONE_VM;
	err = proc_clone_regs(t, cur_t, args);
	if (err)
		goto out_thread;
	if (args->flags & CLONE_CHILD_CLEARTID)
		t->clear_child_tid = args->child_tid;
	err = proc_clone_link(cur, child, t, args);
	if (err)
		goto out_thread;
	tid = t->tid;
	tid32 = (uint32_t)tid;
	/* Written before the child runs, in both spaces where they differ,
	 * as Linux does; a bad address is not the clone's failure. */
	if (args->flags & CLONE_PARENT_SETTID)
		frame_copy_to_user(args->parent_tid, &tid32, sizeof(tid32));
	if (args->flags & CLONE_CHILD_SETTID)
		mm_write(t->proc->mm, args->child_tid, &tid32, sizeof(tid32));
	if (args->flags & CLONE_VFORK) {
		frame_completion_init(&vfork_done);
		child->vfork_done = &vfork_done;
	}
	cred = cred_current_get();
	err = proc_thread_start(t, cur_t, cred);
	cred_put(cred);
	if (err) {
		proc_clone_unlink(child, t);
		goto out_thread;
	}
	if (args->flags & CLONE_VFORK)
		frame_completion_wait(&vfork_done, FRAME_WAIT_FOREVER);
	return tid;

out_thread:
	proc_thread_free(t);
out_child:
	if (child)
		proc_put(child);
	return err;
}
