/* SPDX-License-Identifier: MIT */
/* prctl: names, parent-death signal, child subreaper, dumpable. */
#include <process/syscalls.h>

#include <frame/errno.h>
#include <frame/string.h>
#include <frame/user.h>

#include "proc_glue.h"

#define PR_SET_PDEATHSIG       1
#define PR_GET_PDEATHSIG       2
#define PR_GET_DUMPABLE	       3
#define PR_SET_DUMPABLE	       4
#define PR_SET_NAME	       15
#define PR_GET_NAME	       16
#define PR_SET_CHILD_SUBREAPER 36
#define PR_GET_CHILD_SUBREAPER 37

long sys_prctl(const uint64_t a[6])
{
	int option = (int)a[0];
	uint64_t arg2 = a[1];
	uaddr_t uarg2 = uaddr_from_syscall_arg(a[1]);
	struct proc *p = proc_current();
	char name[PROC_COMM_LEN];
	uint64_t flags;
	int v;

	switch (option) {
	case PR_SET_PDEATHSIG:
		if (arg2 > SIG_NSIG)
			return -EINVAL;
		flags = proc_tree_lock();
		p->pdeath_signal = (int)arg2;
		proc_tree_unlock(flags);
		return 0;
	case PR_GET_PDEATHSIG:
		v = p->pdeath_signal;
		return frame_copy_to_user(uarg2, &v, sizeof(v)) ? -EFAULT : 0;
	case PR_SET_DUMPABLE:
		if (arg2 > 1)
			return -EINVAL;
		p->dumpable = arg2 == 1;
		return 0;
	case PR_GET_DUMPABLE:
		return p->dumpable ? 1 : 0;
	case PR_SET_NAME:
		/* Up to 15 bytes of the string, cut silently. */
		memset(name, 0, sizeof(name));
		for (size_t i = 0; i + 1 < sizeof(name); i++) {
			if (frame_copy_from_user(&name[i], uaddr_add(uarg2, i),
						 1))
				return -EFAULT;
			if (!name[i])
				break;
		}
		flags = proc_tree_lock();
		frame_strscpy(p->comm, name, sizeof(p->comm));
		proc_tree_unlock(flags);
		return 0;
	case PR_GET_NAME:
		proc_comm(p, name);
		return frame_copy_to_user(uarg2, name, sizeof(name)) ? -EFAULT
								     : 0;
	case PR_SET_CHILD_SUBREAPER:
		flags = proc_tree_lock();
		p->subreaper = arg2 != 0;
		proc_tree_unlock(flags);
		return 0;
	case PR_GET_CHILD_SUBREAPER:
		v = p->subreaper ? 1 : 0;
		return frame_copy_to_user(uarg2, &v, sizeof(v)) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}
