/* SPDX-License-Identifier: MIT */
/* Process and thread objects, the task slot, and starting a thread. */
#include "proc_internal.h"

#include <cred/cred.h>
#include <fs/file.h>
#include <fs/fs.h>
#include <mm/mm.h>

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/string.h>
#include <frame/time.h>
#include <frame/umode.h>

#include "proc_glue.h"

static struct task_data_key proc_key;
static bool proc_key_ready;
void (*proc_user_entry)(struct proc_thread *t);

void (*proc_exit_hook)(int pid);

void proc_set_user_entry(void (*run)(struct proc_thread *t))
{
	proc_user_entry = run;
}

void proc_set_exit_hook(void (*fn)(int pid))
{
	__atomic_store_n(&proc_exit_hook, fn, __ATOMIC_RELEASE);
}

static void proc_thread_release(struct task_data_key *key,
				struct task_data *data)
{
	struct proc_thread *t = container_of(data, struct proc_thread, data);

	(void)key;
	proc_thread_free(t);
}

int proc_key_setup(void)
{
	int err;

	if (proc_key_ready)
		return 0;
	err = task_data_key_register(&proc_key, proc_thread_release);
	if (!err)
		proc_key_ready = true;
	return err;
}

struct proc_thread *proc_thread_current(void)
{
	struct task_data *d;

	if (!proc_key_ready)
		return NULL;
	d = task_data_get(task_current(), &proc_key);
	return d ? container_of(d, struct proc_thread, data) : NULL;
}

struct proc *proc_current(void)
{
	struct proc_thread *t = proc_thread_current();

	return t ? t->proc : NULL;
}

struct uctx *proc_thread_uctx(struct proc_thread *t)
{
	return t->uctx;
}

struct sig_thread *proc_thread_sig(struct proc_thread *t)
{
	return &t->sig;
}

struct proc *proc_thread_proc(struct proc_thread *t)
{
	return t->proc;
}

int proc_thread_tid(const struct proc_thread *t)
{
	return t->tid;
}

int proc_pid(const struct proc *p)
{
	return p->pid;
}

int proc_ppid(const struct proc *p)
{
	uint64_t flags = proc_tree_lock();
	int ppid = p->parent ? p->parent->pid : 0;

	proc_tree_unlock(flags);
	return ppid;
}

void proc_comm(const struct proc *p, char buf[PROC_COMM_LEN])
{
	uint64_t flags = proc_tree_lock();

	frame_strscpy(buf, p->comm, PROC_COMM_LEN);
	proc_tree_unlock(flags);
}

int proc_current_pid(void)
{
	struct proc *p = proc_current();

	return p ? p->pid : 0;
}

bool proc_thread_should_exit(struct proc_thread *t)
{
	struct proc *p = t->proc;

	return __atomic_load_n(&t->exit_self, __ATOMIC_ACQUIRE) ||
	       __atomic_load_n(&p->exiting, __ATOMIC_ACQUIRE);
}

void proc_default_rlimits(struct proc *p)
{
	for (unsigned int i = 0; i < PROC_RLIMIT_NLIMITS; i++)
		p->rlim[i].cur = p->rlim[i].max = PROC_RLIM_INFINITY;
	p->rlim[PROC_RLIMIT_STACK].cur = 8ull << 20;
	p->rlim[PROC_RLIMIT_CORE].cur = 0;
	p->rlim[PROC_RLIMIT_NOFILE].cur = 1024;
	p->rlim[PROC_RLIMIT_NOFILE].max = 4096;
	p->rlim[PROC_RLIMIT_NPROC].cur = p->rlim[PROC_RLIMIT_NPROC].max = 4096;
	p->rlim[PROC_RLIMIT_SIGPENDING].cur =
		p->rlim[PROC_RLIMIT_SIGPENDING].max = 4096;
	p->rlim[PROC_RLIMIT_MEMLOCK].cur = p->rlim[PROC_RLIMIT_MEMLOCK].max =
		8ull << 20;
	p->rlim[PROC_RLIMIT_MSGQUEUE].cur = p->rlim[PROC_RLIMIT_MSGQUEUE].max =
		819200;
	p->rlim[PROC_RLIMIT_NICE].cur = p->rlim[PROC_RLIMIT_NICE].max = 0;
	p->rlim[PROC_RLIMIT_RTPRIO].cur = p->rlim[PROC_RLIMIT_RTPRIO].max = 0;
}

