/* SPDX-License-Identifier: MIT */
/* The buddy allocator's state under its lock, and the model its proofs use. */
#ifndef MM_BUDDY_MODEL_H
#define MM_BUDDY_MODEL_H

#include <frame/types.h>

#include "lib/list.h"
#include "mm/buddy_logic.h"
#include "mm/page_meta.h"
#include "mm/phys.h"

/*
 * For buddy*.c only. The allocator is four files: buddy.c (the lock and
 * the functions the rest of mm/ calls), buddy_area.c (the free lists),
 * buddy_free.c (freeing, and handing the free ranges over at boot) and
 * buddy_alloc.c (allocating). Everything here is guarded by buddy.c's
 * lock. The arithmetic (orders, buddies, zones) and the counters live in
 * buddy_logic.c, whose contracts `osdk prove` proves:
 * @buddy_free_counts.free_pages is always the sum over the free lists,
 * each @buddy_free_counts.blocks[o] the length of @buddy_areas[o].
 */
extern struct list_node buddy_areas[BUDDY_ORDERS];
extern struct buddy_counts buddy_free_counts;
extern size_t buddy_zone_free[FRAME_PAGE_ZONES];

/* 2^order, by table: the provers know a constant array, not shifts. */
static const uint64_t buddy_order_size[BUDDY_ORDERS] = {
	1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024,
};

/* What buddy_alloc_locked() returns when no block is large enough. */
#define BUDDY_NO_BLOCK PAGE_PFN_LIMIT

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

  // What buddy_alloc_locked() makes the first page of a block it hands out.
  predicate taken_kind(integer k) = k == PAGE_BLOCK || k == PAGE_SLAB ||
    k == PAGE_LARGE || k == PAGE_TABLE || k == PAGE_SPACE;

  // The invariant under buddy_lock: every free block is aligned to its
  // order, its other pages are free tails (so no free block starts inside
  // another), and the free-page count is the sum over the orders.
  predicate buddy_inv = counts_ok(&buddy_free_counts) &&
    \forall integer p; free_head(p) ==> block_ok(p);

  // Free blocks never overlap.
  lemma heads_apart: buddy_inv ==> \forall integer a, b;
    free_head(a) && free_head(b) && a < b ==>
    a + pow2(page_at(a)->order) <= b;

  // The pages a free takes: at boot (buddy_init()), only the
  // PAGE_RESERVED pages page_meta_init() left; after it, only allocated
  // pages, never a reserved, free or non-RAM one.
  predicate takes(integer q, integer boot) =
    page_at(q) != \null &&
    ((boot != 0 && page_at(q)->kind == PAGE_RESERVED) ||
     (boot == 0 && PAGE_BLOCK <= page_at(q)->kind <= PAGE_SPACE));

  // From L1 to L2, a page outside [p, p + n) that was not free kept its
  // kind: only the pages freed, and free ones (merged), changed. So a
  // page free at L2 was free at L1 or lies in [p, p + n).
  predicate kept{L1, L2}(integer p, integer n) =
    \forall integer q; page_at(q) != \null && !(p <= q && q < p + n) &&
      !\at(free_page(q), L1) ==>
      \at(page_at(q)->kind, L2) == \at(page_at(q)->kind, L1);

  // From L1 to L2, every PAGE_RESERVED page stayed so.
  predicate reserved_stay{L1, L2} =
    \forall integer q; page_at(q) != \null &&
      \at(page_at(q)->kind, L1) == PAGE_RESERVED ==>
      \at(page_at(q)->kind, L2) == PAGE_RESERVED;

  // Page q lies wholly inside the bytes [s, e).
  predicate page_in(integer s, integer e, integer q) =
    s <= q * MM_PAGE_SIZE && q * MM_PAGE_SIZE + MM_PAGE_SIZE <= e;
*/

/* buddy_area_add() - make the loose block of 2^@order pages at @pfn (@page)
 * a free block */
/*@
  requires inv: buddy_inv;
  requires order <= FRAME_PAGE_MAX_ORDER;
  requires pfn % pow2(order) == 0;
  requires page == page_at(pfn) && \valid(page);
  requires loose(pfn, pow2(order));
  requires apart(pfn, pow2(order));
  assigns page->kind, page->order, buddy_free_counts,
	  buddy_zone_free[0 .. FRAME_PAGE_ZONES - 1],
	  buddy_areas[0 .. BUDDY_ORDERS - 1], page->node,
	  { page_at(q)->node | integer q };
  ensures inv: buddy_inv;
  ensures head: free_head(pfn) && page->order == order;
*/
void buddy_area_add(uint64_t pfn, struct frame_page *page, unsigned int order);

/* buddy_area_del() - take the free block at @pfn (@page) off its list: it
 * becomes loose */
/*@
  requires inv: buddy_inv;
  requires page == page_at(pfn) && \valid(page) && free_head(pfn);
  assigns page->kind, buddy_free_counts,
	  buddy_zone_free[0 .. FRAME_PAGE_ZONES - 1],
	  buddy_areas[0 .. BUDDY_ORDERS - 1], page->node,
	  { page_at(q)->node | integer q };
  ensures inv: buddy_inv;
  ensures block: page->order <= FRAME_PAGE_MAX_ORDER &&
		 pfn % pow2(page->order) == 0;
  ensures loose: loose(pfn, pow2(page->order));
  ensures apart: apart(pfn, pow2(page->order));
*/
void buddy_area_del(uint64_t pfn, struct frame_page *page);

/*
 * The allocator's work under the lock, proved (docs/prove.md), each
 * function's contract at its definition: buddy_alloc_locked() in
 * buddy_alloc.c, the others in buddy_free.c.
 */
uint64_t buddy_alloc_locked(unsigned int order, enum page_kind kind);
bool buddy_free_block_locked(uint64_t pfn, unsigned int order, bool boot);
bool buddy_free_range_locked(uint64_t pfn, uint64_t count, bool boot);
size_t buddy_free_boot_ranges_locked(void);

#endif /* MM_BUDDY_MODEL_H */
