/* SPDX-License-Identifier: MIT */
/* The buddy allocator's free lists: a block on, a block off, proved. */
#include <frame/compiler.h>
#include <frame/panic.h>

#include "mm/buddy_model.h"

struct list_node buddy_areas[BUDDY_ORDERS];
struct buddy_counts buddy_free_counts;
size_t buddy_zone_free[FRAME_PAGE_ZONES];

/*
 * The lists proper, behind small functions whose contracts are assumed,
 * not proved (docs/prove.md; the third, area_first(), is buddy_alloc.c's):
 * list @order holds the free heads of that order,
 * buddy_free_counts.blocks[order] of them, so a free head's list is not
 * empty and a list's first entry is a free head of its order. They touch
 * only the lists' links.
 */
/*@
  requires order <= FRAME_PAGE_MAX_ORDER && \valid(page);
  assigns buddy_areas[0 .. BUDDY_ORDERS - 1], page->node,
	  { page_at(q)->node | integer q };
*/
static void area_link(struct frame_page *page, unsigned int order)
{
	list_add(&buddy_areas[order], &page->node);
}

/*@
  requires \valid(page) && page->kind == PAGE_FREE;
  requires page->order <= FRAME_PAGE_MAX_ORDER;
  assigns buddy_areas[0 .. BUDDY_ORDERS - 1], page->node,
	  { page_at(q)->node | integer q };
  ensures on_list: buddy_free_counts.blocks[page->order] >= 1;
*/
static void area_unlink(struct frame_page *page)
{
	list_del(&page->node);
}

void buddy_area_add(uint64_t pfn, struct frame_page *page,
		    unsigned int order)
{
	/*@ assert tails_before: \forall integer q; pfn < q < pfn + pow2(order) ==>
	      page_at(q) != \null && page_at(q)->kind == PAGE_FREE_TAIL; */
	/* More free pages than frames exist: the counts are corrupt. */
	BUG_ON(buddy_free_counts.free_pages >= PAGE_PFN_LIMIT);
	page->kind = PAGE_FREE;
	page->order = (uint8_t)order;
	area_link(page, order);
	buddy_count_add(&buddy_free_counts, order);
	buddy_zone_free[buddy_zone_of(pfn)] += buddy_order_size[order];
	/* Steps for the provers, from the two writes to the invariant. */
	/*@ assert others: \forall integer q; q != pfn ==>
	      page_at(q)->kind == \at(page_at(q)->kind, Pre) &&
	      page_at(q)->order == \at(page_at(q)->order, Pre); */
	/*@ assert was_head: \forall integer h; free_head(h) && h != pfn ==>
	      \at(free_head(h), Pre) && \at(block_ok(h), Pre); */
	/*@ assert heads: \forall integer h; free_head(h) ==>
	      page_at(h)->order <= FRAME_PAGE_MAX_ORDER &&
	      h % pow2(page_at(h)->order) == 0; */
	/*@ assert was_tail: \forall integer q; pfn < q < pfn + pow2(order) ==>
	      page_at(q) != \null &&
	      \at(page_at(q)->kind, Pre) == PAGE_FREE_TAIL; */
	/*@ assert new_tails: tails_free(pfn, pow2(order)); */
	/*@ assert was_apart: \forall integer h; free_head(h) && h != pfn ==>
	      h + pow2(page_at(h)->order) <= pfn || pfn + pow2(order) <= h; */
	/*@ assert old_tails: \forall integer h; free_head(h) && h != pfn ==>
	      tails_free(h, pow2(page_at(h)->order)); */
	/*@ assert tails: \forall integer h; free_head(h) ==>
	      tails_free(h, pow2(page_at(h)->order)); */
}

void buddy_area_del(uint64_t pfn, struct frame_page *page)
{
	area_unlink(page);
	buddy_count_del(&buddy_free_counts, page->order);
	buddy_zone_free[buddy_zone_of(pfn)] -= buddy_order_size[page->order];
	page->kind = PAGE_FREE_TAIL;
	/* Steps for the provers, from the write to the invariant. */
	/*@ assert others: \forall integer q; q != pfn ==>
	      page_at(q)->kind == \at(page_at(q)->kind, Pre) &&
	      page_at(q)->order == \at(page_at(q)->order, Pre); */
	/*@ assert was_head: \forall integer h; free_head(h) ==>
	      h != pfn && \at(free_head(h), Pre) && \at(block_ok(h), Pre); */
	/*@ assert apart_before: \forall integer h; free_head(h) ==>
	      h + pow2(page_at(h)->order) <= pfn ||
	      pfn + pow2(page->order) <= h; */
	/*@ assert heads: \forall integer h; free_head(h) ==>
	      page_at(h)->order <= FRAME_PAGE_MAX_ORDER &&
	      h % pow2(page_at(h)->order) == 0; */
	/*@ assert tails: \forall integer h; free_head(h) ==>
	      tails_free(h, pow2(page_at(h)->order)); */
}

