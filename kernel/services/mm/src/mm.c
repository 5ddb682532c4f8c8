/* SPDX-License-Identifier: MIT */
/* The mm object: creation, references, per-task attachment, fork, RSS. */
#include <mm/mm.h>

#include "mm_internal.h"

#include <frame/heap.h>
#include <frame/page.h>

static size_t mm_nr_mms;
size_t mm_nr_shmem;

void mm_counts(struct mm_counts *out)
{
	out->mms = __atomic_load_n(&mm_nr_mms, __ATOMIC_RELAXED);
	out->vmas = __atomic_load_n(&mm_nr_vmas, __ATOMIC_RELAXED);
	out->shmem = __atomic_load_n(&mm_nr_shmem, __ATOMIC_RELAXED);
}

struct mm *mm_create(void)
{
	struct mm *mm = frame_zalloc(sizeof(*mm));

	if (!mm)
		return NULL;
	mm->space = vm_space_create();
	if (!mm->space) {
		frame_free(mm);
		return NULL;
	}
	__atomic_add_fetch(&mm_nr_mms, 1, __ATOMIC_RELAXED);
	mm->refs = 1;
	frame_mutex_init(&mm->lock);
	mm->hook.resolve = mm_fault_hook_resolve;
	vm_space_set_fault_hook(mm->space, &mm->hook);
	return mm;
}

void mm_get(struct mm *mm)
{
	frame_spin_lock(&mm->ref_lock);
	mm->refs++;
	frame_spin_unlock(&mm->ref_lock);
}

void mm_put(struct mm *mm)
{
	unsigned long left;
	struct mm_vma *v;

	if (!mm)
		return;
	frame_spin_lock(&mm->ref_lock);
	left = --mm->refs;
	frame_spin_unlock(&mm->ref_lock);
	if (left)
		return;
	/* A task may still hold the space (until it activates another):
	 * it must not reach this mm's hook any more. */
	vm_space_set_fault_hook(mm->space, NULL);
	mm_park_drop(mm, 0, ~0ul);
	vm_space_put(mm->space);
	while ((v = mm->vmas)) {
		mm_vma_unlink(mm, v);
		mm_vma_free(v);
	}
	frame_free(mm);
	__atomic_sub_fetch(&mm_nr_mms, 1, __ATOMIC_RELAXED);
}

struct vm_space *mm_space(struct mm *mm)
{
	return mm->space;
}

static struct task_data_key mm_key;
static struct frame_spinlock mm_key_lock = FRAME_SPINLOCK_INIT;
static bool mm_key_ready;

static void mm_task_release(struct task_data_key *key, struct task_data *d)
{
	(void)key;
	mm_put(container_of(d, struct mm, td));
}

static bool mm_key_registered(bool reg)
{
	bool ready = __atomic_load_n(&mm_key_ready, __ATOMIC_ACQUIRE);

	if (ready || !reg)
		return ready;
	frame_spin_lock(&mm_key_lock);
	if (!mm_key_ready)
		__atomic_store_n(
			&mm_key_ready,
			!task_data_key_register(&mm_key, mm_task_release),
			__ATOMIC_RELEASE);
	ready = mm_key_ready;
	frame_spin_unlock(&mm_key_lock);
	return ready;
}

void mm_attach(struct task *t, struct mm *mm)
{
	struct task_data *old;

	if (!mm_key_registered(true))
		return; /* every slot taken: a boot-time configuration bug */
	if (mm)
		mm_get(mm);
	old = task_data_set(t, &mm_key, mm ? &mm->td : NULL);
	if (old)
		mm_put(container_of(old, struct mm, td));
}

struct mm *mm_current(void)
{
	struct task_data *d;

	if (!mm_key_registered(false))
		return NULL;
	d = task_data_get(task_current(), &mm_key);
	return d ? container_of(d, struct mm, td) : NULL;
}

/* Pages copied per batch in fork, between closing one cursor and opening
 * the other (two cursors are never held at once). */
#define MM_FORK_BATCH 32

