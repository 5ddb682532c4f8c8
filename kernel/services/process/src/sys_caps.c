/* SPDX-License-Identifier: MIT */
/* capget and capset: the capability sets of cred, in Linux's three
 * header versions. */
#include <process/syscalls.h>

#include <cred/cred.h>

#include <frame/errno.h>
#include <frame/user.h>

#include "proc_internal.h"

#define CAPS_VERSION_1 0x19980330u /* one 32-bit word per set */
#define CAPS_VERSION_2 0x20071026u /* two words; same layout as 3 */
#define CAPS_VERSION_3 0x20080522u

struct caps_header {
	uint32_t version;
	int32_t pid;
};

struct caps_data {
	uint32_t effective, permitted, inheritable;
};

/*
 * Read the header at @uhdr and how many caps_data words its version
 * carries. An unknown version is answered with the preferred one written
 * back into the header, then -EINVAL, so that libcap can probe.
 */
static int caps_header_read(uaddr_t uhdr, struct caps_header *h,
			    unsigned int *words)
{
	uint32_t preferred = CAPS_VERSION_3;

	if (frame_copy_from_user(&h->version, uhdr, sizeof(h->version)))
		return -EFAULT;
	switch (h->version) {
	case CAPS_VERSION_1:
		*words = 1;
		break;
	case CAPS_VERSION_2:
	case CAPS_VERSION_3:
		*words = 2;
		break;
	default:
		if (frame_copy_to_user(uhdr, &preferred, sizeof(preferred)))
			return -EFAULT;
		return -EINVAL;
	}
	if (frame_copy_from_user(&h->pid, uaddr_add(uhdr, sizeof(h->version)),
				 sizeof(h->pid)))
		return -EFAULT;
	return 0;
}

/* The sets of process @pid (0: the caller): 0, -ESRCH. */
static int caps_of(int pid, uint64_t *eff, uint64_t *prm, uint64_t *inh)
{
	const struct cred *c = cred_current();
	struct proc *p;
	uint64_t flags;
	int err = 0;

	if (pid == 0 || pid == proc_current()->pid) {
		*eff = cred_cap_effective(c);
		*prm = cred_cap_permitted(c);
		*inh = c->cap_inh;
		return 0;
	}
	flags = proc_tree_lock();
	p = proc_find(pid);
	if (!p || !p->cred) {
		err = -ESRCH;
	} else {
		*eff = cred_cap_effective(p->cred);
		*prm = cred_cap_permitted(p->cred);
		*inh = p->cred->cap_inh;
	}
	proc_tree_unlock(flags);
	return err;
}

long sys_capget(const uint64_t a[6])
{
	uaddr_t uhdr = uaddr_from_syscall_arg(a[0]);
	uaddr_t udata = uaddr_from_syscall_arg(a[1]);
	struct caps_header h;
	struct caps_data d[2];
	uint64_t eff, prm, inh;
	unsigned int words, i;
	int err;

	err = caps_header_read(uhdr, &h, &words);
	/* A NULL data pointer asks only for the preferred version. */
	if (uaddr_is_null(udata))
		return err == -EINVAL ? 0 : err;
	if (err)
		return err;
	if (h.pid < 0)
		return -EINVAL;
	err = caps_of(h.pid, &eff, &prm, &inh);
	if (err)
		return err;
	for (i = 0; i < words; i++) {
		d[i].effective = (uint32_t)(eff >> (32 * i));
		d[i].permitted = (uint32_t)(prm >> (32 * i));
		d[i].inheritable = (uint32_t)(inh >> (32 * i));
	}
	if (frame_copy_to_user(udata, d, words * sizeof(d[0])))
		return -EFAULT;
	return 0;
}

long sys_capset(const uint64_t a[6])
{
	uaddr_t uhdr = uaddr_from_syscall_arg(a[0]);
	uaddr_t udata = uaddr_from_syscall_arg(a[1]);
	const struct cred *old = cred_current();
	struct caps_header h;
	struct caps_data d[2] = { 0 };
	uint64_t eff = 0, prm = 0, inh = 0;
	unsigned int words, i;
	struct cred *new;
	int err;

	err = caps_header_read(uhdr, &h, &words);
	if (err)
		return err;
	/* Only the caller's own sets may be changed. */
	if (h.pid != 0 && h.pid != proc_current()->pid)
		return -EPERM;
	if (frame_copy_from_user(d, udata, words * sizeof(d[0])))
		return -EFAULT;
	for (i = 0; i < words; i++) {
		eff |= (uint64_t)d[i].effective << (32 * i);
		prm |= (uint64_t)d[i].permitted << (32 * i);
		inh |= (uint64_t)d[i].inheritable << (32 * i);
	}
	new = cred_dup(old);
	if (!new)
		return -ENOMEM;
	err = cred_capset(old, new, eff, prm, inh);
	if (err) {
		cred_put(new);
		return err;
	}
	proc_commit_cred(new);
	return 0;
}
