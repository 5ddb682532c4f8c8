/* SPDX-License-Identifier: MIT */
/* Mapping, unmapping and protecting ranges; the stack and the vDSO. */
#include "mm_internal.h"

#include <frame/vdso.h>

/* mm_unmap_pages() - drop the page-table entries of [@start, @end) */
void mm_unmap_pages(struct mm *mm, unsigned long start, unsigned long end)
{
	struct vm_cursor c;

	if (start < VM_USER_MIN)
		start = VM_USER_MIN;
	if (end > VM_USER_MAX)
		end = VM_USER_MAX;
	if (start >= end)
		return;
	if (vm_cursor_open(&c, mm->space, mm_uaddr(start), end - start))
		return;
	/* -ENOMEM only when a 2 MiB leaf must be split, which mm never
	 * maps; the cursor flushes every CPU's TLB before it returns. */
	(void)vm_cursor_unmap(&c, end - start);
	vm_cursor_close(&c);
}

/*
 * mm_unmap_locked() - remove every area and page in [@start, @end);
 * needs two spares in @s (for the splits at the ends)
 */
void mm_unmap_locked(struct mm *mm, unsigned long start, unsigned long end,
		     struct mm_spares *s)
{
	struct mm_vma *v = mm_isolate(mm, start, end, s);

	while (v && v->start < end) {
		struct mm_vma *next = v->next;

		mm_vma_unlink(mm, v);
		mm_vma_free(v);
		v = next;
	}
	mm_unmap_pages(mm, start, end);
	mm_park_drop(mm, start, end);
}

int mm_unmap(struct mm *mm, uaddr_t addr, size_t len)
{
	unsigned long start = uaddr_value(addr), end = 0;
	struct mm_spares s;
	int ret;

	if ((start & (MM_PAGE_SIZE - 1)) || !len || !mm_page_up(len, &end))
		return -EINVAL;
	if (end > VM_USER_MAX || start > VM_USER_MAX - end)
		return -EINVAL;
	end += start;
	ret = mm_spares_get(&s, 2);
	if (ret)
		return ret;
	frame_mutex_lock(&mm->lock);
	mm_unmap_locked(mm, start, end, &s);
	frame_mutex_unlock(&mm->lock);
	mm_spares_put(&s);
	return 0;
}

#define MM_MAP_KNOWN                                                        \
	(MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_32BIT | MAP_GROWSDOWN | \
	 MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED | MAP_NORESERVE |      \
	 MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB | MAP_SYNC | \
	 MAP_FIXED_NOREPLACE | MAP_UNINITIALIZED)

/* Where a mapping without MAP_FIXED goes: the hint if it is free, else
 * the highest free range (below 2 GiB for MAP_32BIT). */
static int mm_pick_addr(struct mm *mm, unsigned long hint, unsigned long len,
			unsigned int flags, unsigned long *out)
{
	unsigned long lo = VM_USER_MIN, hi = MM_MMAP_TOP;

	hint = mm_page_down(hint);
	if (hint >= VM_USER_MIN && hint <= VM_USER_MAX - len &&
	    mm_range_free(mm, hint, hint + len) &&
	    !mm_in_stack_guard(mm, hint + len)) {
		*out = hint;
		return 0;
	}
	if (flags & MAP_32BIT) {
		lo = 0x40000000ul;
		hi = 0x80000000ul;
	}
	return mm_find_free(mm, len, lo, hi, out);
}

/*
 * mm_map_locked() - mmap(2)'s work with mm->lock held; @req->backing is
 * already resolved (NULL for anonymous memory). Validates everything
 * before it changes anything.
 */
