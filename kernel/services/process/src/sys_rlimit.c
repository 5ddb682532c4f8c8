/* SPDX-License-Identifier: MIT */
/* Resource limits: prlimit64, getrlimit, setrlimit. */
#include <process/syscalls.h>

#include <cred/cred.h>

#include <frame/errno.h>
#include <frame/user.h>

#include "proc_internal.h"

/* /proc/sys/fs/nr_open: the ceiling for RLIMIT_NOFILE. */
#define PROC_NR_OPEN 1048576ull

struct proc_rlimit_req {
	int pid;
	unsigned int res;
	bool set;
	struct proc_rlimit new;
	uaddr_t old_out;
};

/* Whether the caller may touch @p's limits (Linux's prlimit rules). */
static bool proc_rlimit_allowed(const struct cred *c, struct proc *p)
{
	const struct cred *t = p->cred;

	if (p == proc_current() || cred_capable(c) || !t)
		return true;
	return c->uid == t->uid && c->uid == t->euid && c->uid == t->suid &&
	       c->gid == t->gid && c->gid == t->egid && c->gid == t->sgid;
}

static long proc_do_prlimit(const struct proc_rlimit_req *req)
{
	const struct cred *c = cred_current();
	struct proc_rlimit old;
	struct proc *p;
	uint64_t flags;
	long err = 0;

	flags = proc_tree_lock();
	p = req->pid ? proc_find(req->pid) : proc_current();
	if (!p || p->state != PROC_RUNNING) {
		err = -ESRCH;
		goto out_unlock;
	}
	if (!proc_rlimit_allowed(c, p)) {
		err = -EPERM;
		goto out_unlock;
	}
	old = p->rlim[req->res];
	if (req->set) {
		if (req->new.max > old.max && !cred_capable(c)) {
			err = -EPERM;
			goto out_unlock;
		}
		p->rlim[req->res] = req->new;
	}
out_unlock:
	proc_tree_unlock(flags);
	if (!err && !uaddr_is_null(req->old_out) &&
	    frame_copy_to_user(req->old_out, &old, sizeof(old)))
		err = -EFAULT;
	return err;
}

/* Check a new limit: -EINVAL soft above hard, -EPERM beyond nr_open. */
static int proc_rlimit_check(unsigned int res, const struct proc_rlimit *r)
{
	if (r->cur > r->max)
		return -EINVAL;
	if (res == PROC_RLIMIT_NOFILE && r->max > PROC_NR_OPEN)
		return -EPERM;
	return 0;
}

static long proc_rlimit_decode(struct proc_rlimit_req *req, int pid,
			       uint64_t res, uaddr_t new_in, uaddr_t old_out)
{
	req->pid = pid;
	req->old_out = old_out;
	req->set = !uaddr_is_null(new_in);
	if (res >= PROC_RLIMIT_NLIMITS)
		return -EINVAL;
	req->res = (unsigned int)res;
	if (req->set) {
		if (frame_copy_from_user(&req->new, new_in, sizeof(req->new)))
			return -EFAULT;
		return proc_rlimit_check(req->res, &req->new);
	}
	return 0;
}

long sys_prlimit64(const uint64_t a[6])
{
	struct proc_rlimit_req req;
	long err;

	if ((int)a[0] < 0)
		return -EINVAL;
	err = proc_rlimit_decode(&req, (int)a[0], a[1],
				 uaddr_from_syscall_arg(a[2]),
				 uaddr_from_syscall_arg(a[3]));
	return err ? err : proc_do_prlimit(&req);
}

long sys_getrlimit(const uint64_t a[6])
{
	struct proc_rlimit_req req;
	uaddr_t out = uaddr_from_syscall_arg(a[1]);
	long err;

	err = proc_rlimit_decode(&req, 0, a[0], uaddr_from_syscall_arg(0), out);
	if (!err && uaddr_is_null(out))
		err = -EFAULT;
	return err ? err : proc_do_prlimit(&req);
}

long sys_setrlimit(const uint64_t a[6])
{
	struct proc_rlimit_req req;
	uaddr_t in = uaddr_from_syscall_arg(a[1]);
	long err;

	if (uaddr_is_null(in))
		return a[0] >= PROC_RLIMIT_NLIMITS ? -EINVAL : -EFAULT;
	err = proc_rlimit_decode(&req, 0, a[0], in, uaddr_from_syscall_arg(0));
	return err ? err : proc_do_prlimit(&req);
}
