/* SPDX-License-Identifier: MIT */
/* The buddy allocator: free lists per order, split on alloc, merge on free. */
#include "mm/buddy.h"

#include <frame/compiler.h>
#include <frame/panic.h>

#include "lib/list.h"
#include "mm/buddy_logic.h"
#include "mm/phys.h"
#include "sync/spinlock.h"

/*
 * Everything below is guarded by buddy_lock. The arithmetic (orders,
 * buddies, zones) and the counters live in buddy_logic.c, whose contracts
 * `osdk prove` proves: @counts.free_pages is always the sum over the free
 * lists, each @counts.blocks[o] the length of areas[o].
 */
static struct frame_spinlock buddy_lock = FRAME_SPINLOCK_INIT;
static struct list_node areas[BUDDY_ORDERS];
static struct buddy_counts counts;
static size_t managed_pages;
static size_t zone_managed[FRAME_PAGE_ZONES], zone_free[FRAME_PAGE_ZONES];

/* The zones' bounds in pages, as buddy_logic.h spells them. */
BUILD_BUG_ON(BUDDY_DMA_END_PFN != (16ull << 20) >> MM_PAGE_SHIFT);
BUILD_BUG_ON(BUDDY_DMA32_END_PFN != (4ull << 30) >> MM_PAGE_SHIFT);

/* 2^order, by table: the provers know a constant array, not shifts. */
static const uint64_t order_size[BUDDY_ORDERS] = {
	1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024,
};

/* Make the block of 2^@order pages at @pfn (@page) a free block. */
static void area_add(uint64_t pfn, struct frame_page *page, unsigned int order)
{
	page->kind = PAGE_FREE;
	page->order = (uint8_t)order;
	list_add(&areas[order], &page->node);
	buddy_count_add(&counts, order);
	zone_free[buddy_zone_of(pfn)] += order_size[order];
}

/* Take the free block at @pfn (@page) off its list. */
static void area_del(uint64_t pfn, struct frame_page *page)
{
	list_del(&page->node);
	buddy_count_del(&counts, page->order);
	zone_free[buddy_zone_of(pfn)] -= order_size[page->order];
	page->kind = PAGE_FREE_TAIL;
}

/*
 * Free the block of 2^@order pages at @pfn, merging it with free buddies.
 * Every page of a free block is PAGE_FREE (its first) or PAGE_FREE_TAIL,
 * so a block with a page already free is a double free (or a free of
 * what is not RAM): refused, with nothing changed, and false returned for
 * the caller to panic once it has let go of the lock.
 * Proved: the pages marked are the block's, the block put on a free list
 * is aligned to its order, which never passes FRAME_PAGE_MAX_ORDER, and
 * covers the block freed.
 */
/*@
  requires order <= FRAME_PAGE_MAX_ORDER;
  requires pfn % pow2(order) == 0;
  requires pfn + pow2(order) <= PAGE_PFN_LIMIT;
*/
static bool free_block_locked(uint64_t pfn, unsigned int order)
{
	uint64_t size = order_size[order];
	struct frame_page *page;

	/*@
	  loop invariant 0 <= i <= size;
	  loop invariant \forall integer q; pfn <= q < pfn + i ==>
			 page_at(q) != \null;
	  loop assigns i, page;
	  loop variant size - i;
	*/
	for (uint64_t i = 0; i < size; i++) {
		page = page_from_pfn(pfn + i);
		if (!page || page->kind == PAGE_FREE ||
		    page->kind == PAGE_FREE_TAIL)
			return false;
	}
	/*@
	  loop invariant 0 <= i <= size;
	  loop assigns i, page,
	    { page_at(q)->kind | integer q; pfn <= q < pfn + size };
	  loop variant size - i;
	*/
	for (uint64_t i = 0; i < size; i++) {
		page = page_from_pfn(pfn + i);
		page->kind = PAGE_FREE_TAIL;
	}
	/*@
	  loop invariant order_bound: \at(order, Pre) <= order <= FRAME_PAGE_MAX_ORDER;
	  loop invariant aligned: pfn % pow2(order) == 0;
	  loop invariant frames: pfn + pow2(order) <= PAGE_PFN_LIMIT;
	  loop invariant covers: pfn <= \at(pfn, Pre) &&
	    \at(pfn, Pre) + pow2(\at(order, Pre)) <= pfn + pow2(order);
	  loop variant FRAME_PAGE_MAX_ORDER - order;
	*/
	while (order < FRAME_PAGE_MAX_ORDER) {
		uint64_t b = buddy_of(pfn, order);
		struct frame_page *buddy = page_from_pfn(b);

		if (!buddy || buddy->kind != PAGE_FREE || buddy->order != order)
			break;
		area_del(b, buddy);
		pfn = buddy_parent(pfn, order);
		order++;
	}
	/*@ assert merged: order <= FRAME_PAGE_MAX_ORDER &&
	      pfn % pow2(order) == 0 && pfn <= \at(pfn, Pre) &&
	      \at(pfn, Pre) + pow2(\at(order, Pre)) <= pfn + pow2(order); */
	area_add(pfn, page_from_pfn(pfn), order);
	return true;
}

/*
 * Free @count pages from @pfn as the largest aligned blocks they allow;
 * false at the first block free_block_locked() refuses.
 */
static bool free_range_locked(uint64_t pfn, uint64_t count)
{
	while (count) {
		uint64_t start = pfn;
		unsigned int order = buddy_range_next(&pfn, &count);

		if (!free_block_locked(start, order))
			return false;
	}
	return true;
}

/*
 * Take a free block of 2^@order pages, splitting a larger one, and give
 * its pages their kinds under the lock: @kind for the first, PAGE_TAIL
 * for the others, so that none of them looks free to a later free.
 * Its frame number goes to *@pfn; NULL when no block is large enough.
 */
