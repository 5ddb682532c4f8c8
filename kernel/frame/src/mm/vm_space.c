/* SPDX-License-Identifier: MIT */
/* User address spaces, the tasks that own them, and cursors into them. */
#include <frame/vm.h>

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/page.h>
#include <frame/panic.h>
#include <frame/string.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/cpu/percpu.h"
#include "mm/buddy.h"
#include "mm/kspace.h"
#include "mm/page_meta.h"
#include "mm/pt.h"
#include "mm/vm_task.h"
#include "sync/spinlock.h"
#include "task/task.h"

/*
 * A space lives in a page of its own (PAGE_SPACE), so that its handle can
 * carry that page's generation like a page handle does: a vm_space
 * handle kept past the last put is caught at the next call, even when a
 * new space got the same memory. A page per process is less than its
 * page tables cost.
 */
struct vm_as {
	struct frame_spinlock lock; /* held by an open cursor */
	struct pt_space pt;	    /* changed only under @lock */
	uint32_t refcount;
	uint64_t id; /* unique for the kernel's lifetime, never 0 */
	struct vm_fault_hook *hook;
};

BUILD_BUG_ON(sizeof(struct vm_as) > 4096);

static uint64_t next_id = 1;
static uint64_t cr3_writes;

/*
 * The space in each CPU's CR3 (NULL: the kernel's) is in its per-CPU
 * area (arch_percpu.space), changed only by that CPU with interrupts off.
 * Being loaded holds a reference, so a space is never freed while a CPU
 * can still walk its tables.
 */

static struct vm_space *as_handle(const struct vm_as *as)
{
	return page_handle(page_from_virt(as));
}

static struct vm_as *as_check(const struct vm_space *space)
{
	struct frame_page *meta = page_handle_decode(space, PAGE_SPACE);

	if (!meta)
		frame_panic("%p is not a vm_space handle (freed, or never one)",
			    (const void *)space);
	return page_to_virt(meta);
}

static void as_get(struct vm_as *as)
{
	uint32_t old = __atomic_fetch_add(&as->refcount, 1, __ATOMIC_RELAXED);

	BUG_ON(!old);
}

static void as_put(struct vm_as *as)
{
	uint32_t old = __atomic_fetch_sub(&as->refcount, 1, __ATOMIC_ACQ_REL);

	BUG_ON(!old);
	if (old > 1)
		return;
	pt_user_destroy(&as->pt);
	buddy_free(page_from_virt(as));
}

/* An unmapped leaf: drop the map counts and references its pages held. */
static void vm_release(paddr_t pa, uint64_t size)
{
	struct frame_page *page = page_from_pfn(pa.val >> MM_PAGE_SHIFT);

	BUG_ON(!page);
	page = page_head(page);
	BUG_ON(page->kind != PAGE_BLOCK);
	page_map_sub(page, (uint32_t)(size >> MM_PAGE_SHIFT));
}

struct vm_space *vm_space_create(void)
{
	struct frame_page *meta = buddy_alloc(0, PAGE_SPACE);
	struct vm_as *as;

	if (!meta)
		return NULL;
	as = page_to_virt(meta);
	memset(as, 0, sizeof(*as));
	if (pt_user_init(&as->pt, &kspace, vm_release)) {
		buddy_free(meta);
		return NULL;
	}
	meta->gen++;
	as->lock = (struct frame_spinlock)FRAME_SPINLOCK_INIT;
	as->refcount = 1;
	as->id = __atomic_fetch_add(&next_id, 1, __ATOMIC_RELAXED);
	return page_handle(meta);
}

void vm_space_get(struct vm_space *space)
{
	as_get(as_check(space));
}

void vm_space_put(struct vm_space *space)
{
	as_put(as_check(space));
}

bool vm_space_valid(const struct vm_space *space)
{
	return page_handle_decode(space, PAGE_SPACE) != NULL;
}

