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

static void area_add(struct frame_page *page, unsigned int order)
{
	page->kind = PAGE_FREE;
	page->order = (uint8_t)order;
	list_add(&areas[order], &page->node);
	buddy_count_add(&counts, order);
	zone_free[buddy_zone_of(page_to_pfn(page))] += 1ull << order;
}

static void area_del(struct frame_page *page)
{
	list_del(&page->node);
	buddy_count_del(&counts, page->order);
	zone_free[buddy_zone_of(page_to_pfn(page))] -= 1ull << page->order;
	page->kind = PAGE_FREE_TAIL;
}

/*
 * Free the block of 2^@order pages at @pfn, merging with free buddies.
 * Proved: the block put on a free list is aligned to its order, which
 * never passes FRAME_PAGE_MAX_ORDER, and covers the block freed.
 */
/*@
  requires order <= FRAME_PAGE_MAX_ORDER;
  requires pfn % pow2(order) == 0;
  requires pfn + pow2(order) <= 0x10000000000000; // 52-bit frames
*/
static void free_block_locked(uint64_t pfn, unsigned int order)
{
	struct frame_page *page = page_from_pfn(pfn);

	BUG_ON(!page || page->kind == PAGE_FREE);
	page->kind = PAGE_FREE_TAIL;
	/*@
	  loop invariant order_bound: \at(order, Pre) <= order <= FRAME_PAGE_MAX_ORDER;
	  loop invariant aligned: pfn % pow2(order) == 0;
	  loop invariant frames: pfn + pow2(order) <= 0x10000000000000;
	  loop invariant covers: pfn <= \at(pfn, Pre) &&
	    \at(pfn, Pre) + pow2(\at(order, Pre)) <= pfn + pow2(order);
	  loop variant FRAME_PAGE_MAX_ORDER - order;
	*/
	while (order < FRAME_PAGE_MAX_ORDER) {
		struct frame_page *buddy = page_from_pfn(buddy_of(pfn, order));

		if (!buddy || buddy->kind != PAGE_FREE || buddy->order != order)
			break;
		area_del(buddy);
		pfn = buddy_parent(pfn, order);
		order++;
	}
	/*@ assert merged: order <= FRAME_PAGE_MAX_ORDER &&
	      pfn % pow2(order) == 0 && pfn <= \at(pfn, Pre) &&
	      \at(pfn, Pre) + pow2(\at(order, Pre)) <= pfn + pow2(order); */
	area_add(page_from_pfn(pfn), order);
}

/* Free @count pages from @pfn as the largest aligned blocks they allow. */
static void free_range_locked(uint64_t pfn, uint64_t count)
{
	while (count) {
		uint64_t start = pfn;
		unsigned int order = buddy_range_next(&pfn, &count);

		free_block_locked(start, order);
	}
}

/*
 * Take a block of @order, splitting a larger one; the halves split off
 * stay in the same RAM range, so they are reached by pointer arithmetic.
 */
static struct frame_page *alloc_locked(unsigned int order)
{
	struct frame_page *page;
	unsigned int o = order;

	while (o <= FRAME_PAGE_MAX_ORDER && list_empty(&areas[o]))
		o++;
	if (o > FRAME_PAGE_MAX_ORDER)
		return NULL;
	page = container_of(list_first(&areas[o]), struct frame_page, node);
	area_del(page);
	while (o > order) {
		o--;
		area_add(page + (1ull << o), o);
	}
	return page;
}

/* Give a freshly allocated run of @npages its kinds. */
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

		free_range_locked(pfn, count);
	}
	managed_pages = counts.free_pages;
	for (unsigned int z = 0; z < FRAME_PAGE_ZONES; z++)
		zone_managed[z] = zone_free[z];
	frame_spin_unlock_irqrestore(&buddy_lock, flags);
}

struct frame_page *buddy_alloc(unsigned int order, enum page_kind kind)
{
	struct frame_page *page;
	uint64_t flags;

	if (order > FRAME_PAGE_MAX_ORDER)
		return NULL;
	flags = frame_spin_lock_irqsave(&buddy_lock);
	page = alloc_locked(order);
	frame_spin_unlock_irqrestore(&buddy_lock, flags);
	if (page)
		mark_block(page, 1ull << order, order, kind);
	return page;
}

void buddy_free(struct frame_page *head)
{
	uint64_t pfn = page_to_pfn(head);
	uint64_t flags;

	flags = frame_spin_lock_irqsave(&buddy_lock);
	free_block_locked(pfn, head->order);
	frame_spin_unlock_irqrestore(&buddy_lock, flags);
}

struct frame_page *buddy_alloc_pages(uint64_t npages, enum page_kind kind)
{
	struct frame_page *page;
	unsigned int order;
	uint64_t flags;

	if (!npages || npages > 1ull << FRAME_PAGE_MAX_ORDER)
		return NULL;
	order = buddy_order_for(npages);
	flags = frame_spin_lock_irqsave(&buddy_lock);
	page = alloc_locked(order);
	if (page && npages < 1ull << order)
		free_range_locked(page_to_pfn(page) + npages,
				  (1ull << order) - npages);
	frame_spin_unlock_irqrestore(&buddy_lock, flags);
	if (page)
		mark_block(page, npages, 0, kind);
	return page;
}

void buddy_free_pages(struct frame_page *head, uint64_t npages)
{
	uint64_t pfn = page_to_pfn(head);
	uint64_t flags;

	flags = frame_spin_lock_irqsave(&buddy_lock);
	free_range_locked(pfn, npages);
	frame_spin_unlock_irqrestore(&buddy_lock, flags);
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
