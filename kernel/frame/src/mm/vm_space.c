/* SPDX-License-Identifier: MIT */
/* User address spaces, and cursors that map page blocks into them. */
#include <frame/vm.h>

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/page.h>
#include <frame/panic.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/cpu/percpu.h"
#include "mm/kspace.h"
#include "mm/page_meta.h"
#include "mm/pt.h"
#include "sync/spinlock.h"

struct vm_space {
	struct frame_spinlock lock; /* held by an open cursor */
	struct pt_space pt;	    /* changed only under @lock */
	uint32_t refcount;
};

/*
 * The space in each CPU's CR3 (NULL: the kernel's) is in its per-CPU
 * area (arch_percpu.space), changed only by that CPU with interrupts off.
 */

/* An unmapped leaf: drop the references its pages held. */
static void vm_release(paddr_t pa, uint64_t size)
{
	struct frame_page *page = page_from_pfn(pa.val >> MM_PAGE_SHIFT);

	BUG_ON(!page);
	page = page_head(page);
	BUG_ON(page->kind != PAGE_BLOCK);
	page_ref_sub(page, (uint32_t)(size >> MM_PAGE_SHIFT));
}

struct vm_space *vm_space_create(void)
{
	struct vm_space *space = frame_zalloc(sizeof(*space));

	if (!space)
		return NULL;
	if (pt_user_init(&space->pt, &kspace, vm_release)) {
		frame_free(space);
		return NULL;
	}
	space->lock = (struct frame_spinlock)FRAME_SPINLOCK_INIT;
	space->refcount = 1;
	return space;
}

void vm_space_get(struct vm_space *space)
{
	uint32_t old =
		__atomic_fetch_add(&space->refcount, 1, __ATOMIC_RELAXED);

	BUG_ON(!old);
}

void vm_space_put(struct vm_space *space)
{
	uint32_t old =
		__atomic_fetch_sub(&space->refcount, 1, __ATOMIC_ACQ_REL);

	BUG_ON(!old);
	if (old > 1)
		return;
	pt_user_destroy(&space->pt);
	frame_free(space);
}

void vm_space_activate(struct vm_space *space)
{
	struct vm_space *old;
	uint64_t flags;

	if (space)
		vm_space_get(space);
	flags = arch_irq_save();
	old = arch_percpu_this()->space;
	arch_percpu_this()->space = space;
	arch_write_cr3(space ? space->pt.root.val : kspace.root.val);
	arch_irq_restore(flags);
	if (old)
		vm_space_put(old);
}

struct vm_space *vm_space_current(void)
{
	return arch_percpu_this()->space;
}

/* VM_PROT_* to page-table attributes; false for a set x86 cannot map. */
static bool prot_to_attrs(unsigned int prot, unsigned int *attrs)
{
	if (!(prot & VM_PROT_READ) ||
	    (prot & ~(VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC)))
		return false;
	*attrs = PT_USER;
	if (prot & VM_PROT_WRITE)
		*attrs |= PT_WRITE;
	if (prot & VM_PROT_EXEC)
		*attrs |= PT_EXEC;
	return true;
}

int vm_cursor_open(struct vm_cursor *c, struct vm_space *space, uaddr_t start,
		   size_t len)
{
	unsigned long s = uaddr_value(start);

	if (!IS_ALIGNED(s, VM_PAGE_SIZE) || !IS_ALIGNED(len, VM_PAGE_SIZE) ||
	    !len || s < VM_USER_MIN || s >= VM_USER_MAX ||
	    len > VM_USER_MAX - s)
		return -EINVAL;
	frame_spin_lock(&space->lock);
	c->space_ = space;
	c->start_ = s;
	c->end_ = s + len;
	c->pos_ = s;
	return 0;
}

void vm_cursor_close(struct vm_cursor *c)
{
	frame_spin_unlock(&c->space_->lock);
	c->space_ = NULL;
}

uaddr_t vm_cursor_pos(const struct vm_cursor *c)
{
	return uaddr_from_syscall_arg(c->pos_);
}

