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
#define PR_GET_KEEPCAPS	       7
#define PR_SET_KEEPCAPS	       8
#define PR_GET_SECCOMP	       21
#define PR_CAPBSET_READ	       23
#define PR_SET_NO_NEW_PRIVS    38
#define PR_GET_NO_NEW_PRIVS    39
#define PR_CAP_LAST	       40 /* CAP_LAST_CAP of Linux 6.1 */

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
	case PR_SET_NO_NEW_PRIVS:
		/* Only turning it on, and with the unused arguments 0. */
		if (arg2 != 1 || a[2] || a[3] || a[4])
			return -EINVAL;
		__atomic_store_n(&p->no_new_privs, true, __ATOMIC_RELEASE);
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		if (arg2 || a[2] || a[3] || a[4])
			return -EINVAL;
		return __atomic_load_n(&p->no_new_privs, __ATOMIC_ACQUIRE);
	case PR_GET_SECCOMP:
		return 0; /* no filter: SECCOMP_MODE_DISABLED */
	case PR_CAPBSET_READ:
		return arg2 <= PR_CAP_LAST ? 1 : -EINVAL;
	case PR_GET_KEEPCAPS:
		return 0;
	case PR_SET_KEEPCAPS:
		return arg2 > 1 ? -EINVAL : 0;
	default:
		return -EINVAL;
	}
}
