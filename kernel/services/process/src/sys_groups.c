/* SPDX-License-Identifier: MIT */
/* getgroups and setgroups. */
#include <process/syscalls.h>

#include <cred/cred.h>

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/user.h>

#include "proc_internal.h"

long sys_getgroups(const uint64_t a[6])
{
	int size = (int)a[0];
	uaddr_t list = uaddr_from_syscall_arg(a[1]);
	const struct cred *c = cred_current();

	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return c->ngroups;
	if ((uint32_t)size < c->ngroups)
		return -EINVAL;
	if (c->ngroups &&
	    frame_copy_to_user(list, c->groups, c->ngroups * sizeof(uint32_t)))
		return -EFAULT;
	return c->ngroups;
}

long sys_setgroups(const uint64_t a[6])
{
	int size = (int)a[0];
	uaddr_t list = uaddr_from_syscall_arg(a[1]);
	const struct cred *old = cred_current();
	uint32_t *groups = NULL;
	struct cred *new;
	long err;

	if (!cred_capable(old))
		return -EPERM;
	if (size < 0 || (uint32_t)size > CRED_NGROUPS_MAX)
		return -EINVAL;
	if (size) {
		groups = frame_calloc((size_t)size, sizeof(uint32_t));
		if (!groups)
			return -ENOMEM;
		if (frame_copy_from_user(groups, list,
					 (size_t)size * sizeof(uint32_t))) {
			err = -EFAULT;
			goto out_free;
		}
	}
	new = cred_dup(old);
	if (!new) {
		err = -ENOMEM;
		goto out_free;
	}
	err = cred_set_groups(new, groups, (size_t)size);
	if (err) {
		cred_put(new);
		goto out_free;
	}
	proc_commit_cred(new);
out_free:
	frame_free(groups);
	return err;
}