int mm_map_locked(struct mm *mm, const struct mm_map_req *req, uaddr_t *out)
{
	unsigned int type = req->flags & MAP_TYPE;
	unsigned long addr = uaddr_value(req->addr), len = 0;
	bool fixed = req->flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
	struct mm_backing *backing = req->backing;
	struct mm_spares s;
	struct mm_vma *v;
	int ret;

	if (!req->len)
		return -EINVAL;
	if (!mm_page_up(req->len, &len) || len > VM_USER_MAX)
		return -ENOMEM;
	if (req->offset & (MM_PAGE_SIZE - 1))
		return -EINVAL;
	if (req->prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if (type != MAP_SHARED && type != MAP_PRIVATE &&
	    type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (type == MAP_SHARED_VALIDATE && backing &&
	    (req->flags & ~MM_MAP_KNOWN))
		return -EOPNOTSUPP;
	if ((req->flags & MAP_ANONYMOUS) ? backing != NULL : backing == NULL)
		return -EINVAL;
	if (backing && req->offset + len < req->offset)
		return -EOVERFLOW;
	if (fixed) {
		if (addr & (MM_PAGE_SIZE - 1))
			return -EINVAL;
		if (addr < VM_USER_MIN)
			return -EPERM;
		if (addr > VM_USER_MAX - len)
			return -ENOMEM;
		if ((req->flags & MAP_FIXED_NOREPLACE) &&
		    !mm_range_free(mm, addr, addr + len))
			return -EEXIST;
	} else {
		ret = mm_pick_addr(mm, addr, len, req->flags, &addr);
		if (ret)
			return ret;
	}
	ret = mm_spares_get(&s, 3);
	if (ret)
		return ret;
	if (type != MAP_PRIVATE && !backing) {
		backing = mm_shmem_create(len);
		if (!backing) {
			mm_spares_put(&s);
			return -ENOMEM;
		}
	} else if (backing) {
		backing->ops->get(backing);
	}

	/* Nothing can fail from here on. */
	v = mm_spares_take(&s);
	mm_unmap_locked(mm, addr, addr + len, &s);
	v->start = addr;
	v->end = addr + len;
	v->prot = req->prot;
	v->flags = (type != MAP_PRIVATE ? MM_VMA_SHARED : 0) |
		   (req->flags & MAP_GROWSDOWN ? MM_VMA_GROWSDOWN : 0) |
		   (type != MAP_PRIVATE && req->no_write ? MM_VMA_NOWRITE : 0) |
		   (req->no_exec ? MM_VMA_NOEXEC : 0);
	v->backing = backing;
	v->pgoff = backing ? req->offset / MM_PAGE_SIZE : 0;
	mm_vma_insert(mm, v);
	mm_vma_merge_around(mm, v);
	mm_spares_put(&s);
	if ((req->flags & (MAP_POPULATE | MAP_LOCKED)) || mm->lock_future)
		(void)mm_populate_locked(mm, addr, addr + len);
	*out = mm_uaddr(addr);
	return 0;
}

int mm_map(struct mm *mm, const struct mm_map_req *req, uaddr_t *out)
{
	int ret;

	frame_mutex_lock(&mm->lock);
	ret = mm_map_locked(mm, req, out);
	frame_mutex_unlock(&mm->lock);
	return ret;
}

/* Set @prot on the pages of @v (private areas stay write-protected: the
 * first write decides between reuse and copy). */
static void mm_protect_pages(struct mm *mm, const struct mm_vma *v)
{
	unsigned int prot = mm_vm_prot(v->prot);
	struct vm_cursor c;

	if (!(v->flags & MM_VMA_SHARED))
		prot &= ~VM_PROT_WRITE;
	if (vm_cursor_open(&c, mm->space, mm_uaddr(v->start),
			   v->end - v->start))
		return;
	(void)vm_cursor_protect(&c, v->end - v->start, prot);
	vm_cursor_close(&c);
}

/*
 * Whether @prot may be set on [@start, @end): the first problem in address
 * order, as Linux meets them: -ENOMEM for a hole, -EACCES for PROT_WRITE
 * on an area that may never be written or PROT_EXEC on one that may never
 * run.
 */
static int mm_protect_check(struct mm *mm, unsigned long start,
			    unsigned long end, unsigned int prot)
{
	unsigned long pos = start;

	for (struct mm_vma *v = mm_vma_find(mm, start); v && pos < end;
	     v = v->next) {
		if (v->start > pos)
			return -ENOMEM;
		if ((prot & PROT_WRITE) && (v->flags & MM_VMA_NOWRITE))
			return -EACCES;
		if ((prot & PROT_EXEC) && (v->flags & MM_VMA_NOEXEC))
			return -EACCES;
		pos = v->end;
	}
	return pos >= end ? 0 : -ENOMEM;
}

int mm_protect(struct mm *mm, uaddr_t addr, size_t len, unsigned int prot)
{
	unsigned long start = uaddr_value(addr), end = 0;
	struct mm_vma *v, *first;
	struct mm_spares s;
	int ret;

	if (start & (MM_PAGE_SIZE - 1))
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN |
		     PROT_GROWSUP))
		return -EINVAL;
	if ((prot & PROT_GROWSDOWN) && (prot & PROT_GROWSUP))
		return -EINVAL;
	if (!len)
		return 0;
	if (!mm_page_up(len, &end) || end > VM_USER_MAX ||
	    start > VM_USER_MAX - end)
		return -ENOMEM;
	end += start;
	ret = mm_spares_get(&s, 2);
	if (ret)
		return ret;
	frame_mutex_lock(&mm->lock);
	if (prot & PROT_GROWSDOWN) {
		v = mm_vma_find(mm, start);
		if (!v || v->start > start || !(v->flags & MM_VMA_GROWSDOWN)) {
			ret = -EINVAL;
			goto out_unlock;
		}
		start = v->start;
	}
	if (prot & PROT_GROWSUP) {
		ret = -EINVAL;
		goto out_unlock;
	}
	prot &= PROT_READ | PROT_WRITE | PROT_EXEC;
	ret = mm_protect_check(mm, start, end, prot);
	if (ret)
		goto out_unlock;
	if (prot == PROT_NONE) {
		ret = mm_park_range(mm, start, end);
		if (ret)
			goto out_unlock;
	}
	first = mm_isolate(mm, start, end, &s);
	for (v = first; v && v->start < end; v = v->next) {
		v->prot = prot;
		if (prot != PROT_NONE)
			mm_protect_pages(mm, v);
	}
	/* Merge back what now matches, the neighbours included. */
	v = mm_vma_find(mm, start ? start - 1 : 0);
	while (v && v->start <= end)
		if (!mm_vma_merge_next(mm, v))
			v = v->next;
out_unlock:
	frame_mutex_unlock(&mm->lock);
	mm_spares_put(&s);
	return ret;
}