static struct frame_page *alloc_locked(unsigned int order,
				       enum page_kind kind, uint64_t *pfn)
{
	struct frame_page *page;
	unsigned int o = order;
	uint64_t head;

	while (o <= FRAME_PAGE_MAX_ORDER && list_empty(&areas[o]))
		o++;
	if (o > FRAME_PAGE_MAX_ORDER)
		return NULL;
	page = container_of(list_first(&areas[o]), struct frame_page, node);
	head = page_to_pfn(page);
	area_del(head, page);
	while (o > order) {
		uint64_t half;

		o--;
		half = head + order_size[o];
		area_add(half, page_from_pfn(half), o);
	}
	page->kind = (uint8_t)kind;
	page->order = (uint8_t)order;
	for (uint64_t i = 1; i < order_size[order]; i++)
		page_from_pfn(head + i)->kind = PAGE_TAIL;
	*pfn = head;
	return page;
}

/*
 * Fill in a freshly allocated run of @npages: its order, reference count
 * and tails' head pointers (alloc_locked() gave the kinds under the lock).
 */
static void mark_block(struct frame_page *head, uint64_t npages,
		       unsigned int order, enum page_kind kind)
{
	head->kind = (uint8_t)kind;
	head->order = (uint8_t)order;
	head->refcount = 0;
	for (uint64_t i = 1; i < npages; i++) {
		head[i].kind = PAGE_TAIL;
		head[i].head = head;
	}
}

void buddy_init(void)
{
	const struct phys_range_set *free = &phys_layout.free;
	uint64_t flags;

	phys_boot_alloc_seal();
	for (unsigned int o = 0; o <= FRAME_PAGE_MAX_ORDER; o++)
		list_init(&areas[o]);
	buddy_counts_init(&counts);
	flags = frame_spin_lock_irqsave(&buddy_lock);
	for (size_t i = 0; i < free->count; i++) {
		uint64_t pfn = free->r[i].start >> MM_PAGE_SHIFT;
		uint64_t count =
			(free->r[i].end - free->r[i].start) >> MM_PAGE_SHIFT;

		if (!free_range_locked(pfn, count))
			frame_panic("buddy: free range %#llx+%#llx overlaps "
				    "itself or is not RAM",
				    (unsigned long long)pfn,
				    (unsigned long long)count);
	}
	managed_pages = counts.free_pages;
	for (unsigned int z = 0; z < FRAME_PAGE_ZONES; z++)
		zone_managed[z] = zone_free[z];
	frame_spin_unlock_irqrestore(&buddy_lock, flags);
}

struct frame_page *buddy_alloc(unsigned int order, enum page_kind kind)
{
	struct frame_page *page;
	uint64_t flags, pfn;

	if (order > FRAME_PAGE_MAX_ORDER)
		return NULL;
	flags = frame_spin_lock_irqsave(&buddy_lock);
	page = alloc_locked(order, kind, &pfn);
	frame_spin_unlock_irqrestore(&buddy_lock, flags);
	if (page)
		mark_block(page, 1ull << order, order, kind);
	return page;
}

/* A refused free, reported once buddy_lock is let go. */
static void double_free(uint64_t pfn, uint64_t npages)
{
	frame_panic("buddy: double free of %llu pages at pfn %#llx",
		    (unsigned long long)npages, (unsigned long long)pfn);
}

void buddy_free(struct frame_page *head)
{
	uint64_t pfn = page_to_pfn(head);
	unsigned int order = head->order;
	uint64_t flags;
	bool freed;

	flags = frame_spin_lock_irqsave(&buddy_lock);
	freed = free_block_locked(pfn, order);
	frame_spin_unlock_irqrestore(&buddy_lock, flags);
	if (!freed)
		double_free(pfn, 1ull << order);
}

struct frame_page *buddy_alloc_pages(uint64_t npages, enum page_kind kind)
{
	struct frame_page *page;
	unsigned int order;
	uint64_t flags, pfn;

	if (!npages || npages > 1ull << FRAME_PAGE_MAX_ORDER)
		return NULL;
	order = buddy_order_for(npages);
	flags = frame_spin_lock_irqsave(&buddy_lock);
	page = alloc_locked(order, kind, &pfn);
	/* The pages past @npages were just allocated: never refused. */
	if (page && npages < 1ull << order &&
	    !free_range_locked(pfn + npages, (1ull << order) - npages))
		frame_panic("buddy: could not return a split-off range");
	frame_spin_unlock_irqrestore(&buddy_lock, flags);
	if (page)
		mark_block(page, npages, 0, kind);
	return page;
}

void buddy_free_pages(struct frame_page *head, uint64_t npages)
{
	uint64_t pfn = page_to_pfn(head);
	uint64_t flags;
	bool freed;

	flags = frame_spin_lock_irqsave(&buddy_lock);
	freed = free_range_locked(pfn, npages);
	frame_spin_unlock_irqrestore(&buddy_lock, flags);
	if (!freed)
		double_free(pfn, npages);
}

void buddy_stats(struct frame_page_stats *out)
{
	uint64_t flags = frame_spin_lock_irqsave(&buddy_lock);

	out->managed_pages = managed_pages;
	out->free_pages = counts.free_pages;
	for (unsigned int o = 0; o <= FRAME_PAGE_MAX_ORDER; o++)
		out->free_blocks[o] = counts.blocks[o];
	for (unsigned int z = 0; z < FRAME_PAGE_ZONES; z++) {
		out->zone_managed[z] = zone_managed[z];
		out->zone_free[z] = zone_free[z];
	}
	frame_spin_unlock_irqrestore(&buddy_lock, flags);
}