static int mm_fork_copy_pages(struct mm *parent, struct mm *child,
			      const struct mm_vma *v)
{
	struct vm_mapping m[MM_FORK_BATCH];
	unsigned long pos = v->start;
	struct vm_cursor c;
	bool shared = v->flags & MM_VMA_SHARED;
	int ret = 0;

	while (pos < v->end && !ret) {
		int n = 0;

		ret = vm_cursor_open(&c, parent->space, mm_uaddr(pos),
				     v->end - pos);
		if (ret)
			return ret;
		while (n < MM_FORK_BATCH && !vm_cursor_find(&c, &m[n])) {
			pos = uaddr_value(m[n].start) + m[n].size;
			n++;
			if (pos >= v->end || vm_cursor_seek(&c, mm_uaddr(pos)))
				break;
		}
		if (n < MM_FORK_BATCH)
			pos = v->end;
		vm_cursor_close(&c);
		for (int i = 0; i < n; i++) {
			unsigned int prot = m[i].prot;

			if (!shared)
				prot &= ~VM_PROT_WRITE;
			if (!ret) {
				ret = vm_cursor_open(&c, child->space,
						     m[i].start, m[i].size);
				if (!ret) {
					ret = vm_cursor_map_pages(
						&c, m[i].page, m[i].page_index,
						m[i].size / MM_PAGE_SIZE, prot);
					vm_cursor_close(&c);
				}
			}
			frame_page_put(m[i].page);
		}
	}
	return ret;
}

/* Write-protect @v's pages in @mm so that the next write copies them. */
static int mm_write_protect(struct mm *mm, const struct mm_vma *v)
{
	struct vm_cursor c;
	int ret;

	ret = vm_cursor_open(&c, mm->space, mm_uaddr(v->start),
			     v->end - v->start);
	if (ret)
		return ret;
	ret = vm_cursor_protect(&c, v->end - v->start,
				mm_vm_prot(v->prot) & ~VM_PROT_WRITE);
	vm_cursor_close(&c);
	return ret;
}

struct mm *mm_fork(struct mm *parent)
{
	struct mm *child = mm_create();
	struct mm_vma *v;
	int ret = 0;

	if (!child)
		return NULL;
	frame_mutex_lock(&parent->lock);
	for (v = parent->vmas; v && !ret; v = v->next) {
		struct mm_vma *n = mm_vma_alloc();

		if (!n) {
			ret = -ENOMEM;
			break;
		}
		n->start = v->start;
		n->end = v->end;
		n->prot = v->prot;
		n->flags = v->flags;
		n->backing = v->backing;
		n->pgoff = v->pgoff;
		if (n->backing)
			n->backing->ops->get(n->backing);
		mm_vma_insert(child, n);
		/* Protect before copying: once the TLBs are flushed no
		 * thread of the parent writes a page the child now sees. */
		if (!(v->flags & MM_VMA_SHARED) && (v->prot & PROT_WRITE))
			ret = mm_write_protect(parent, v);
		if (!ret)
			ret = mm_fork_copy_pages(parent, child, v);
	}
	if (!ret)
		ret = mm_park_fork(parent, child);
	child->brk_start = parent->brk_start;
	child->brk = parent->brk;
	frame_mutex_unlock(&parent->lock);
	if (ret) {
		mm_put(child);
		return NULL;
	}
	return child;
}

size_t mm_rss_pages(const struct mm *mm)
{
	struct vm_cursor c;
	struct vm_mapping m;
	size_t pages = 0;

	if (vm_cursor_open(&c, mm->space, mm_uaddr(VM_USER_MIN),
			   VM_USER_MAX - VM_USER_MIN))
		return 0;
	while (!vm_cursor_find(&c, &m)) {
		unsigned long next = uaddr_value(m.start) + m.size;

		pages += m.size / MM_PAGE_SIZE;
		frame_page_put(m.page);
		if (next >= VM_USER_MAX || vm_cursor_seek(&c, mm_uaddr(next)))
			break;
	}
	vm_cursor_close(&c);
	return pages;
}

void mm_set_brk_base(struct mm *mm, uaddr_t start)
{
	unsigned long s;

	if (!mm_page_up(uaddr_value(start), &s))
		s = 0;
	frame_mutex_lock(&mm->lock);
	mm->brk_start = s;
	mm->brk = s;
	frame_mutex_unlock(&mm->lock);
}

uaddr_t mm_brk(struct mm *mm)
{
	unsigned long b;

	frame_mutex_lock(&mm->lock);
	b = mm->brk;
	frame_mutex_unlock(&mm->lock);
	return mm_uaddr(b);
}

uaddr_t mm_stack_top(struct mm *mm)
{
	(void)mm;
	return mm_uaddr(MM_STACK_TOP);
}
