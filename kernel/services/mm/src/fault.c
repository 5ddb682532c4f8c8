/* SPDX-License-Identifier: MIT */
/* Page faults: demand paging, copy-on-write, stack growth; kernel access. */
#include "mm_internal.h"

#include <frame/page.h>

/*
 * A fault below a MAP_GROWSDOWN area grows the area down to the page of
 * @addr, if the stack stays within MM_STACK_MAX and MM_STACK_GUARD stays
 * free below it. Returns the area that now holds @addr, or NULL.
 */
static struct mm_vma *mm_grow_stack(struct mm_vma *v, unsigned long addr)
{
	unsigned long start = mm_page_down(addr);

	if (!v || !(v->flags & MM_VMA_GROWSDOWN) || addr >= v->start)
		return NULL;
	if (v->end - start > MM_STACK_MAX)
		return NULL;
	if (v->prev && v->prev->end + MM_STACK_GUARD > start)
		return NULL;
	if (start < VM_USER_MIN)
		return NULL;
	v->start = start;
	return v;
}

static bool mm_access_ok(const struct mm_vma *v, unsigned int access)
{
	if (access & MM_ACC_WRITE) {
		if (v->prot & PROT_WRITE)
			return true;
		return (access & MM_ACC_FORCE) && !(v->flags & MM_VMA_SHARED);
	}
	if (access & MM_ACC_EXEC)
		return v->prot & PROT_EXEC;
	return v->prot != PROT_NONE;
}

/*
 * A write to a present, write-protected page of a private area: reuse the
 * page when this mapping is its only holder, else copy it. @m is what the
 * open cursor @c reports at the page.
 */
static int mm_cow(struct vm_cursor *c, const struct mm_vma *v,
		  const struct vm_mapping *m)
{
	unsigned int prot = mm_vm_prot(v->prot);
	struct frame_page *copy;
	int ret;

	/* One mapping, and our query's reference besides it: nobody else
	 * (another space, a backing's cache, a parked handle) can see it. */
	if (m->size == MM_PAGE_SIZE && frame_page_mapcount(m->page) == 1 &&
	    frame_page_refcount(m->page) == 2)
		return vm_cursor_protect(c, MM_PAGE_SIZE, prot);
	copy = frame_page_alloc(0, 0);
	if (!copy)
		return -ENOMEM;
	ret = frame_page_copy(copy, 0, m->page, m->page_index * MM_PAGE_SIZE,
			      MM_PAGE_SIZE);
	if (!ret)
		ret = vm_cursor_replace(c, copy, 0, prot);
	frame_page_put(copy);
	return ret;
}

/* The page a fault maps at @page_addr of @v, referenced, and its prot. */
static int mm_fault_new_page(const struct mm_vma *v, unsigned long page_addr,
			     unsigned int access, struct frame_page **out,
			     unsigned int *prot)
{
	struct frame_page *p, *copy;
	uint64_t pgoff;
	int ret;

	*prot = mm_vm_prot(v->prot);
	if (!v->backing) {
		p = frame_page_alloc(0, FRAME_PAGE_ZERO);
		if (!p)
			return -ENOMEM;
		*out = p;
		return 0;
	}
	pgoff = v->pgoff + (page_addr - v->start) / MM_PAGE_SIZE;
	ret = v->backing->ops->get_page(v->backing, pgoff, &p);
	if (ret)
		return ret;
	if ((v->flags & MM_VMA_SHARED) || !(access & MM_ACC_WRITE)) {
		/* A private area maps the object's page read-only until the
		 * first write copies it. */
		if (!(v->flags & MM_VMA_SHARED))
			*prot &= ~VM_PROT_WRITE;
		*out = p;
		return 0;
	}
	copy = frame_page_alloc(0, 0);
	if (!copy) {
		frame_page_put(p);
		return -ENOMEM;
	}
	ret = frame_page_copy(copy, 0, p, 0, MM_PAGE_SIZE);
	frame_page_put(p);
	if (ret) {
		frame_page_put(copy);
		return ret;
	}
	*out = copy;
	return 0;
}

/*
 * Map back a page parked by mprotect(PROT_NONE), write-protected when the
 * area is private, and finish the fault as for a present page (which
 * copies it if it is shared since a fork).
 */
