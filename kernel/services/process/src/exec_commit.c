/* SPDX-License-Identifier: MIT */
/* exec past the point of no return: one thread, new mm, files, signals. */
#include "exec_internal.h"

#include <cred/cred.h>
#include <fs/file.h>
#include <fs/fs.h>
#include <mm/mm.h>

#include <frame/errno.h>
#include <frame/string.h>
#include <frame/umode.h>

#include "proc_glue.h"

static inline struct proc_thread *exec_thread_of_link(struct proc_link *l)
{
	return container_of(l, struct proc_thread, link);
}

/*
 * End every other thread of the caller's process and wait until they are
 * gone: -EAGAIN when the process is already exiting or another thread
 * execs (this thread then leaves through should_exit).
 */
static int exec_de_thread(struct proc_thread *me)
{
	struct proc *p = me->proc;
	uint64_t flags = proc_tree_lock();

	if (p->exiting || p->execing) {
		proc_tree_unlock(flags);
		return -EAGAIN;
	}
	p->execing = true;
	for (struct proc_link *l = p->threads.next; l != &p->threads;
	     l = l->next) {
		struct proc_thread *t = exec_thread_of_link(l);

		if (t != me) {
			__atomic_store_n(&t->exit_self, true, __ATOMIC_RELEASE);
			task_interrupt(t->task);
		}
	}
	proc_tree_unlock(flags);
	FRAME_WAIT_EVENT_TIMEOUT(
		&p->child_wq,
		__atomic_load_n(&p->nr_threads, __ATOMIC_ACQUIRE) == 1,
		FRAME_WAIT_FOREVER);
	/* The exec'ing thread takes the leader's tid. */
	flags = proc_tree_lock();
	if (me->tid != p->pid) {
		proc_thread_hash_del(me);
		me->tid = p->pid;
		proc_thread_hash_add(me);
	}
	proc_tree_unlock(flags);
	return 0;
}

/* The old mm's clear_child_tid word, as Linux's mm_release does. */
static void exec_release_tid(struct proc_thread *t)
{
	uint32_t zero = 0;
	struct mm *mm = mm_current();

	if (!uaddr_is_null(t->clear_child_tid) && mm &&
	    frame_copy_to_user(t->clear_child_tid, &zero, sizeof(zero)) == 0)
		proc_glue_futex_wake(mm, t->clear_child_tid);
	t->clear_child_tid = uaddr_from_syscall_arg(0);
	t->robust_head = uaddr_from_syscall_arg(0);
	t->robust_len = 0;
}

long exec_do(const char *path, struct file *file, struct exec_args *args)
{
	struct proc_thread *t = proc_thread_current();
	struct proc *p = t->proc;
	struct exec_image img;
	struct fd_table *files, *old_files;
	struct frame_completion *vfork_done;
	struct file *old_exe;
	struct mm *old_mm;
	uint64_t flags;
	int err;

	err = exec_prepare(path, file, args, &img);
	if (err)
		return err;
	/* Unshared from any CLONE_FILES partner: a copy of our own. */
	files = fd_table_clone(p->files);
	if (!files) {
		exec_image_release(&img);
		return -ENOMEM;
	}
	err = exec_de_thread(t);
	if (err) {
		fd_table_put(files);
		exec_image_release(&img);
		return err;
	}

	/* The point of no return: nothing below fails the call. */
	exec_release_tid(t);
	flags = proc_tree_lock();
	old_mm = p->mm;
	p->mm = img.mm;
	old_files = p->files;
	p->files = files;
	frame_strscpy(p->comm, img.comm, sizeof(p->comm));
	old_exe = p->exe;
	proc_set_image(p, &img);
	p->did_exec = true;
	/* dumpable again, unless the program changed the credentials */
	p->dumpable = img.cred == NULL;
	p->execing = false;
	vfork_done = p->vfork_done;
	p->vfork_done = NULL;
	proc_tree_unlock(flags);
	img.mm = NULL;
	mm_attach(task_current(), p->mm);
	fs_attach(task_current(), files, p->fs);
	fd_table_close_on_exec(files);
	if (old_mm)
		mm_put(old_mm);
	if (old_files)
		fd_table_put(old_files);
	if (old_exe)
		file_put(old_exe);
	if (vfork_done)
		frame_completion_complete(vfork_done);
	if (img.cred) {
		proc_commit_cred(img.cred);
		img.cred = NULL;
	}
	if (proc_glue_exec_signals(t))
		proc_group_exit(p, proc_status_signaled(SIGKILL, false));
	uctx_reset(t->uctx);
	uctx_set_rip(t->uctx, img.entry);
	uctx_set_rsp(t->uctx, img.sp);
	return 0;
}
