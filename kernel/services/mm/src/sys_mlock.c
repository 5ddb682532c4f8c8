/* SPDX-License-Identifier: MIT */
/* mlock(2) family: nothing is ever swapped, so locking only faults pages in. */
#include <mm/syscalls.h>

#include "mm_internal.h"

#define MLOCK_ONFAULT 1u
#define MCL_CURRENT   1u
#define MCL_FUTURE    2u
#define MCL_ONFAULT   4u

/* The page range of [@a, @a + @len), or -ENOMEM when it leaves the user
 * half. */
static int mlock_range(uint64_t a, uint64_t len, unsigned long *start,
		       unsigned long *end)
{
	unsigned long l = 0;

	*start = mm_page_down(a);
	if (len > ~0ul - (a - *start) || !mm_page_up(len + (a - *start), &l) ||
	    *start > VM_USER_MAX - l)
		return -ENOMEM;
	*end = *start + l;
	return 0;
}

static long do_mlock(struct mm *mm, uint64_t a, uint64_t len, bool populate)
{
	unsigned long start, end;
	long ret;

	ret = mlock_range(a, len, &start, &end);
	if (ret || start == end)
		return ret;
	frame_mutex_lock(&mm->lock);
	if (!mm_range_covered(mm, start, end))
		ret = -ENOMEM;
	else if (populate)
		ret = mm_populate_locked(mm, start, end);
	frame_mutex_unlock(&mm->lock);
	return ret;
}

long sys_mlock(const uint64_t a[6])
{
	struct mm *mm = mm_current();

	if (!mm)
		return -EFAULT;
	return do_mlock(mm, a[0], a[1], true);
}

long sys_mlock2(const uint64_t a[6])
{
	struct mm *mm = mm_current();

	if (!mm)
		return -EFAULT;
	if (a[2] & ~(uint64_t)MLOCK_ONFAULT)
		return -EINVAL;
	return do_mlock(mm, a[0], a[1], !(a[2] & MLOCK_ONFAULT));
}

long sys_munlock(const uint64_t a[6])
{
	struct mm *mm = mm_current();

	if (!mm)
		return -EFAULT;
	return do_mlock(mm, a[0], a[1], false);
}

long sys_mlockall(const uint64_t a[6])
{
	struct mm *mm = mm_current();
	uint64_t flags = a[0];
	long ret = 0;

	if (!mm)
		return -EFAULT;
	if (!flags ||
	    (flags & ~(uint64_t)(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) ||
	    flags == MCL_ONFAULT)
		return -EINVAL;
	frame_mutex_lock(&mm->lock);
	if (flags & MCL_FUTURE)
		mm->lock_future = !(flags & MCL_ONFAULT);
	if ((flags & MCL_CURRENT) && !(flags & MCL_ONFAULT))
		ret = mm_populate_locked(mm, VM_USER_MIN, VM_USER_MAX);
	frame_mutex_unlock(&mm->lock);
	return ret;
}

long sys_munlockall(const uint64_t a[6])
{
	struct mm *mm = mm_current();

	(void)a;
	if (!mm)
		return -EFAULT;
	frame_mutex_lock(&mm->lock);
	mm->lock_future = false;
	frame_mutex_unlock(&mm->lock);
	return 0;
}
