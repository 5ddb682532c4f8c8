/* SPDX-License-Identifier: MIT */
/* The uid and gid calls: get*, set*, setre*, setres*, getres*, setfs*. */
#include <process/syscalls.h>

#include <cred/cred.h>

#include <frame/errno.h>
#include <frame/user.h>

#include "proc_internal.h"

void proc_commit_cred(struct cred *new)
{
	struct proc *p = proc_current();
	struct cred *old;
	uint64_t flags;

	cred_get(new);
	flags = proc_tree_lock();
	old = p->cred;
	p->cred = new;
	p->exit_uid = new->uid;
	proc_tree_unlock(flags);
	cred_put(old);
	cred_commit(new);
}

long sys_getuid(const uint64_t a[6])
{
	(void)a;
	return cred_current()->uid;
}

long sys_geteuid(const uint64_t a[6])
{
	(void)a;
	return cred_current()->euid;
}

long sys_getgid(const uint64_t a[6])
{
	(void)a;
	return cred_current()->gid;
}

long sys_getegid(const uint64_t a[6])
{
	(void)a;
	return cred_current()->egid;
}

enum proc_setid_op {
	PROC_SETUID,
	PROC_SETGID,
	PROC_SETREUID,
	PROC_SETREGID,
	PROC_SETRESUID,
	PROC_SETRESGID,
};

/* Apply one set*id transition to the caller: 0, -EPERM, -EINVAL. */
static long proc_setid(enum proc_setid_op op, const uint64_t a[6])
{
	const struct cred *old = cred_current();
	uint32_t x = (uint32_t)a[0], y = (uint32_t)a[1], z = (uint32_t)a[2];
	struct cred *new = cred_dup(old);
	int err;

	if (!new)
		return -ENOMEM;
	switch (op) {
	case PROC_SETUID:
		err = cred_setuid(old, new, x);
		break;
	case PROC_SETGID:
		err = cred_setgid(old, new, x);
		break;
	case PROC_SETREUID:
		err = cred_setreuid(old, new, x, y);
		break;
	case PROC_SETREGID:
		err = cred_setregid(old, new, x, y);
		break;
	case PROC_SETRESUID:
		err = cred_setresuid(old, new, x, y, z);
		break;
	default:
		err = cred_setresgid(old, new, x, y, z);
		break;
	}
	if (err) {
		cred_put(new);
		return err;
	}
	cred_caps_after_setid(old, new);
	proc_commit_cred(new);
	return 0;
}

long sys_setuid(const uint64_t a[6])
{
	return proc_setid(PROC_SETUID, a);
}

long sys_setgid(const uint64_t a[6])
{
	return proc_setid(PROC_SETGID, a);
}

long sys_setreuid(const uint64_t a[6])
{
	return proc_setid(PROC_SETREUID, a);
}

long sys_setregid(const uint64_t a[6])
{
	return proc_setid(PROC_SETREGID, a);
}

long sys_setresuid(const uint64_t a[6])
{
	return proc_setid(PROC_SETRESUID, a);
}

long sys_setresgid(const uint64_t a[6])
{
	return proc_setid(PROC_SETRESGID, a);
}

/* getresuid/getresgid: three words out, each checked. */
static long proc_put_three(const uint64_t a[6], uint32_t r, uint32_t e,
			   uint32_t s)
{
	if (frame_copy_to_user(uaddr_from_syscall_arg(a[0]), &r, 4) ||
	    frame_copy_to_user(uaddr_from_syscall_arg(a[1]), &e, 4) ||
	    frame_copy_to_user(uaddr_from_syscall_arg(a[2]), &s, 4))
		return -EFAULT;
	return 0;
}

long sys_getresuid(const uint64_t a[6])
{
	const struct cred *c = cred_current();

	return proc_put_three(a, c->uid, c->euid, c->suid);
}

long sys_getresgid(const uint64_t a[6])
{
	const struct cred *c = cred_current();

	return proc_put_three(a, c->gid, c->egid, c->sgid);
}

/* setfsuid/setfsgid: always the old value; change only when allowed. */
static long proc_setfs(bool gid, uint32_t id)
{
	const struct cred *old = cred_current();
	uint32_t prev = gid ? old->fsgid : old->fsuid;
	bool ok = gid ? cred_setfsgid_allowed(old, id)
		      : cred_setfsuid_allowed(old, id);
	struct cred *new;

	if (!ok || id == prev)
		return prev;
	new = cred_dup(old);
	if (!new)
		return prev;
	if (gid)
		new->fsgid = id;
	else
		new->fsuid = id;
	proc_commit_cred(new);
	return prev;
}

long sys_setfsuid(const uint64_t a[6])
{
	return proc_setfs(false, (uint32_t)a[0]);
}

long sys_setfsgid(const uint64_t a[6])
{
	return proc_setfs(true, (uint32_t)a[0]);
}
