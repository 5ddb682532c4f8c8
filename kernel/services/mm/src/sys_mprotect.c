/* SPDX-License-Identifier: MIT */
/* mprotect(2): change the protection of whole pages of mapped areas. */
#include <mm/syscalls.h>

#include "mm_internal.h"

long sys_mprotect(const uint64_t a[6])
{
	struct mm *mm = mm_current();

	if (!mm)
		return -EFAULT;
	if (a[2] > 0xffffffffu)
		return -EINVAL;
	return mm_protect(mm, uaddr_from_syscall_arg(a[0]), a[1],
			  (unsigned int)a[2] & ~PROT_SEM);
}
