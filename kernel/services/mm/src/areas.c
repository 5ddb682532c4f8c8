/* SPDX-License-Identifier: MIT */
/* The areas of an address space one by one, for /proc/PID/maps. */
#include "mm_internal.h"

/* What /proc calls @v (mm->lock held). */
static enum mm_area_kind mm_area_kind_of(const struct mm *mm,
					 const struct mm_vma *v)
{
	unsigned long brk_end;

	if (v->flags & MM_VMA_VDSO)
		return MM_AREA_VDSO;
	if (v->backing)
		return MM_AREA_FILE;
	if ((v->flags & MM_VMA_GROWSDOWN) && v->end == MM_STACK_TOP)
		return MM_AREA_STACK;
	/* Linux names the area that holds the program break's pages. */
	if (mm->brk_start && mm->brk > mm->brk_start &&
	    mm_page_up(mm->brk, &brk_end) && v->start < brk_end &&
	    v->end > mm->brk_start)
		return MM_AREA_HEAP;
	return MM_AREA_ANON;
}

int mm_area_next(struct mm *mm, uint64_t addr, struct mm_area *out)
{
	const struct mm_vma *v;
	int err = -ENOENT;

	frame_mutex_lock(&mm->lock);
	for (v = mm->vmas; v && v->end <= addr; v = v->next)
		;
	if (v) {
		out->start = v->start;
		out->end = v->end;
		out->prot = v->prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
		out->shared = v->flags & MM_VMA_SHARED;
		out->kind = mm_area_kind_of(mm, v);
		out->offset = v->pgoff * MM_PAGE_SIZE;
		out->backing = v->backing;
		if (out->backing)
			out->backing->ops->get(out->backing);
		err = 0;
	}
	frame_mutex_unlock(&mm->lock);
	return err;
}

void mm_area_release(struct mm_area *a)
{
	if (a->backing)
		a->backing->ops->put(a->backing);
	a->backing = NULL;
}