/*
 * Load @as (NULL: the kernel's tables) into this CPU's CR3, unless it is
 * there already. Interrupts off. The reference the CPU held on the
 * previous space is dropped last, once CR3 no longer holds it.
 */
static void cpu_load(struct arch_percpu *pc, struct vm_as *as)
{
	struct vm_as *old = pc->space;

	if (old == as)
		return;
	if (as)
		as_get(as);
	pc->space = as;
	arch_write_cr3(as ? as->pt.root.val : kspace.root.val);
	__atomic_fetch_add(&cr3_writes, 1, __ATOMIC_RELAXED);
	if (old)
		as_put(old);
}

void vm_task_switch(const struct vm_task *next)
{
	struct arch_percpu *pc = arch_percpu_this();
	struct vm_as *held = pc->space;

	if (next->space) {
		cpu_load(pc, next->space);
		return;
	}
	/* Only this CPU still holds it: let it go rather than keep a dead
	 * process's memory until a user task runs here again. */
	if (held && __atomic_load_n(&held->refcount, __ATOMIC_ACQUIRE) == 1)
		cpu_load(pc, NULL);
}

uint64_t vm_task_cr3_writes(void)
{
	return __atomic_load_n(&cr3_writes, __ATOMIC_RELAXED);
}

static struct task *calling_task(void)
{
	struct task *t = sched_current();

	BUG_ON(!t);
	return t;
}

void vm_space_activate(struct vm_space *space)
{
	struct vm_as *as = space ? as_check(space) : NULL;
	struct task *t = calling_task();
	struct vm_as *old;
	uint64_t flags;

	if (as)
		as_get(as);
	/* Interrupts off: a switch in between would install the old one. */
	flags = arch_irq_save();
	old = t->mm.space;
	t->mm.space = as;
	cpu_load(arch_percpu_this(), as);
	arch_irq_restore(flags);
	if (old)
		as_put(old);
}

void vm_task_exit(void)
{
	vm_space_activate(NULL);
}

struct vm_space *vm_space_current(void)
{
	struct task *t = sched_current();
	struct vm_as *as = t ? t->mm.space : NULL;

	if (!as)
		return NULL;
	as_get(as);
	return as_handle(as);
}

uint64_t vm_task_space_id(void)
{
	struct task *t = sched_current();

	return t && t->mm.space ? t->mm.space->id : 0;
}

void vm_space_set_fault_hook(struct vm_space *space, struct vm_fault_hook *hook)
{
	__atomic_store_n(&as_check(space)->hook, hook, __ATOMIC_RELEASE);
}

/* Whether @as maps @addr for user access (for a write, with @write). */
static bool as_maps(struct vm_as *as, unsigned long addr, bool write)
{
	struct pt_mapping m;
	bool ok;

	frame_spin_lock(&as->lock);
	ok = pt_query(&as->pt, addr, &m) && (m.attrs & PT_USER) &&
	     (!write || (m.attrs & PT_WRITE));
	frame_spin_unlock(&as->lock);
	return ok;
}

bool vm_task_access_ok(unsigned long addr, bool write)
{
	struct task *t = sched_current();

	return t && t->mm.space && as_maps(t->mm.space, addr, write);
}