static int mm_fault_unpark(struct mm *mm, const struct mm_vma *v,
			   struct frame_page *page, size_t index,
			   unsigned long addr, unsigned int access,
			   int *si_code)
{
	unsigned int prot = mm_vm_prot(v->prot);
	struct vm_cursor c;
	int ret;

	if (!(v->flags & MM_VMA_SHARED))
		prot &= ~VM_PROT_WRITE;
	ret = vm_cursor_open(&c, mm->space, mm_uaddr(mm_page_down(addr)),
			     MM_PAGE_SIZE);
	if (!ret) {
		ret = vm_cursor_map_pages(&c, page, index, 1, prot);
		vm_cursor_close(&c);
	}
	/* Unparked only once mapped: a failure keeps the contents. */
	if (!ret)
		mm_park_drop(mm, mm_page_down(addr),
			     mm_page_down(addr) + MM_PAGE_SIZE);
	frame_page_put(page);
	if (ret)
		return ret;
	return mm_fault_locked(mm, addr, access, si_code);
}

/*
 * mm_fault_locked() - make the page at @addr accessible for @access
 * (MM_ACC_*), with mm->lock held: 0, or -EFAULT with *@si_code, -EIO,
 * -ENOMEM. The backing's get_page may sleep; no cursor is held then.
 */
int mm_fault_locked(struct mm *mm, unsigned long addr, unsigned int access,
		    int *si_code)
{
	unsigned long page_addr = mm_page_down(addr);
	struct mm_vma *v = mm_vma_find(mm, addr);
	struct frame_page *page;
	struct vm_mapping m;
	struct vm_cursor c;
	unsigned int prot;
	int ret;

	*si_code = MM_SEGV_MAPERR;
	if (v && v->start > addr)
		v = mm_grow_stack(v, addr);
	if (!v)
		return -EFAULT;
	if (!mm_access_ok(v, access)) {
		*si_code = MM_SEGV_ACCERR;
		return -EFAULT;
	}
	ret = vm_cursor_open(&c, mm->space, mm_uaddr(page_addr), MM_PAGE_SIZE);
	if (ret)
		return -EFAULT;
	if (!vm_cursor_query(&c, &m)) {
		ret = 0;
		if ((access & MM_ACC_WRITE) && !(m.prot & VM_PROT_WRITE)) {
			if (v->flags & MM_VMA_SHARED)
				ret = vm_cursor_protect(&c, MM_PAGE_SIZE,
							mm_vm_prot(v->prot));
			else
				ret = mm_cow(&c, v, &m);
		}
		vm_cursor_close(&c);
		frame_page_put(m.page);
		return ret;
	}
	vm_cursor_close(&c);

	if (mm->parked) {
		size_t index;

		page = mm_park_find(mm, page_addr, &index);
		if (page)
			return mm_fault_unpark(mm, v, page, index, addr, access,
					       si_code);
	}
	ret = mm_fault_new_page(v, page_addr, access, &page, &prot);
	if (ret)
		return ret;
	ret = vm_cursor_open(&c, mm->space, mm_uaddr(page_addr), MM_PAGE_SIZE);
	if (!ret) {
		ret = vm_cursor_map_pages(&c, page, 0, 1, prot);
		vm_cursor_close(&c);
	}
	frame_page_put(page);
	if (ret == -EEXIST) /* mapped meanwhile by a frame path */
		ret = 0;
	return ret;
}

int mm_fault_hook_resolve(struct vm_fault_hook *hook, struct vm_space *space,
			  uaddr_t addr, unsigned int access)
{
	struct mm *mm = container_of(hook, struct mm, hook);
	int si_code, ret;

	(void)space;
	frame_mutex_lock(&mm->lock);
	ret = mm_fault_locked(
		mm, uaddr_value(addr),
		access & VM_PROT_WRITE ? MM_ACC_WRITE : MM_ACC_READ, &si_code);
	frame_mutex_unlock(&mm->lock);
	return ret;
}

