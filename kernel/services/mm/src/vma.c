/* SPDX-License-Identifier: MIT */
/* The area list: lookup, insertion, splitting, merging, free space. */
#include "mm_internal.h"

#include <frame/heap.h>

size_t mm_nr_vmas; /* mm_counts() */

struct mm_vma *mm_vma_alloc(void)
{
	struct mm_vma *v = frame_zalloc(sizeof(*v));

	if (v)
		__atomic_add_fetch(&mm_nr_vmas, 1, __ATOMIC_RELAXED);
	return v;
}

void mm_vma_free(struct mm_vma *v)
{
	if (v->backing)
		v->backing->ops->put(v->backing);
	frame_free(v);
	__atomic_sub_fetch(&mm_nr_vmas, 1, __ATOMIC_RELAXED);
}

/* mm_vma_find() - the first area that ends above @addr, or NULL */
struct mm_vma *mm_vma_find(struct mm *mm, unsigned long addr)
{
	struct mm_vma *v;

	for (v = mm->vmas; v; v = v->next)
		if (v->end > addr)
			return v;
	return NULL;
}

/* mm_vma_insert() - link @v in order; it must not overlap another area */
void mm_vma_insert(struct mm *mm, struct mm_vma *v)
{
	struct mm_vma *prev = NULL, *cur = mm->vmas;

	while (cur && cur->start < v->start) {
		prev = cur;
		cur = cur->next;
	}
	v->prev = prev;
	v->next = cur;
	if (cur)
		cur->prev = v;
	if (prev)
		prev->next = v;
	else
		mm->vmas = v;
}

void mm_vma_unlink(struct mm *mm, struct mm_vma *v)
{
	if (v->prev)
		v->prev->next = v->next;
	else
		mm->vmas = v->next;
	if (v->next)
		v->next->prev = v->prev;
	v->prev = v->next = NULL;
}

/*
 * mm_vma_split() - cut @v at @addr (strictly inside it): @v keeps the
 * lower part, @spare becomes the upper part, linked after it, and is
 * returned. Takes a reference on the backing for the new part.
 */
struct mm_vma *mm_vma_split(struct mm *mm, struct mm_vma *v, unsigned long addr,
			    struct mm_vma *spare)
{
	spare->start = addr;
	spare->end = v->end;
	spare->prot = v->prot;
	spare->flags = v->flags;
	spare->backing = v->backing;
	spare->pgoff = v->pgoff + (addr - v->start) / MM_PAGE_SIZE;
	if (spare->backing)
		spare->backing->ops->get(spare->backing);
	v->end = addr;
	(void)mm;
	spare->prev = v;
	spare->next = v->next;
	if (v->next)
		v->next->prev = spare;
	v->next = spare;
	return spare;
}

static bool mm_vma_mergeable(const struct mm_vma *a, const struct mm_vma *b)
{
	if (a->end != b->start || a->prot != b->prot || a->flags != b->flags)
		return false;
	if (a->flags & (MM_VMA_VDSO | MM_VMA_GROWSDOWN))
		return false;
	if (a->backing != b->backing)
		return false;
	return !a->backing ||
	       a->pgoff + (a->end - a->start) / MM_PAGE_SIZE == b->pgoff;
}

/* mm_vma_merge_next() - join @v with the next area if they match */
bool mm_vma_merge_next(struct mm *mm, struct mm_vma *v)
{
	struct mm_vma *n = v->next;

	if (!n || !mm_vma_mergeable(v, n))
		return false;
	v->end = n->end;
	mm_vma_unlink(mm, n);
	mm_vma_free(n);
	return true;
}

/* mm_vma_merge_around() - join @v with its neighbours where they match */
void mm_vma_merge_around(struct mm *mm, struct mm_vma *v)
{
	mm_vma_merge_next(mm, v);
	if (v->prev)
		mm_vma_merge_next(mm, v->prev);
}

/* mm_range_free() - no area overlaps [@start, @end) */
bool mm_range_free(struct mm *mm, unsigned long start, unsigned long end)
{
	struct mm_vma *v = mm_vma_find(mm, start);

	return !v || v->start >= end;
}

/* mm_in_stack_guard() - a range ending at @end would reach into the guard
 * gap below a growing stack */
bool mm_in_stack_guard(struct mm *mm, unsigned long end)
{
	struct mm_vma *v = mm_vma_find(mm, end);

	return v && (v->flags & MM_VMA_GROWSDOWN) && v->start >= end &&
	       v->start - end < MM_STACK_GUARD;
}

/* mm_range_covered() - areas cover [@start, @end) without a hole */
bool mm_range_covered(struct mm *mm, unsigned long start, unsigned long end)
{
	struct mm_vma *v = mm_vma_find(mm, start);
	unsigned long pos = start;

	for (; v && pos < end; v = v->next) {
		if (v->start > pos)
			return false;
		pos = v->end;
	}
	return pos >= end;
}

/*
 * mm_find_free() - the highest free range of @len bytes inside [@lo, @hi),
 * keeping a guard gap below growing stacks: 0 and *@out, or -ENOMEM
 */
int mm_find_free(struct mm *mm, unsigned long len, unsigned long lo,
		 unsigned long hi, unsigned long *out)
{
	struct mm_vma *v, *last = NULL;
	unsigned long top;

	if (len > hi - lo)
		return -ENOMEM;
	for (v = mm->vmas; v; v = v->next)
		last = v;
	/* Walk the gaps from the top down. */
	top = hi;
	for (v = last;; v = v->prev) {
		unsigned long gap_lo = v ? v->end : lo;
		unsigned long gap_hi = top;

		if (gap_lo < lo)
			gap_lo = lo;
		if (gap_hi > gap_lo && gap_hi - gap_lo >= len) {
			*out = gap_hi - len;
			return 0;
		}
		if (!v || v->start <= lo)
			break;
		top = v->start < hi ? v->start : hi;
		if (v->flags & MM_VMA_GROWSDOWN)
			top = top > MM_STACK_GUARD ? top - MM_STACK_GUARD : 0;
	}
	return -ENOMEM;
}

int mm_spares_get(struct mm_spares *s, int n)
{
	s->n = 0;
	while (s->n < n) {
		struct mm_vma *v = mm_vma_alloc();

		if (!v) {
			mm_spares_put(s);
			return -ENOMEM;
		}
		s->v[s->n++] = v;
	}
	return 0;
}

struct mm_vma *mm_spares_take(struct mm_spares *s)
{
	return s->n ? s->v[--s->n] : NULL;
}

void mm_spares_put(struct mm_spares *s)
{
	while (s->n)
		mm_vma_free(s->v[--s->n]);
}

/*
 * mm_isolate() - split the areas at @start and @end so that every area
 * meeting [@start, @end) lies inside it; uses up to two spares. Returns
 * the first area inside the range, or NULL when none is.
 */
struct mm_vma *mm_isolate(struct mm *mm, unsigned long start, unsigned long end,
			  struct mm_spares *s)
{
	struct mm_vma *v = mm_vma_find(mm, start);

	if (!v || v->start >= end)
		return NULL;
	if (v->start < start)
		v = mm_vma_split(mm, v, start, mm_spares_take(s));
	{
		struct mm_vma *last = mm_vma_find(mm, end - 1);

		if (last && last->start < end && last->end > end)
			mm_vma_split(mm, last, end, mm_spares_take(s));
	}
	return v;
}
