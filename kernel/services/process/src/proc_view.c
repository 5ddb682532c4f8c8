/* SPDX-License-Identifier: MIT */
/* A process's memory, descriptors and directories, as /proc/PID shows them. */
#include "proc_internal.h"

#include <cred/cred.h>
#include <fs/fd.h>
#include <fs/fs.h>
#include <fs/path.h>
#include <mm/mm.h>

#include <frame/errno.h>

int proc_mm_get(int pid, struct mm **out, struct proc_strings *s)
{
	int err = -ESRCH;
	struct proc *p;
	uint64_t flags;

	flags = proc_tree_lock();
	p = proc_find(pid);
	if (p && (p->state != PROC_RUNNING || !p->mm)) {
		err = -ENOENT;
	} else if (p) {
		mm_get(p->mm);
		*out = p->mm;
		s->arg_start = p->arg_start;
		s->arg_end = p->arg_end;
		s->env_start = p->env_start;
		s->env_end = p->env_end;
		err = 0;
	}
	proc_tree_unlock(flags);
	return err;
}

/*
 * The live process @pid under the tree lock (*@flags to unlock), or NULL
 * and *@err. The fd table, fs context and exe stay while the lock is
 * held: exit and exec detach them under it and put them after.
 */
static struct proc *proc_view_lock(int pid, uint64_t *flags, int *err)
{
	struct proc *p;

	*flags = proc_tree_lock();
	p = proc_find(pid);
	*err = -ESRCH;
	if (p && p->state != PROC_RUNNING) {
		*err = -ENOENT;
		p = NULL;
	}
	if (!p)
		proc_tree_unlock(*flags);
	return p;
}

int proc_fd_list(int pid, int *fds, unsigned int max)
{
	struct proc *p;
	uint64_t flags;
	int n;

	p = proc_view_lock(pid, &flags, &n);
	if (!p)
		return n;
	n = p->files ? (int)fd_table_list(p->files, fds, max) : 0;
	proc_tree_unlock(flags);
	return n;
}

unsigned int proc_fd_rights(int pid, int fd)
{
	unsigned int rights = 0;
	struct proc *p;
	uint64_t flags;
	int err;

	p = proc_view_lock(pid, &flags, &err);
	if (!p)
		return 0;
	if (p->files && fd >= 0 && fd < FD_MAX)
		rights = fd_rights(p->files, fd);
	proc_tree_unlock(flags);
	return rights;
}

int proc_fd_path(int pid, int fd, char *buf, size_t size)
{
	struct proc *p;
	uint64_t flags;
	int n;

	p = proc_view_lock(pid, &flags, &n);
	if (!p)
		return n;
	n = p->files ? fd_table_path_locked(p->files, fd, buf, size) : -EBADF;
	proc_tree_unlock(flags);
	return n;
}

int proc_dir_path(int pid, bool root, char *buf, size_t size)
{
	struct proc *p;
	uint64_t flags;
	int n;

	p = proc_view_lock(pid, &flags, &n);
	if (!p)
		return n;
	n = p->fs ? fs_ctx_path_locked(p->fs, root, buf, size) : -ENOENT;
	proc_tree_unlock(flags);
	return n;
}

struct fs_ctx *proc_fs_get(int pid)
{
	struct fs_ctx *c = NULL;
	struct proc *p;
	uint64_t flags;
	int err;

	p = proc_view_lock(pid, &flags, &err);
	if (!p)
		return NULL;
	if (p->fs) {
		fs_ctx_get(p->fs);
		c = p->fs;
	}
	proc_tree_unlock(flags);
	return c;
}

int proc_exe_path(int pid, char *buf, size_t size)
{
	struct proc *p;
	uint64_t flags;
	int n;

	p = proc_view_lock(pid, &flags, &n);
	if (!p)
		return n;
	n = p->exe ? file_path_locked(p->exe, buf, size) : -ENOENT;
	proc_tree_unlock(flags);
	return n;
}

int proc_owner(int pid, uint32_t *uid, uint32_t *gid)
{
	int err = -ESRCH;
	struct proc *p;
	uint64_t flags;

	flags = proc_tree_lock();
	p = proc_find(pid);
	if (p) {
		/* a non-dumpable process's files are root's, as on Linux */
		*uid = p->cred && p->dumpable ? p->cred->euid : 0;
		*gid = p->cred && p->dumpable ? p->cred->egid : 0;
		err = 0;
	}
	proc_tree_unlock(flags);
	return err;
}

int proc_tid_list(int pid, int *tids, unsigned int max)
{
	unsigned int n = 0;
	struct proc *p;
	uint64_t flags;

	flags = proc_tree_lock();
	p = proc_find(pid);
	if (!p) {
		proc_tree_unlock(flags);
		return -ESRCH;
	}
	for (struct proc_link *l = p->threads.next; l != &p->threads;
	     l = l->next) {
		const struct proc_thread *t =
			container_of(l, struct proc_thread, link);

		if (t->gone)
			continue;
		if (n < max)
			tids[n] = t->tid;
		n++;
	}
	proc_tree_unlock(flags);
	return (int)n;
}

int proc_may_inspect(int pid)
{
	const struct cred *me = cred_current();
	const struct cred *c;
	int err = -ESRCH;
	struct proc *p;
	uint64_t flags;

	flags = proc_tree_lock();
	p = proc_find(pid);
	if (p) {
		c = p->cred;
		err = 0;
		/* a process may always look at itself, as on Linux */
		if (me && c && p != proc_current() && !cred_capable(me) &&
		    (me->fsuid != c->uid || me->fsuid != c->euid ||
		     me->fsuid != c->suid || me->fsgid != c->gid ||
		     me->fsgid != c->egid || me->fsgid != c->sgid ||
		     !p->dumpable))
			err = -EACCES;
	}
	proc_tree_unlock(flags);
	return err;
}