void proc_inherit_rlimits(struct proc *child, const struct proc *parent)
{
	for (unsigned int i = 0; i < PROC_RLIMIT_NLIMITS; i++)
		child->rlim[i] = parent->rlim[i];
}

uint64_t proc_rlimit_cur(unsigned int res)
{
	struct proc *p = proc_current();
	uint64_t v, flags;

	if (!p || res >= PROC_RLIMIT_NLIMITS)
		return PROC_RLIM_INFINITY;
	flags = proc_tree_lock();
	v = p->rlim[res].cur;
	proc_tree_unlock(flags);
	return v;
}

struct proc *proc_alloc(void)
{
	struct proc *p = frame_zalloc(sizeof(*p));

	if (!p)
		return NULL;
	p->refs = 1;
	proc_link_init(&p->children);
	proc_link_init(&p->sibling);
	proc_link_init(&p->all);
	proc_link_init(&p->threads);
	p->exit_signal = PROC_SIGCHLD;
	p->dumpable = true;
	p->start_ns = frame_clock_monotonic_ns();
	frame_waitq_init(&p->child_wq);
	proc_default_rlimits(p);
	return p;
}

void proc_get(struct proc *p)
{
	__atomic_add_fetch(&p->refs, 1, __ATOMIC_RELAXED);
}

void proc_put(struct proc *p)
{
	if (!p || __atomic_sub_fetch(&p->refs, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (p->mm)
		mm_put(p->mm);
	if (p->files)
		fd_table_put(p->files);
	if (p->fs)
		fs_ctx_put(p->fs);
	if (p->exe)
		file_put(p->exe);
	proc_glue_put_signal(p);
	cred_put(p->cred);
	frame_free(p);
}

struct proc_thread *proc_thread_alloc(struct proc *p)
{
	struct proc_thread *t = frame_zalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->uctx = uctx_create();
	if (!t->uctx) {
		frame_free(t);
		return NULL;
	}
	proc_get(p);
	t->proc = p;
	proc_link_init(&t->link);
	frame_completion_init(&t->started);
	return t;
}

void proc_thread_free(struct proc_thread *t)
{
	if (!t)
		return;
	uctx_destroy(t->uctx);
	cred_put(t->start_cred);
	proc_put(t->proc);
	frame_free(t);
}

/* The task of every user thread: wait for the creator, then the loop. */
static int proc_thread_main(struct task_entry *e)
{
	struct proc_thread *t = container_of(e, struct proc_thread, entry);

	frame_completion_wait(&t->started, FRAME_WAIT_FOREVER);
	if (t->aborted)
		return 0;
	if (proc_user_entry && !proc_thread_should_exit(t))
		proc_user_entry(t);
	proc_thread_finish(t);
}

/*
 * Start @t: a task that first waits on t->started, so that the slots of
 * the other packages can be filled while it does not run yet. On success
 * @t belongs to the task (its release frees it); on failure the caller
 * still owns it.
 */
int proc_thread_start(struct proc_thread *t, struct proc_thread *from,
		      struct cred *cred)
{
	struct proc *p = t->proc;
	struct task *task;
	char name[TASK_NAME_LEN];
	int err;

	err = proc_key_setup();
	if (err)
		return err;
	task_entry_init(&t->entry, proc_thread_main);
	frame_strscpy(name, p->comm, sizeof(name));
	task = task_spawn(name[0] ? name : "user", &t->entry, TASK_PRIO_NORMAL);
	if (!task)
		return -ENOMEM;
	t->task = task;
	err = cred_attach(task, cred);
	if (!err)
		err = fs_attach(task, p->files, p->fs);
	if (err) {
		/* The task ends at once without touching @t further. */
		t->aborted = true;
		cred_attach(task, NULL);
		fs_attach(task, NULL, NULL);
		frame_completion_complete(&t->started);
		task_join(task);
		return err;
	}
	mm_attach(task, p->mm);
	proc_glue_thread_init(t, from);
	task_data_set(task, &proc_key, &t->data);
	frame_completion_complete(&t->started);
	task_detach(task);
	return 0;
}
