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

/*@
  // The allocator's state as the proofs see it (docs/prove.md): the kind
  // and order of each page are the ground truth, the lists only the way to
  // find the free blocks. A free block is a PAGE_FREE page with its order
  // (its head) and the PAGE_FREE_TAIL pages after it.
  predicate free_head(integer p) =
    page_at(p) != \null && page_at(p)->kind == PAGE_FREE;
  predicate free_page(integer p) =
    page_at(p) != \null && (page_at(p)->kind == PAGE_FREE ||
			    page_at(p)->kind == PAGE_FREE_TAIL);
  predicate tails_free(integer p, integer n) =
    \forall integer q; p < q < p + n ==>
      page_at(q) != \null && page_at(q)->kind == PAGE_FREE_TAIL;
  // n pages at p that are free but on no list: taken off, or about to go on.
  predicate loose(integer p, integer n) =
    page_at(p) != \null && page_at(p)->kind == PAGE_FREE_TAIL &&
    tails_free(p, n);
  // n pages at p with no page in common with any free block.
  predicate apart(integer p, integer n) =
    \forall integer h; free_head(h) ==>
      h + pow2(page_at(h)->order) <= p || p + n <= h;
  predicate block_ok(integer p) =
    page_at(p)->order <= FRAME_PAGE_MAX_ORDER &&
    p % pow2(page_at(p)->order) == 0 &&
    tails_free(p, pow2(page_at(p)->order));

  // What alloc_locked() makes the first page of a block it hands out.
  predicate taken_kind(integer k) = k == PAGE_BLOCK || k == PAGE_SLAB ||
    k == PAGE_LARGE || k == PAGE_TABLE || k == PAGE_SPACE;

  // The invariant under buddy_lock: every free block is aligned to its
  // order, its other pages are free tails (so no free block starts inside
  // another), and the free-page count is the sum over the orders.
  predicate buddy_inv = counts_ok(&counts) &&
    \forall integer p; free_head(p) ==> block_ok(p);

  // Free blocks never overlap.
  lemma heads_apart: buddy_inv ==> \forall integer a, b;
    free_head(a) && free_head(b) && a < b ==>
    a + pow2(page_at(a)->order) <= b;
*/

/*
 * The lists proper, behind three small functions whose contracts are
 * assumed, not proved (docs/prove.md): list @order holds the free heads
 * of that order, counts.blocks[order] of them, so a free head's list is
 * not empty and a list's first entry is a free head of its order. They
 * touch only the lists' links.
 */
/*@
  requires order <= FRAME_PAGE_MAX_ORDER && \valid(page);
  assigns areas[0 .. BUDDY_ORDERS - 1], page->node,
	  { page_at(q)->node | integer q };
*/
static void area_link(struct frame_page *page, unsigned int order)
{
	list_add(&areas[order], &page->node);
}

/*@
  requires \valid(page) && page->kind == PAGE_FREE;
  requires page->order <= FRAME_PAGE_MAX_ORDER;
  assigns areas[0 .. BUDDY_ORDERS - 1], page->node,
	  { page_at(q)->node | integer q };
  ensures on_list: counts.blocks[page->order] >= 1;
*/
static void area_unlink(struct frame_page *page)
{
	list_del(&page->node);
}

/*@
  requires order <= FRAME_PAGE_MAX_ORDER && \valid(pfn);
  assigns *pfn;
  ensures first: \result ==> free_head(*pfn) &&
		 page_at(*pfn)->order == order && counts.blocks[order] >= 1;
*/
static bool area_first(unsigned int order, uint64_t *pfn)
{
	struct list_node *n = list_first(&areas[order]);

	if (!n)
		return false;
	*pfn = page_to_pfn(container_of(n, struct frame_page, node));
	return true;
}

