/* SPDX-License-Identifier: MIT */
/* brk(2): move the program break; the old break is returned on failure. */
#include <mm/syscalls.h>

#include "mm_internal.h"

/* With mm->lock held: the new break, or the old one when it cannot move. */
static unsigned long do_brk(struct mm *mm, unsigned long want)
{
	unsigned long old_end = 0, new_end = 0;
	struct mm_spares s;

	if (!mm->brk_start || want < mm->brk_start)
		return mm->brk;
	if (!mm_page_up(mm->brk, &old_end) || !mm_page_up(want, &new_end) ||
	    new_end > VM_USER_MAX)
		return mm->brk;
	if (new_end == old_end) {
		mm->brk = want;
		return want;
	}
	if (mm_spares_get(&s, 3))
		return mm->brk;
	if (new_end < old_end) {
		mm_unmap_locked(mm, new_end, old_end, &s);
	} else {
		struct mm_vma *next = mm_vma_find(mm, old_end);
		struct mm_vma *v;

		/* Keep a growing stack's guard gap free too. */
		if ((next && next->start < new_end) ||
		    mm_in_stack_guard(mm, new_end)) {
			mm_spares_put(&s);
			return mm->brk;
		}
		v = mm_spares_take(&s);
		v->start = old_end;
		v->end = new_end;
		v->prot = PROT_READ | PROT_WRITE;
		mm_vma_insert(mm, v);
		mm_vma_merge_around(mm, v);
		if (mm->lock_future)
			(void)mm_populate_locked(mm, old_end, new_end);
	}
	mm_spares_put(&s);
	mm->brk = want;
	return want;
}

long sys_brk(const uint64_t a[6])
{
	struct mm *mm = mm_current();
	unsigned long ret;

	if (!mm)
		return 0;
	frame_mutex_lock(&mm->lock);
	ret = do_brk(mm, a[0]);
	frame_mutex_unlock(&mm->lock);
	return (long)ret;
}