int vm_task_fault(unsigned long addr, size_t left, bool write)
{
	struct task *t = sched_current();
	struct vm_fault_hook *hook;
	unsigned long at = addr;
	const char *why;
	struct vm_as *as;
	int ret;

	if (!t || !t->mm.space || t->mm.in_fault_hook || !left ||
	    !sched_may_sleep(&why))
		return -EFAULT;
	as = t->mm.space;
	hook = __atomic_load_n(&as->hook, __ATOMIC_ACQUIRE);
	if (!hook)
		return -EFAULT;
	/*
	 * The copy stopped at @addr, but an access of several bytes may
	 * have faulted on the next page: ask about the page that is missing.
	 */
	if (as_maps(as, at, write)) {
		at = (addr | (VM_PAGE_SIZE - 1)) + 1;
		if (at - addr >= left || as_maps(as, at, write))
			return -EFAULT;
	}
	t->mm.in_fault_hook = true;
	ret = hook->resolve(hook, as_handle(as), uaddr_from_syscall_arg(at),
			    write ? VM_PROT_WRITE : VM_PROT_READ);
	t->mm.in_fault_hook = false;
	return ret ? -EFAULT : 0;
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
	struct vm_as *as = as_check(space);
	unsigned long s = uaddr_value(start);

	if (!IS_ALIGNED(s, VM_PAGE_SIZE) || !IS_ALIGNED(len, VM_PAGE_SIZE) ||
	    !len || s < VM_USER_MIN || s >= VM_USER_MAX ||
	    len > VM_USER_MAX - s)
		return -EINVAL;
	/* The cursor's own reference: the space outlives the lock. */
	as_get(as);
	frame_spin_lock(&as->lock);
	c->space_ = as;
	c->start_ = s;
	c->end_ = s + len;
	c->pos_ = s;
	return 0;
}

void vm_cursor_close(struct vm_cursor *c)
{
	struct vm_as *as = c->space_;

	BUG_ON(!as);
	c->space_ = NULL;
	frame_spin_unlock(&as->lock);
	as_put(as);
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
	struct frame_page *meta = page_check_handle(page);
	size_t pages = (size_t)1 << meta->order;
	uint64_t len = (uint64_t)count << MM_PAGE_SHIFT;
	unsigned int attrs;
	paddr_t pa;
	int ret;

	if (!prot_to_attrs(prot, &attrs) || !count || first >= pages ||
	    count > pages - first || !cursor_fits(c, len))
		return -EINVAL;
	pa = paddr(page_to_phys(meta).val + (first << MM_PAGE_SHIFT));
	/* References first: the block must outlive every mapping of it. */
	page_map_add(meta, (uint32_t)count);
	ret = pt_map(&c->space_->pt, c->pos_, pa, len, attrs,
		     VM_HUGE_PAGE_SIZE);
	if (ret) {
		page_map_sub(meta, (uint32_t)count);
		return ret;
	}
	c->pos_ += len;
	return 0;
}

int vm_cursor_replace(struct vm_cursor *c, struct frame_page *page,
		      size_t index, unsigned int prot)
{
	struct frame_page *meta = page_check_handle(page);
	unsigned int attrs;
	paddr_t pa;
	int ret;

	if (!prot_to_attrs(prot, &attrs) || index >= (size_t)1 << meta->order ||
	    !cursor_fits(c, VM_PAGE_SIZE) || c->pos_ == c->end_)
		return -EINVAL;
	pa = paddr(page_to_phys(meta).val + (index << MM_PAGE_SHIFT));
	page_map_add(meta, 1);
	ret = pt_replace(&c->space_->pt, c->pos_, pa, attrs);
	if (ret) {
		page_map_sub(meta, 1);
		return ret;
	}
	c->pos_ += VM_PAGE_SIZE;
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

/* Report the leaf @m; out->page gets a reference of its own. */
static void fill_mapping(const struct pt_mapping *m, struct vm_mapping *out)
{
	struct frame_page *page = page_from_pfn(m->pa.val >> MM_PAGE_SHIFT);
	struct frame_page *head;

	BUG_ON(!page);
	head = page_head(page);
	BUG_ON(head->kind != PAGE_BLOCK);
	out->start = uaddr_from_syscall_arg(m->va);
	out->size = m->size;
	out->prot = VM_PROT_READ;
	if (m->attrs & PT_WRITE)
		out->prot |= VM_PROT_WRITE;
	if (m->attrs & PT_EXEC)
		out->prot |= VM_PROT_EXEC;
	out->accessed = m->attrs & PT_ACCESSED;
	out->dirty = m->attrs & PT_DIRTY;
	/* The mapping holds a reference while the cursor is open, so the
	 * count is not 0 here. */
	page_ref_add(head, 1);
	out->page = page_handle(head);
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