int vm_cursor_seek(struct vm_cursor *c, uaddr_t addr)
{
	unsigned long a = uaddr_value(addr);

	if (!IS_ALIGNED(a, VM_PAGE_SIZE) || a < c->start_ || a > c->end_)
		return -EINVAL;
	c->pos_ = a;
	return 0;
}

/* Whether [pos, pos + len) is aligned and inside the cursor's range. */
static bool cursor_fits(const struct vm_cursor *c, size_t len)
{
	return IS_ALIGNED(len, VM_PAGE_SIZE) && len <= c->end_ - c->pos_;
}

int vm_cursor_map(struct vm_cursor *c, struct frame_page *page,
		  unsigned int prot)
{
	return vm_cursor_map_pages(
		c, page, 0, frame_page_size(page) >> MM_PAGE_SHIFT, prot);
}

int vm_cursor_map_pages(struct vm_cursor *c, struct frame_page *page,
			size_t first, size_t count, unsigned int prot)
{
	size_t pages = frame_page_size(page) >> MM_PAGE_SHIFT;
	uint64_t len = (uint64_t)count << MM_PAGE_SHIFT;
	unsigned int attrs;
	paddr_t pa;
	int ret;

	if (!prot_to_attrs(prot, &attrs) || !count || first >= pages ||
	    count > pages - first || !cursor_fits(c, len))
		return -EINVAL;
	pa = paddr(page_to_phys(page).val + (first << MM_PAGE_SHIFT));
	/* References first: the block must outlive every mapping of it. */
	page_ref_add(page, (uint32_t)count);
	ret = pt_map(&c->space_->pt, c->pos_, pa, len, attrs,
		     VM_HUGE_PAGE_SIZE);
	if (ret) {
		page_ref_sub(page, (uint32_t)count);
		return ret;
	}
	c->pos_ += len;
	return 0;
}

int vm_cursor_unmap(struct vm_cursor *c, size_t len)
{
	int ret;

	if (!cursor_fits(c, len))
		return -EINVAL;
	ret = pt_unmap(&c->space_->pt, c->pos_, len);
	if (!ret)
		c->pos_ += len;
	return ret;
}

int vm_cursor_protect(struct vm_cursor *c, size_t len, unsigned int prot)
{
	unsigned int attrs;
	int ret;

	if (!prot_to_attrs(prot, &attrs) || !cursor_fits(c, len))
		return -EINVAL;
	ret = pt_protect(&c->space_->pt, c->pos_, len, attrs);
	if (!ret)
		c->pos_ += len;
	return ret;
}

static void fill_mapping(const struct pt_mapping *m, struct vm_mapping *out)
{
	struct frame_page *page = page_from_pfn(m->pa.val >> MM_PAGE_SHIFT);
	struct frame_page *head;

	BUG_ON(!page);
	head = page_head(page);
	out->start = uaddr_from_syscall_arg(m->va);
	out->size = m->size;
	out->prot = VM_PROT_READ;
	if (m->attrs & PT_WRITE)
		out->prot |= VM_PROT_WRITE;
	if (m->attrs & PT_EXEC)
		out->prot |= VM_PROT_EXEC;
	out->accessed = m->attrs & PT_ACCESSED;
	out->dirty = m->attrs & PT_DIRTY;
	out->page = head;
	out->page_index = (size_t)(page - head);
}

int vm_cursor_query(const struct vm_cursor *c, struct vm_mapping *out)
{
	struct pt_mapping m;

	if (c->pos_ >= c->end_ || !pt_query(&c->space_->pt, c->pos_, &m))
		return -ENOENT;
	fill_mapping(&m, out);
	return 0;
}

int vm_cursor_find(struct vm_cursor *c, struct vm_mapping *out)
{
	struct pt_mapping m;

	if (c->pos_ >= c->end_ ||
	    !pt_find(&c->space_->pt, c->pos_, c->end_, &m)) {
		c->pos_ = c->end_;
		return -ENOENT;
	}
	c->pos_ = MAX(c->pos_, m.va);
	fill_mapping(&m, out);
	return 0;
}