int mm_fault(struct mm *mm, uint64_t addr, unsigned int pf_error, int *si_code)
{
	unsigned int access = MM_ACC_READ;
	int ret;

	if (pf_error & MM_PF_WRITE)
		access = MM_ACC_WRITE;
	else if (pf_error & MM_PF_INSTR)
		access = MM_ACC_EXEC;
	*si_code = MM_SEGV_MAPERR;
	if (addr < VM_USER_MIN || addr >= VM_USER_MAX)
		return -EFAULT;
	frame_mutex_lock(&mm->lock);
	ret = mm_fault_locked(mm, addr, access, si_code);
	frame_mutex_unlock(&mm->lock);
	if (ret == -EIO)
		*si_code = MM_BUS_ADRERR;
	return ret;
}

/*
 * mm_populate_locked() - fault in every page of [@start, @end) that an
 * area allows (writable private pages as writes, so that they are not
 * copied later); holes and PROT_NONE areas are skipped. 0 or -ENOMEM.
 */
int mm_populate_locked(struct mm *mm, unsigned long start, unsigned long end)
{
	struct mm_vma *v;
	int si_code;

	for (v = mm_vma_find(mm, start); v && v->start < end; v = v->next) {
		unsigned long a = v->start > start ? v->start : start;
		unsigned long e = v->end < end ? v->end : end;
		unsigned int access =
			v->prot & PROT_WRITE ? MM_ACC_WRITE : MM_ACC_READ;

		if (v->prot == PROT_NONE || (v->flags & MM_VMA_VDSO))
			continue;
		for (; a < e; a += MM_PAGE_SIZE) {
			int ret = mm_fault_locked(mm, a, access, &si_code);

			if (ret == -ENOMEM)
				return ret;
			if (ret) /* a file hole past its end: stop here */
				break;
		}
	}
	return 0;
}

enum mm_xfer { MM_XFER_WRITE, MM_XFER_ZERO, MM_XFER_READ };

/*
 * Copy between a kernel buffer and @mm's pages (or zero them), page by
 * page, faulting each in first as a (forced) write or a read.
 */
static int mm_xfer(struct mm *mm, unsigned long addr, void *dst,
		   const void *src, size_t n, enum mm_xfer op)
{
	unsigned int access =
		op == MM_XFER_READ ? MM_ACC_READ : MM_ACC_WRITE | MM_ACC_FORCE;
	size_t done = 0;
	int ret = 0, si_code;

	if (addr + n < addr || addr + n > VM_USER_MAX || addr < VM_USER_MIN)
		return n ? -EFAULT : 0;
	frame_mutex_lock(&mm->lock);
	while (n && !ret) {
		size_t off = addr & (MM_PAGE_SIZE - 1);
		size_t chunk = MM_PAGE_SIZE - off;
		struct vm_mapping m;
		struct vm_cursor c;

		if (chunk > n)
			chunk = n;
		ret = mm_fault_locked(mm, addr, access, &si_code);
		if (ret)
			break;
		ret = vm_cursor_open(&c, mm->space,
				     mm_uaddr(mm_page_down(addr)),
				     MM_PAGE_SIZE);
		if (ret)
			break;
		ret = vm_cursor_query(&c, &m);
		vm_cursor_close(&c);
		if (ret) {
			ret = -EFAULT;
			break;
		}
		off += m.page_index * MM_PAGE_SIZE +
		       (mm_page_down(addr) - uaddr_value(m.start));
		if (op == MM_XFER_WRITE) {
			ret = frame_page_write(m.page, off, src + done, chunk);
		} else if (op == MM_XFER_ZERO) {
			ret = frame_page_fill(m.page, off, 0, chunk);
		} else {
			ret = frame_page_read(m.page, off, dst + done, chunk);
		}
		frame_page_put(m.page);
		addr += chunk;
		done += chunk;
		n -= chunk;
	}
	frame_mutex_unlock(&mm->lock);
	return ret;
}

int mm_write(struct mm *mm, uaddr_t dst, const void *src, size_t n)
{
	return mm_xfer(mm, uaddr_value(dst), NULL, src, n, MM_XFER_WRITE);
}

int mm_zero(struct mm *mm, uaddr_t dst, size_t n)
{
	return mm_xfer(mm, uaddr_value(dst), NULL, NULL, n, MM_XFER_ZERO);
}

int mm_read(struct mm *mm, uaddr_t src, void *dst, size_t n)
{
	return mm_xfer(mm, uaddr_value(src), dst, NULL, n, MM_XFER_READ);
}
