/* SPDX-License-Identifier: MIT */
/* The buddy allocator's arithmetic and counters, proved by `osdk prove`. */
#include "mm/buddy_logic.h"

/* The sums in buddy_logic.h's contracts name the eleven orders one by one. */
BUILD_BUG_ON(FRAME_PAGE_MAX_ORDER != 10);
/* A block never straddles two zones: their bounds are whole blocks. */
BUILD_BUG_ON(BUDDY_DMA_END_PFN % (1u << FRAME_PAGE_MAX_ORDER));
BUILD_BUG_ON(BUDDY_DMA32_END_PFN % (1u << FRAME_PAGE_MAX_ORDER));

/* 2^order, by table: the provers know a constant array, not shifts. */
static const uint64_t order_pages[BUDDY_ORDERS] = {
	1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024,
};

/*@
  requires order <= FRAME_PAGE_MAX_ORDER;
  assigns \nothing;
  ensures \result == pow2(order);
  ensures 1 <= \result <= 1024;
*/
static uint64_t pages_of(unsigned int order)
{
	return order_pages[order];
}

unsigned int buddy_fit_order(uint64_t pfn, uint64_t count)
{
	unsigned int order = 0;
	uint64_t size = 1;

	/*@
	  loop invariant 0 <= order <= FRAME_PAGE_MAX_ORDER;
	  loop invariant size == pow2(order);
	  loop invariant pfn % size == 0;
	  loop invariant size <= count;
	  loop assigns order, size;
	  loop variant FRAME_PAGE_MAX_ORDER - order;
	*/
	while (order < FRAME_PAGE_MAX_ORDER && pfn % (2 * size) == 0 &&
	       2 * size <= count) {
		order++;
		size *= 2;
	}
	return order;
}

unsigned int buddy_order_for(uint64_t npages)
{
	unsigned int order = 0;
	uint64_t size = 1;

	/*@
	  loop invariant 0 <= order <= FRAME_PAGE_MAX_ORDER;
	  loop invariant size == pow2(order);
	  loop invariant order == 0 || pow2(order - 1) < npages;
	  loop assigns order, size;
	  loop variant FRAME_PAGE_MAX_ORDER - order;
	*/
	while (size < npages) {
		order++;
		size *= 2;
	}
	return order;
}

uint64_t buddy_of(uint64_t pfn, unsigned int order)
{
	uint64_t size = order_pages[order];

	/* The first half of its parent, or the second. */
	if (pfn % (2 * size))
		return pfn - size;
	return pfn + size;
}

uint64_t buddy_split(uint64_t pfn, unsigned int order)
{
	return pfn + order_pages[order - 1];
}

enum frame_page_zone buddy_zone_of(uint64_t pfn)
{
	if (pfn < BUDDY_DMA_END_PFN)
		return FRAME_PAGE_ZONE_DMA;
	if (pfn < BUDDY_DMA32_END_PFN)
		return FRAME_PAGE_ZONE_DMA32;
	return FRAME_PAGE_ZONE_HIGH;
}

unsigned int buddy_range_next(uint64_t *pfn, uint64_t *count)
{
	unsigned int order = buddy_fit_order(*pfn, *count);
	uint64_t size = pages_of(order);

	*pfn += size;
	*count -= size;
	return order;
}

void buddy_counts_init(struct buddy_counts *c)
{
	c->free_pages = 0;
	/*@
	  loop invariant 0 <= o <= BUDDY_ORDERS;
	  loop invariant \forall integer k; 0 <= k < o ==> c->blocks[k] == 0;
	  loop assigns o, c->blocks[0 .. BUDDY_ORDERS - 1];
	  loop variant BUDDY_ORDERS - o;
	*/
	for (unsigned int o = 0; o < BUDDY_ORDERS; o++)
		c->blocks[o] = 0;
}

void buddy_count_add(struct buddy_counts *c, unsigned int order)
{
	c->blocks[order]++;
	c->free_pages += pages_of(order);
}

void buddy_count_del(struct buddy_counts *c, unsigned int order)
{
	c->blocks[order]--;
	c->free_pages -= pages_of(order);
}
