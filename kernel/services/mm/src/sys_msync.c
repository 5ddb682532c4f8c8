/* SPDX-License-Identifier: MIT */
/* msync(2): shared pages are the object's own, so only checks remain. */
#include <mm/syscalls.h>

#include "mm_internal.h"

#define MS_ASYNC      1u
#define MS_INVALIDATE 2u
#define MS_SYNC	      4u

long sys_msync(const uint64_t a[6])
{
	struct mm *mm = mm_current();
	unsigned long start = a[0], len = 0;
	bool covered;

	if (!mm)
		return -EFAULT;
	if (a[2] & ~(uint64_t)(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if ((a[2] & MS_ASYNC) && (a[2] & MS_SYNC))
		return -EINVAL;
	if (start & (MM_PAGE_SIZE - 1))
		return -EINVAL;
	if (!mm_page_up(a[1], &len) || start > VM_USER_MAX - len)
		return -ENOMEM;
	if (!len)
		return 0;
	frame_mutex_lock(&mm->lock);
	covered = mm_range_covered(mm, start, start + len);
	frame_mutex_unlock(&mm->lock);
	return covered ? 0 : -ENOMEM;
}
