/* SPDX-License-Identifier: MIT */
/* The buddy allocator: free lists per order, split on alloc, merge on free. */
#include "mm/buddy.h"

#include <frame/compiler.h>
#include <frame/panic.h>

#include "mm/buddy_model.h"
#include "sync/spinlock.h"

/*
 * The lock over the allocator's state (mm/buddy_model.h) and what only
 * buddy.c keeps: the pages and zone pages handed over at boot.
 */
static struct frame_spinlock buddy_lock = FRAME_SPINLOCK_INIT;
static size_t managed_pages;
static size_t zone_managed[FRAME_PAGE_ZONES];

/* The zones' bounds in pages, as buddy_logic.h spells them. */
BUILD_BUG_ON(BUDDY_DMA_END_PFN != (16ull << 20) >> MM_PAGE_SHIFT);
BUILD_BUG_ON(BUDDY_DMA32_END_PFN != (4ull << 30) >> MM_PAGE_SHIFT);

/* Whether buddy_alloc_locked() may give @kind (taken_kind). */
static bool kind_taken(enum page_kind kind)
{
	return kind == PAGE_BLOCK || kind == PAGE_SLAB || kind == PAGE_LARGE ||
	       kind == PAGE_TABLE || kind == PAGE_SPACE;
}

/*
 * Fill in a freshly allocated run of @npages: its order, reference count
 * and tails' head pointers (buddy_alloc_locked() gave the kinds under
 * the lock).
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
	size_t bad;

	phys_boot_alloc_seal();
	for (unsigned int o = 0; o <= FRAME_PAGE_MAX_ORDER; o++)
		list_init(&buddy_areas[o]);
	buddy_counts_init(&buddy_free_counts);
	flags = frame_spin_lock_irqsave(&buddy_lock);
	bad = buddy_free_boot_ranges_locked();
	if (bad < free->count)
		frame_panic("buddy: free range %#llx-%#llx is not whole pages "
			    "of RAM, or overlaps another",
			    (unsigned long long)free->r[bad].start,
			    (unsigned long long)free->r[bad].end);
	managed_pages = buddy_free_counts.free_pages;
	for (unsigned int z = 0; z < FRAME_PAGE_ZONES; z++)
		zone_managed[z] = buddy_zone_free[z];
	frame_spin_unlock_irqrestore(&buddy_lock, flags);
}

struct frame_page *buddy_alloc(unsigned int order, enum page_kind kind)
{
	struct frame_page *page;
	uint64_t flags, pfn;

	if (order > FRAME_PAGE_MAX_ORDER)
		return NULL;
	BUG_ON(!kind_taken(kind));
	flags = frame_spin_lock_irqsave(&buddy_lock);
	pfn = buddy_alloc_locked(order, kind);
	frame_spin_unlock_irqrestore(&buddy_lock, flags);
	if (pfn == BUDDY_NO_BLOCK)
		return NULL;
	page = page_from_pfn(pfn);
	mark_block(page, 1ull << order, order, kind);
	return page;
}

/* A refused free, reported once buddy_lock is let go. */
static void bad_free(uint64_t pfn, uint64_t npages)
{
	frame_panic("buddy: refused free of %llu pages at pfn %#llx: a page "
		    "is free already (double free), reserved or not RAM",
		    (unsigned long long)npages, (unsigned long long)pfn);
}

void buddy_free(struct frame_page *head)
{
	uint64_t pfn = page_to_pfn(head);
	unsigned int order = head->order;
	uint64_t flags;
	bool freed;

	flags = frame_spin_lock_irqsave(&buddy_lock);
	freed = buddy_free_block_locked(pfn, order, false);
	frame_spin_unlock_irqrestore(&buddy_lock, flags);
	if (!freed)
		bad_free(pfn, 1ull << order);
}

struct frame_page *buddy_alloc_pages(uint64_t npages, enum page_kind kind)
{
	struct frame_page *page;
	unsigned int order;
	uint64_t flags, pfn;

	if (!npages || npages > 1ull << FRAME_PAGE_MAX_ORDER)
		return NULL;
	BUG_ON(!kind_taken(kind));
	order = buddy_order_for(npages);
	flags = frame_spin_lock_irqsave(&buddy_lock);
	pfn = buddy_alloc_locked(order, kind);
	/* The pages past @npages were just allocated: never refused. */
	if (pfn != BUDDY_NO_BLOCK && npages < 1ull << order &&
	    !buddy_free_range_locked(pfn + npages, (1ull << order) - npages,
			       false))
		frame_panic("buddy: could not return a split-off range");
	frame_spin_unlock_irqrestore(&buddy_lock, flags);
	if (pfn == BUDDY_NO_BLOCK)
		return NULL;
	page = page_from_pfn(pfn);
	mark_block(page, npages, 0, kind);
	return page;
}

void buddy_free_pages(struct frame_page *head, uint64_t npages)
{
	uint64_t pfn = page_to_pfn(head);
	uint64_t flags;
	bool freed;

	flags = frame_spin_lock_irqsave(&buddy_lock);
	freed = buddy_free_range_locked(pfn, npages, false);
	frame_spin_unlock_irqrestore(&buddy_lock, flags);
	if (!freed)
		bad_free(pfn, npages);
}

void buddy_stats(struct frame_page_stats *out)
{
	uint64_t flags = frame_spin_lock_irqsave(&buddy_lock);

	out->managed_pages = managed_pages;
	out->free_pages = buddy_free_counts.free_pages;
	for (unsigned int o = 0; o <= FRAME_PAGE_MAX_ORDER; o++)
		out->free_blocks[o] = buddy_free_counts.blocks[o];
	for (unsigned int z = 0; z < FRAME_PAGE_ZONES; z++) {
		out->zone_managed[z] = zone_managed[z];
		out->zone_free[z] = buddy_zone_free[z];
	}
	frame_spin_unlock_irqrestore(&buddy_lock, flags);
}
