/* SPDX-License-Identifier: MIT */
/* The buddy allocator's allocation path: take, split, hand out. */
#include <frame/compiler.h>

#include "mm/buddy_model.h"

/*
 * The first entry of list @order, behind a small function whose contract
 * is assumed, not proved (docs/prove.md), like buddy_area.c's links.
 */
/*@
  requires order <= FRAME_PAGE_MAX_ORDER && \valid(pfn);
  assigns *pfn;
  ensures first: \result ==> free_head(*pfn) &&
		 page_at(*pfn)->order == order &&
		 buddy_free_counts.blocks[order] >= 1;
*/
static bool area_first(unsigned int order, uint64_t *pfn)
{
	struct list_node *n = list_first(&buddy_areas[order]);

	if (!n)
		return false;
	*pfn = page_to_pfn(container_of(n, struct frame_page, node));
	return true;
}

/*
 * Split the loose block of 2^@from pages at @head down to 2^@to pages:
 * each upper half goes on the free list of its order.
 */
/*@
  requires inv: buddy_inv;
  requires to <= from <= FRAME_PAGE_MAX_ORDER;
  requires head % pow2(from) == 0;
  requires head + pow2(from) <= PAGE_PFN_LIMIT;
  requires loose(head, pow2(from)) && apart(head, pow2(from));
  assigns buddy_free_counts, buddy_zone_free[0 .. FRAME_PAGE_ZONES - 1],
	  buddy_areas[0 .. BUDDY_ORDERS - 1],
	  { page_at(q)->node | integer q },
	  { page_at(q)->kind | integer q },
	  { page_at(q)->order | integer q };
  ensures inv: buddy_inv;
  ensures lower: loose(head, pow2(to)) && apart(head, pow2(to));
  ensures aligned: head % pow2(to) == 0;
  ensures only_free: \forall integer q; page_at(q) != \null &&
    !\old(free_page(q)) ==>
      page_at(q)->kind == \old(page_at(q)->kind) &&
      page_at(q)->order == \old(page_at(q)->order);
*/
static void split_block(uint64_t head, unsigned int from, unsigned int to)
{
	unsigned int o = from;

	/*@
	  loop invariant inv: buddy_inv;
	  loop invariant to <= o <= from;
	  loop invariant aligned: head % pow2(o) == 0;
	  loop invariant frames: head + pow2(o) <= PAGE_PFN_LIMIT;
	  loop invariant lower: loose(head, pow2(o)) && apart(head, pow2(o));
	  loop invariant only_free: \forall integer q; page_at(q) != \null &&
	    !\at(free_page(q), Pre) ==>
	      page_at(q)->kind == \at(page_at(q)->kind, Pre) &&
	      page_at(q)->order == \at(page_at(q)->order, Pre);
	  loop assigns o, buddy_free_counts,
	    buddy_zone_free[0 .. FRAME_PAGE_ZONES - 1],
	    buddy_areas[0 .. BUDDY_ORDERS - 1],
	    { page_at(q)->node | integer q },
	    { page_at(q)->kind | integer q },
	    { page_at(q)->order | integer q };
	  loop variant o;
	*/
	while (o > to) {
		uint64_t half = buddy_split(head, o);

		o--;
		/* Steps for the provers: both halves are loose and apart. */
		/*@ assert twice: pow2(o + 1) == 2 * pow2(o); */
		/*@ assert upper: loose(half, pow2(o)) && apart(half, pow2(o)); */
		/*@ assert was_loose: page_at(half)->kind == PAGE_FREE_TAIL; */
		buddy_area_add(half, page_from_pfn(half), o);
	}
}

/*
 * Give the loose block of 2^@order pages at @head (@page) to its caller:
 * @kind and @order for the first page, PAGE_TAIL for the others.
 */