int mm_map_stack(struct mm *mm, size_t size, uaddr_t *top)
{
	struct mm_map_req req = {
		.len = size,
		.prot = PROT_READ | PROT_WRITE,
		.flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN |
			 MAP_FIXED_NOREPLACE,
	};
	unsigned long len;
	uaddr_t at;
	int ret;

	if (!size || !mm_page_up(size, &len) || len > MM_STACK_MAX)
		return -ENOMEM;
	req.addr = mm_uaddr(MM_STACK_TOP - len);
	ret = mm_map(mm, &req, &at);
	if (!ret)
		*top = mm_uaddr(MM_STACK_TOP);
	return ret;
}

int mm_map_vdso(struct mm *mm, uaddr_t *out)
{
	struct frame_vdso_layout l;
	struct mm_vma *v = mm_vma_alloc();
	unsigned long addr;
	int ret;

	if (!v)
		return -ENOMEM;
	frame_vdso_layout(&l);
	frame_mutex_lock(&mm->lock);
	ret = mm_find_free(mm, l.size, VM_USER_MIN, MM_MMAP_TOP, &addr);
	if (!ret)
		ret = frame_vdso_map(mm->space, mm_uaddr(addr));
	if (ret) {
		frame_mutex_unlock(&mm->lock);
		mm_vma_free(v);
		return ret;
	}
	v->start = addr;
	v->end = addr + l.size;
	v->prot = PROT_READ | PROT_EXEC;
	v->flags = MM_VMA_VDSO;
	mm_vma_insert(mm, v);
	frame_mutex_unlock(&mm->lock);
	*out = mm_uaddr(addr + l.image_offset);
	return 0;
}