/* Make the loose block of 2^@order pages at @pfn (@page) a free block. */
/*@
  requires inv: buddy_inv;
  requires order <= FRAME_PAGE_MAX_ORDER;
  requires pfn % pow2(order) == 0;
  requires page == page_at(pfn) && \valid(page);
  requires loose(pfn, pow2(order));
  requires apart(pfn, pow2(order));
  assigns page->kind, page->order, counts, zone_free[0 .. FRAME_PAGE_ZONES - 1],
	  areas[0 .. BUDDY_ORDERS - 1], page->node,
	  { page_at(q)->node | integer q };
  ensures inv: buddy_inv;
  ensures head: free_head(pfn) && page->order == order;
*/
static void area_add(uint64_t pfn, struct frame_page *page, unsigned int order)
{
	/*@ assert tails_before: \forall integer q; pfn < q < pfn + pow2(order) ==>
	      page_at(q) != \null && page_at(q)->kind == PAGE_FREE_TAIL; */
	/* More free pages than frames exist: the counts are corrupt. */
	BUG_ON(counts.free_pages >= PAGE_PFN_LIMIT);
	page->kind = PAGE_FREE;
	page->order = (uint8_t)order;
	area_link(page, order);
	buddy_count_add(&counts, order);
	zone_free[buddy_zone_of(pfn)] += order_size[order];
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

/* Take the free block at @pfn (@page) off its list: it becomes loose. */
/*@
  requires inv: buddy_inv;
  requires page == page_at(pfn) && \valid(page) && free_head(pfn);
  assigns page->kind, counts, zone_free[0 .. FRAME_PAGE_ZONES - 1],
	  areas[0 .. BUDDY_ORDERS - 1], page->node,
	  { page_at(q)->node | integer q };
  ensures inv: buddy_inv;
  ensures block: page->order <= FRAME_PAGE_MAX_ORDER &&
		 pfn % pow2(page->order) == 0;
  ensures loose: loose(pfn, pow2(page->order));
  ensures apart: apart(pfn, pow2(page->order));
*/
static void area_del(uint64_t pfn, struct frame_page *page)
{
	area_unlink(page);
	buddy_count_del(&counts, page->order);
	zone_free[buddy_zone_of(pfn)] -= order_size[page->order];
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

/*
 * Free the block of 2^@order pages at @pfn, merging it with free buddies.
 * False, found before anything is changed, when a page of it is not RAM
 * or is free already (a double free): the caller panics once it has let
 * go of the lock. Proved: false exactly then, the invariant holds after,
 * and the block put on a free list is aligned to its order and covers
 * the pages freed, now all free.
 */
/*@
  requires inv: buddy_inv;
  requires order <= FRAME_PAGE_MAX_ORDER;
  requires pfn % pow2(order) == 0;
  requires pfn + pow2(order) <= PAGE_PFN_LIMIT;
  assigns counts, zone_free[0 .. FRAME_PAGE_ZONES - 1],
	  areas[0 .. BUDDY_ORDERS - 1],
	  { page_at(q)->node | integer q },
	  { page_at(q)->kind | integer q },
	  { page_at(q)->order | integer q };
  ensures inv: buddy_inv;
  behavior refused:
    assumes \exists integer q; pfn <= q < pfn + pow2(order) &&
	    (page_at(q) == \null || free_page(q));
    ensures !\result;
  behavior freed:
    assumes \forall integer q; pfn <= q < pfn + pow2(order) ==>
	    page_at(q) != \null && !free_page(q);
    ensures \result;
    ensures now_free: \forall integer q;
	    \old(pfn) <= q < \old(pfn) + pow2(\old(order)) ==> free_page(q);
  complete behaviors;
  disjoint behaviors;
*/
static bool free_block_locked(uint64_t pfn, unsigned int order)
{
	uint64_t size = order_size[order];
	struct frame_page *page;

	/*@
	  loop invariant 0 <= i <= size;
	  loop invariant \forall integer q; pfn <= q < pfn + i ==>
			 page_at(q) != \null && !free_page(q);
	  loop assigns i, page;
	  loop variant size - i;
	*/
	for (uint64_t i = 0; i < size; i++) {
		page = page_from_pfn(pfn + i);
		if (!page || page->kind == PAGE_FREE ||
		    page->kind == PAGE_FREE_TAIL)
			return false;
	}
	/*@ assert first: page_at(pfn) != \null && !free_page(pfn); */
	/*@ assert not_in: \forall integer h; free_head(h) ==>
	      !(pfn <= h < pfn + size); */
	/*@ assert not_over: \forall integer h; free_head(h) && h < pfn ==>
	      h + pow2(page_at(h)->order) <= pfn; */
	/*@ assert apart: apart(pfn, size); */
	/*@
	  loop invariant 0 <= i <= size;
	  loop invariant inv: buddy_inv;
	  loop invariant apart: apart(pfn, size);
	  loop invariant done: \forall integer q; pfn <= q < pfn + i ==>
	    page_at(q) != \null && page_at(q)->kind == PAGE_FREE_TAIL;
	  loop invariant todo: \forall integer q; pfn + i <= q < pfn + size ==>
	    page_at(q) != \null && !free_page(q);
	  loop assigns i, page,
	    { page_at(q)->kind | integer q; pfn <= q < pfn + size };
	  loop variant size - i;
	*/
	for (uint64_t i = 0; i < size; i++) {
		page = page_from_pfn(pfn + i);
		page->kind = PAGE_FREE_TAIL;
	}
	/*@
	  loop invariant inv: buddy_inv;
	  loop invariant order_bound: \at(order, Pre) <= order <= FRAME_PAGE_MAX_ORDER;
	  loop invariant aligned: pfn % pow2(order) == 0;
	  loop invariant frames: pfn + pow2(order) <= PAGE_PFN_LIMIT;
	  loop invariant covers: pfn <= \at(pfn, Pre) &&
	    \at(pfn, Pre) + pow2(\at(order, Pre)) <= pfn + pow2(order);
	  loop invariant loose: loose(pfn, pow2(order));
	  loop invariant apart: apart(pfn, pow2(order));
	  loop assigns pfn, order, counts, zone_free[0 .. FRAME_PAGE_ZONES - 1],
	    areas[0 .. BUDDY_ORDERS - 1],
	    { page_at(q)->node | integer q },
	    { page_at(q)->kind | integer q };
	  loop variant FRAME_PAGE_MAX_ORDER - order;
	*/
	while (order < FRAME_PAGE_MAX_ORDER) {
		uint64_t b = buddy_of(pfn, order);
		struct frame_page *buddy = page_from_pfn(b);

		if (!buddy || buddy->kind != PAGE_FREE || buddy->order != order)
			break;
		area_del(b, buddy);
		/* Steps for the provers: the two halves, loose and apart. */
		/*@ assert ours: loose(pfn, pow2(order)) && apart(pfn, pow2(order)); */
		/*@ assert theirs: loose(b, pow2(order)) && apart(b, pow2(order)); */
		/*@ assert b_last: pow2(order) == 1 ?
		      page_at(b) != \null :
		      page_at(b + pow2(order) - 1) != \null; */
		/*@ assert b_frames: b + pow2(order) <= PAGE_PFN_LIMIT; */
		/*@ assert twice: pow2(order + 1) == 2 * pow2(order); */
		/* The two halves make the block at the lower one. */
		if (b < pfn)
			pfn = b;
		order++;
	}
	area_add(pfn, page_from_pfn(pfn), order);
	/*@ assert final: free_head(pfn) && tails_free(pfn, pow2(order)); */
	return true;
}

/*
 * Free @count pages from @pfn as the largest aligned blocks they allow;
 * false at the first block free_block_locked() refuses.
 */
/*@
  requires inv: buddy_inv;
  requires pfn + count <= PAGE_PFN_LIMIT;
  assigns counts, zone_free[0 .. FRAME_PAGE_ZONES - 1],
	  areas[0 .. BUDDY_ORDERS - 1],
	  { page_at(q)->node | integer q },
	  { page_at(q)->kind | integer q },
	  { page_at(q)->order | integer q };
  ensures inv: buddy_inv;
*/
static bool free_range_locked(uint64_t pfn, uint64_t count)
{
	/*@
	  loop invariant inv: buddy_inv;
	  loop invariant pfn + count == \at(pfn, Pre) + \at(count, Pre);
	  loop assigns pfn, count, counts, zone_free[0 .. FRAME_PAGE_ZONES - 1],
	    areas[0 .. BUDDY_ORDERS - 1],
	    { page_at(q)->node | integer q },
	    { page_at(q)->kind | integer q },
	    { page_at(q)->order | integer q };
	  loop variant count;
	*/
	while (count) {
		uint64_t start = pfn;
		unsigned int order = buddy_range_next(&pfn, &count);

		if (!free_block_locked(start, order))
			return false;
	}
	return true;
}

/* What alloc_locked() returns when no block is large enough: not a frame. */
#define NO_BLOCK PAGE_PFN_LIMIT

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
  assigns counts, zone_free[0 .. FRAME_PAGE_ZONES - 1],
	  areas[0 .. BUDDY_ORDERS - 1],
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
	  loop assigns o, counts, zone_free[0 .. FRAME_PAGE_ZONES - 1],
	    areas[0 .. BUDDY_ORDERS - 1],
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
		area_add(half, page_from_pfn(half), o);
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
	for (uint64_t i = 1; i < order_size[order]; i++)
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
 * its order. Returns its frame number; NO_BLOCK when there is none.
 */
/*@
  requires inv: buddy_inv;
  requires order <= FRAME_PAGE_MAX_ORDER;
  assigns counts, zone_free[0 .. FRAME_PAGE_ZONES - 1],
	  areas[0 .. BUDDY_ORDERS - 1],
	  { page_at(q)->node | integer q },
	  { page_at(q)->kind | integer q };
  ensures inv: buddy_inv;
  ensures none: \result == NO_BLOCK ||
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
		return NO_BLOCK;
	/*@ assert was_free: \forall integer q; head <= q < head + pow2(o) ==>
	      free_page(q); */
	area_del(head, page_from_pfn(head));
	/*@ assert frames: pow2(o) == 1 ? page_at(head) != \null :
	      page_at(head + pow2(o) - 1) != \null; */
	return head;
}

/*
 * Take a free block of 2^@order pages, splitting a larger one, and give
 * its pages their kinds: @kind for the first, PAGE_TAIL for the others.
 * Returns its frame number; NO_BLOCK when no block is large enough.
 * Proved: the block is aligned to @order, every page of it was free and
 * none is now, no page that was not free changes, and the invariant holds
 * after. So two allocated blocks never overlap: a block's pages stay out
 * of the free blocks until free_block_locked() takes them back.
 */
/*@
  requires inv: buddy_inv;
  requires order <= FRAME_PAGE_MAX_ORDER;
  requires kind: taken_kind(kind);
  assigns counts, zone_free[0 .. FRAME_PAGE_ZONES - 1],
	  areas[0 .. BUDDY_ORDERS - 1],
	  { page_at(q)->node | integer q },
	  { page_at(q)->kind | integer q },
	  { page_at(q)->order | integer q };
  ensures inv: buddy_inv;
  ensures block: \result != NO_BLOCK ==> page_at(\result) != \null &&
    \result % pow2(order) == 0 && page_at(\result)->order == order &&
    page_at(\result)->kind == kind;
  ensures were_free: \result != NO_BLOCK ==> \forall integer q;
    \result <= q < \result + pow2(order) ==> \at(free_page(q), Pre);
  ensures taken: \result != NO_BLOCK ==> \forall integer q;
    \result <= q < \result + pow2(order) ==>
      page_at(q) != \null && !free_page(q);
  ensures only_free: \forall integer q; page_at(q) != \null &&
    !\at(free_page(q), Pre) ==>
      page_at(q)->kind == \at(page_at(q)->kind, Pre) &&
      page_at(q)->order == \at(page_at(q)->order, Pre);
*/
static uint64_t alloc_locked(unsigned int order, enum page_kind kind)
{
	uint64_t head = take_first(order);
	struct frame_page *page;

	if (head == NO_BLOCK)
		return NO_BLOCK;
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

/* Whether @kind is one alloc_locked() may give: taken_kind above. */
static bool kind_taken(enum page_kind kind)
{
	return kind == PAGE_BLOCK || kind == PAGE_SLAB || kind == PAGE_LARGE ||
	       kind == PAGE_TABLE || kind == PAGE_SPACE;
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
	BUG_ON(!kind_taken(kind));
	flags = frame_spin_lock_irqsave(&buddy_lock);
	pfn = alloc_locked(order, kind);
	frame_spin_unlock_irqrestore(&buddy_lock, flags);
	if (pfn == NO_BLOCK)
		return NULL;
	page = page_from_pfn(pfn);
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
	BUG_ON(!kind_taken(kind));
	order = buddy_order_for(npages);
	flags = frame_spin_lock_irqsave(&buddy_lock);
	pfn = alloc_locked(order, kind);
	/* The pages past @npages were just allocated: never refused. */
	if (pfn != NO_BLOCK && npages < 1ull << order &&
	    !free_range_locked(pfn + npages, (1ull << order) - npages))
		frame_panic("buddy: could not return a split-off range");
	frame_spin_unlock_irqrestore(&buddy_lock, flags);
	if (pfn == NO_BLOCK)
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