/*@
  requires inv: buddy_inv;
  requires order <= FRAME_PAGE_MAX_ORDER;
  requires page == page_at(head) && \valid(page);
  requires loose(head, pow2(order)) && apart(head, pow2(order));
  requires kind: taken_kind(kind);
  assigns page->order, { page_at(q)->kind | integer q };
  ensures inv: buddy_inv;
  ensures block: page->kind == kind && page->order == order;
  ensures taken: \forall integer q; head <= q < head + pow2(order) ==>
    page_at(q) != \null && !free_page(q);
  ensures others: \forall integer q; !(head <= q < head + pow2(order)) ==>
    page_at(q)->kind == \old(page_at(q)->kind);
  ensures orders: \forall integer q; page_at(q) != \null && q != head ==>
    page_at(q)->order == \old(page_at(q)->order);
*/
static void take_block(uint64_t head, struct frame_page *page,
		       unsigned int order, enum page_kind kind)
{
	/*@
	  loop invariant 1 <= i <= pow2(order);
	  loop invariant done: \forall integer q; head < q < head + i ==>
	    page_at(q) != \null && page_at(q)->kind == PAGE_TAIL;
	  loop invariant todo: \forall integer q;
	    head + i <= q < head + pow2(order) ==>
	    page_at(q) != \null && page_at(q)->kind == PAGE_FREE_TAIL;
	  loop invariant others: \forall integer q;
	    !(head < q < head + i) ==>
	    page_at(q)->kind == \at(page_at(q)->kind, Pre);
	  loop assigns i, { page_at(q)->kind | integer q };
	  loop variant pow2(order) - i;
	*/
	for (uint64_t i = 1; i < buddy_order_size[order]; i++)
		page_from_pfn(head + i)->kind = PAGE_TAIL;
	page->kind = (uint8_t)kind;
	page->order = (uint8_t)order;
	/* Steps for the provers, from the writes to the invariant. */
	/*@ assert inside: \forall integer q; head <= q < head + pow2(order) ==>
	      page_at(q) != \null && !free_page(q); */
	/*@ assert outside: \forall integer q; page_at(q) != \null &&
	      !(head <= q < head + pow2(order)) ==>
	      page_at(q)->kind == \at(page_at(q)->kind, Pre); */
	/*@ assert orders: \forall integer q; page_at(q) != \null && q != head ==>
	      page_at(q)->order == \at(page_at(q)->order, Pre); */
	/*@ assert heads: \forall integer h; free_head(h) ==>
	      \at(free_head(h), Pre) && \at(block_ok(h), Pre) &&
	      !(head <= h < head + pow2(order)) &&
	      page_at(h)->order == \at(page_at(h)->order, Pre); */
	/*@ assert apart: \forall integer h; free_head(h) ==>
	      h + pow2(page_at(h)->order) <= head ||
	      head + pow2(order) <= h; */
	/*@ assert tails: \forall integer h; free_head(h) ==>
	      tails_free(h, pow2(page_at(h)->order)); */
}

/*
 * Take the first free block of 2^@order pages or more, the smallest
 * order first, off its list: it becomes loose, its first page keeping
 * its order. Returns its frame number; BUDDY_NO_BLOCK when there is none.
 */
/*@
  requires inv: buddy_inv;
  requires order <= FRAME_PAGE_MAX_ORDER;
  assigns buddy_free_counts, buddy_zone_free[0 .. FRAME_PAGE_ZONES - 1],
	  buddy_areas[0 .. BUDDY_ORDERS - 1],
	  { page_at(q)->node | integer q },
	  { page_at(q)->kind | integer q };
  ensures inv: buddy_inv;
  ensures none: \result == BUDDY_NO_BLOCK ||
    (order <= page_at(\result)->order <= FRAME_PAGE_MAX_ORDER &&
     \result % pow2(page_at(\result)->order) == 0 &&
     \result + pow2(page_at(\result)->order) <= PAGE_PFN_LIMIT &&
     loose(\result, pow2(page_at(\result)->order)) &&
     apart(\result, pow2(page_at(\result)->order)) &&
     \forall integer q; \result <= q < \result +
       pow2(page_at(\result)->order) ==> \old(free_page(q)));
  ensures only: \forall integer q; q != \result ==>
    page_at(q)->kind == \old(page_at(q)->kind);
  ensures orders: \forall integer q; page_at(q) != \null ==>
    page_at(q)->order == \old(page_at(q)->order);
*/
static uint64_t take_first(unsigned int order)
{
	unsigned int o = order;
	uint64_t head = 0;

	/*@
	  loop invariant order <= o <= FRAME_PAGE_MAX_ORDER + 1;
	  loop assigns o, head;
	  loop variant FRAME_PAGE_MAX_ORDER + 1 - o;
	*/
	while (o <= FRAME_PAGE_MAX_ORDER && !area_first(o, &head))
		o++;
	if (o > FRAME_PAGE_MAX_ORDER)
		return BUDDY_NO_BLOCK;
	/*@ assert was_free: \forall integer q; head <= q < head + pow2(o) ==>
	      free_page(q); */
	buddy_area_del(head, page_from_pfn(head));
	/*@ assert frames: pow2(o) == 1 ? page_at(head) != \null :
	      page_at(head + pow2(o) - 1) != \null; */
	return head;
}

