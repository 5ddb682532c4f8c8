/* SPDX-License-Identifier: MIT */
/* munmap(2): remove areas and pages, splitting areas at the ends. */
#include <mm/syscalls.h>

#include "mm_internal.h"

long sys_munmap(const uint64_t a[6])
{
	struct mm *mm = mm_current();

	if (!mm)
		return -EFAULT;
	return mm_unmap(mm, uaddr_from_syscall_arg(a[0]), a[1]);
}
