/* SPDX-License-Identifier: MIT */
/* Boot: the package's registrations and PID 1. */
#include "proc_internal.h"

#include <cred/cred.h>
#include <fs/fs.h>
#include <mm/mm.h>
#include <tty/tty.h>

#include <frame/errno.h>
#include <frame/log.h>
#include <frame/string.h>
#include <frame/umode.h>

#include "exec_internal.h"
#include "proc_glue.h"

static struct frame_waitq proc_init_wq = FRAME_WAITQ_INIT(proc_init_wq);
static bool proc_init_exited;
static int proc_init_status;

void proc_init_note_exit(int status)
{
	proc_init_status = status;
	__atomic_store_n(&proc_init_exited, true, __ATOMIC_RELEASE);
	frame_waitq_wake_all(&proc_init_wq);
}

int proc_wait_init(void)
{
	FRAME_WAIT_EVENT_TIMEOUT(
		&proc_init_wq,
		__atomic_load_n(&proc_init_exited, __ATOMIC_ACQUIRE),
		FRAME_WAIT_FOREVER);
	return proc_init_status;
}

/* RLIMIT_NOFILE for fs's descriptor tables (fs sits below process),
 * RLIMIT_FSIZE for its writes, the pid its record locks report. */
static uint64_t proc_nofile(void)
{
	return proc_rlimit_cur(PROC_RLIMIT_NOFILE);
}

static uint64_t proc_fsize(void)
{
	return proc_rlimit_cur(PROC_RLIMIT_FSIZE);
}

static const struct fs_rlimit_ops proc_fs_rlimit_ops = {
	.nofile = proc_nofile,
	.fsize = proc_fsize,
	.pid = proc_current_pid,
};

extern const struct signal_process_ops proc_signal_ops;
extern const struct tty_job_ops proc_tty_job_ops;

int proc_init(void)
{
	int err = proc_key_setup();

	if (err)
		return err;
	signal_set_process_ops(&proc_signal_ops);
	tty_set_job_ops(&proc_tty_job_ops);
	fs_set_rlimit_ops(&proc_fs_rlimit_ops);
	return 0;
}

/* /dev/console as descriptors 0, 1 and 2 of @files (a warning if not). */
static void proc_init_console(struct fd_table *files)
{
	struct file *f;

	if (fs_open_path("/dev/console", O_RDWR, &f)) {
		log_warn("unable to open an initial console");
		return;
	}
	for (int i = 0; i < 3; i++)
		fd_install(files, f, fd_rights_for_oflags(O_RDWR), false);
	file_put(f);
}

/* Link PID 1 and its thread in: pid 1 when free. */
static int proc_init_link(struct proc *p, struct proc_thread *t)
{
	uint64_t flags = proc_tree_lock();
	int pid = proc_find(1) ? proc_pid_alloc() : 1;

	if (pid < 0) {
		proc_tree_unlock(flags);
		return pid;
	}
	p->pid = p->pgid = p->sid = t->tid = pid;
	proc_hash_add(p);
	proc_link_add_tail(&p->threads, &t->link);
	p->nr_threads++;
	proc_thread_hash_add(t);
	if (!proc_init_proc) {
		proc_init_proc = p;
		__atomic_store_n(&proc_init_exited, false, __ATOMIC_RELEASE);
	}
	proc_tree_unlock(flags);
	return 0;
}

int proc_spawn_init(const char *path, char *const argv[], char *const envp[])
{
	struct exec_args args;
	struct exec_image img = { 0 };
	struct proc_thread *t = NULL;
	struct proc *p;
	int err;

	err = proc_key_setup();
	if (err)
		return err;
	p = proc_alloc();
	if (!p)
		return -ENOMEM;
	p->files = fd_table_create();
	p->fs = fs_ctx_create();
	p->cred = cred_root();
	if (!p->files || !p->fs || !p->cred) {
		err = -ENOMEM;
		goto out_proc;
	}
	err = proc_glue_init_signal(p);
	if (err)
		goto out_proc;
	/* The loader resolves paths in the new process's context. */
	err = fs_attach(task_current(), p->files, p->fs);
	if (err)
		goto out_proc;
	proc_init_console(p->files);
	exec_args_init(&args, p->rlim[PROC_RLIMIT_STACK].cur);
	err = exec_args_from_kernel(&args, argv, envp);
	if (!err)
		err = exec_prepare(path, NULL, &args, &img);
	exec_args_release(&args);
	fs_attach(task_current(), NULL, NULL);
	if (err)
		goto out_proc;
	p->mm = img.mm;
	img.mm = NULL;
	frame_strscpy(p->comm, img.comm, sizeof(p->comm));
	proc_set_image(p, &img);
	p->did_exec = true;
	if (img.cred) {
		cred_put(p->cred);
		p->cred = img.cred;
		img.cred = NULL;
	}
	t = proc_thread_alloc(p);
	if (!t) {
		err = -ENOMEM;
		goto out_proc;
	}
	uctx_set_rip(t->uctx, img.entry);
	uctx_set_rsp(t->uctx, img.sp);
	err = proc_init_link(p, t);
	if (err)
		goto out_thread;
	err = proc_thread_start(t, NULL, p->cred);
	if (err) {
		uint64_t flags = proc_tree_lock();

		proc_link_del(&t->link);
		proc_thread_hash_del(t);
		p->nr_threads--;
		proc_hash_del(p);
		if (proc_init_proc == p)
			proc_init_proc = NULL;
		proc_tree_unlock(flags);
		goto out_thread;
	}
	return 0;

out_thread:
	proc_thread_free(t);
out_proc:
	exec_image_release(&img);
	proc_put(p);
	return err;
}
