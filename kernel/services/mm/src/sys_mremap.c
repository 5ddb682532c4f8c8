/* SPDX-License-Identifier: MIT */
/* mremap(2): shrink, grow in place, or move an area with its pages. */
#include <mm/syscalls.h>

#include "mm_internal.h"

#include <frame/page.h>

#define MREMAP_MAYMOVE	 1u
#define MREMAP_FIXED	 2u
#define MREMAP_DONTUNMAP 4u

struct mremap_args {
	unsigned long old_addr, old_len, new_len, new_addr;
	unsigned int flags;
};

static int mremap_decode(const uint64_t a[6], struct mremap_args *r)
{
	r->old_addr = a[0];
	r->flags = (unsigned int)a[3];
	r->new_addr = a[4];
	if (a[3] & ~(uint64_t)(MREMAP_MAYMOVE | MREMAP_FIXED))
		return -EINVAL; /* MREMAP_DONTUNMAP is not supported */
	if ((r->flags & MREMAP_FIXED) && !(r->flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if (r->old_addr & (MM_PAGE_SIZE - 1))
		return -EINVAL;
	if (!mm_page_up(a[1], &r->old_len) || !mm_page_up(a[2], &r->new_len))
		return -EINVAL;
	if (!r->new_len || !r->old_len)
		return -EINVAL;
	if (r->flags & MREMAP_FIXED) {
		if (r->new_addr & (MM_PAGE_SIZE - 1))
			return -EINVAL;
		if (r->new_addr < VM_USER_MIN ||
		    r->new_addr > VM_USER_MAX - r->new_len)
			return -EINVAL;
		/* The two ranges may not overlap. */
		if (r->new_addr < r->old_addr + r->old_len &&
		    r->old_addr < r->new_addr + r->new_len)
			return -EINVAL;
	}
	if (r->old_addr > VM_USER_MAX - r->old_len)
		return -EFAULT;
	return 0;
}

/* Move the page-table entries of [@from, @from + @len) to @to, a batch at
 * a time (two cursors are never held at once). */
static int mremap_move_pages(struct mm *mm, unsigned long from,
			     unsigned long to, unsigned long len)
{
	struct vm_mapping m[16];
	unsigned long pos = from, end = from + len;
	struct vm_cursor c;
	int ret = 0;

	while (pos < end && !ret) {
		int n = 0;

		ret = vm_cursor_open(&c, mm->space, mm_uaddr(pos), end - pos);
		if (ret)
			return ret;
		while (n < 16 && !vm_cursor_find(&c, &m[n])) {
			pos = uaddr_value(m[n].start) + m[n].size;
			n++;
			if (pos >= end || vm_cursor_seek(&c, mm_uaddr(pos)))
				break;
		}
		if (n < 16)
			pos = end;
		vm_cursor_close(&c);
		for (int i = 0; i < n; i++) {
			unsigned long at =
				to + (uaddr_value(m[i].start) - from);

			if (!ret) {
				ret = vm_cursor_open(&c, mm->space,
						     mm_uaddr(at), m[i].size);
				if (!ret) {
					ret = vm_cursor_map_pages(
						&c, m[i].page, m[i].page_index,
						m[i].size / MM_PAGE_SIZE,
						m[i].prot);
					vm_cursor_close(&c);
				}
			}
			frame_page_put(m[i].page);
		}
	}
	return ret;
}

/* Move the whole area @v to [@to, @to + @new_len). */
static int mremap_move(struct mm *mm, struct mm_vma *v, unsigned long to,
		       unsigned long new_len)
{
	unsigned long from = v->start, len = v->end - v->start;
	unsigned long moved = len < new_len ? len : new_len;
	int ret;

	ret = mremap_move_pages(mm, from, to, moved);
	if (ret) {
		mm_unmap_pages(mm, to, to + moved);
		return ret;
	}
	mm_vma_unlink(mm, v);
	mm_unmap_pages(mm, from, from + len);
	mm_park_move(mm, from, len, to, new_len);
	v->start = to;
	v->end = to + new_len;
	mm_vma_insert(mm, v);
	mm_vma_merge_around(mm, v);
	return 0;
}

static long do_mremap(struct mm *mm, const struct mremap_args *r)
{
	unsigned long old_end = r->old_addr + r->old_len;
	unsigned long new_end = r->old_addr + r->new_len;
	struct mm_spares s;
	struct mm_vma *v;
	unsigned long to;
	long ret;

	ret = mm_spares_get(&s, 4);
	if (ret)
		return ret;
	frame_mutex_lock(&mm->lock);
	v = mm_vma_find(mm, r->old_addr);
	if (!v || v->start > r->old_addr || v->end < old_end) {
		ret = -EFAULT;
		goto out;
	}
	if (v->flags & MM_VMA_VDSO) {
		ret = -EINVAL;
		goto out;
	}
	if (!(r->flags & MREMAP_FIXED) && r->new_len <= r->old_len) {
		if (r->new_len < r->old_len)
			mm_unmap_locked(mm, new_end, old_end, &s);
		ret = (long)r->old_addr;
		goto out;
	}
	if (!(r->flags & MREMAP_FIXED) && old_end == v->end &&
	    r->new_len <= VM_USER_MAX - r->old_addr &&
	    mm_range_free(mm, old_end, new_end) &&
	    !mm_in_stack_guard(mm, new_end)) {
		v->end = new_end;
		mm_vma_merge_around(mm, v);
		ret = (long)r->old_addr;
		goto out;
	}
	if (!(r->flags & MREMAP_MAYMOVE)) {
		ret = -ENOMEM;
		goto out;
	}
	if (r->flags & MREMAP_FIXED) {
		to = r->new_addr;
	} else {
		ret = mm_find_free(mm, r->new_len, VM_USER_MIN, MM_MMAP_TOP,
				   &to);
		if (ret)
			goto out;
	}
	/* Isolate exactly the old range as one area, then clear the
	 * target (MREMAP_FIXED replaces what is there, as MAP_FIXED). */
	v = mm_isolate(mm, r->old_addr, old_end, &s);
	if (r->flags & MREMAP_FIXED)
		mm_unmap_locked(mm, to, to + r->new_len, &s);
	ret = mremap_move(mm, v, to, r->new_len);
	if (!ret)
		ret = (long)to;
out:
	frame_mutex_unlock(&mm->lock);
	mm_spares_put(&s);
	return ret;
}

long sys_mremap(const uint64_t a[6])
{
	struct mm *mm = mm_current();
	struct mremap_args r;
	int ret;

	if (!mm)
		return -EFAULT;
	ret = mremap_decode(a, &r);
	if (ret)
		return ret;
	return do_mremap(mm, &r);
}