/*
 * Take a free block of 2^@order pages, splitting a larger one, and give
 * its pages their kinds: @kind for the first, PAGE_TAIL for the others.
 * Returns its frame number; BUDDY_NO_BLOCK when no block is large enough.
 * Proved: the block is aligned to @order, every page of it was free and
 * none is now, no page that was not free changes, and the invariant holds
 * after. So two allocated blocks never overlap: a block's pages stay out
 * of the free blocks until buddy_free_block_locked() takes them back.
 */
/*@
  requires inv: buddy_inv;
  requires order <= FRAME_PAGE_MAX_ORDER;
  requires kind: taken_kind(kind);
  assigns buddy_free_counts, buddy_zone_free[0 .. FRAME_PAGE_ZONES - 1],
	  buddy_areas[0 .. BUDDY_ORDERS - 1],
	  { page_at(q)->node | integer q },
	  { page_at(q)->kind | integer q },
	  { page_at(q)->order | integer q };
  ensures inv: buddy_inv;
  ensures block: \result != BUDDY_NO_BLOCK ==> page_at(\result) != \null &&
    \result % pow2(order) == 0 && page_at(\result)->order == order &&
    page_at(\result)->kind == kind;
  ensures were_free: \result != BUDDY_NO_BLOCK ==> \forall integer q;
    \result <= q < \result + pow2(order) ==> \at(free_page(q), Pre);
  ensures taken: \result != BUDDY_NO_BLOCK ==> \forall integer q;
    \result <= q < \result + pow2(order) ==>
      page_at(q) != \null && !free_page(q);
  ensures only_free: \forall integer q; page_at(q) != \null &&
    !\at(free_page(q), Pre) ==>
      page_at(q)->kind == \at(page_at(q)->kind, Pre) &&
      page_at(q)->order == \at(page_at(q)->order, Pre);
*/
uint64_t buddy_alloc_locked(unsigned int order, enum page_kind kind)
{
	uint64_t head = take_first(order);
	struct frame_page *page;

	if (head == BUDDY_NO_BLOCK)
		return BUDDY_NO_BLOCK;
	page = page_from_pfn(head);
	/* Steps for the provers: what was not free is left as it was. */
	/*@ assert kept: \forall integer q; page_at(q) != \null &&
	      !\at(free_page(q), Pre) ==> q != head && !free_page(q) &&
	      page_at(q)->kind == \at(page_at(q)->kind, Pre) &&
	      page_at(q)->order == \at(page_at(q)->order, Pre); */
	/*@ assert smaller: pow2(order) <= pow2(page->order); */
	split_block(head, page->order, order);
	/*@ assert split: \forall integer q; page_at(q) != \null &&
	      !\at(free_page(q), Pre) ==>
	      !(head <= q < head + pow2(order)) &&
	      page_at(q)->kind == \at(page_at(q)->kind, Pre) &&
	      page_at(q)->order == \at(page_at(q)->order, Pre); */
	take_block(head, page, order, kind);
	return head;
}

