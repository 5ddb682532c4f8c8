/* SPDX-License-Identifier: MIT */
/* The buddy allocator's arithmetic and counters, and their contracts. */
#ifndef MM_BUDDY_LOGIC_H
#define MM_BUDDY_LOGIC_H

#include <frame/compiler.h>
#include <frame/page.h>
#include <frame/types.h>

/*
 * What buddy.c decides without touching a page: which order a block gets,
 * where its buddy lies, which zone holds it, and the counters of the free
 * lists. Each function carries an ACSL contract that `osdk prove` proves
 * (docs/prove.md), so the allocator's bookkeeping holds by proof and not
 * only by test. The proofs are sequential: the callers hold buddy_lock.
 *
 * The sums below are written out for the eleven orders rather than as a
 * recursive definition, so that the provers need linear arithmetic only;
 * BUILD_BUG_ON in buddy_logic.c keeps them in step with the order limit.
 */
#define BUDDY_ORDERS (FRAME_PAGE_MAX_ORDER + 1)

/* The zones' bounds in pages: 16 MiB and 4 GiB. */
#define BUDDY_DMA_END_PFN   (1ull << 12)
#define BUDDY_DMA32_END_PFN (1ull << 20)

/* Free blocks per order and the free pages they hold, under buddy_lock. */
struct buddy_counts {
	uint64_t free_pages;
	uint64_t blocks[BUDDY_ORDERS];
};

/*@
  // 2^k for the orders and one above; written out, so that the provers
  // read a constant for a constant k.
  logic integer pow2(integer k) =
    k <= 0 ? 1 : k == 1 ? 2 : k == 2 ? 4 : k == 3 ? 8 : k == 4 ? 16 :
    k == 5 ? 32 : k == 6 ? 64 : k == 7 ? 128 : k == 8 ? 256 :
    k == 9 ? 512 : k == 10 ? 1024 : 2048;

  logic integer block_pages(uint64_t *b) =
    b[0] + 2 * b[1] + 4 * b[2] + 8 * b[3] + 16 * b[4] + 32 * b[5] +
    64 * b[6] + 128 * b[7] + 256 * b[8] + 512 * b[9] + 1024 * b[10];

  // The free-page count is the sum over the free lists.
  predicate counts_ok(struct buddy_counts *c) =
    c->free_pages == block_pages(&c->blocks[0]);

*/

/*
 * buddy_fit_order() - the order of the largest block that starts at @pfn,
 * is aligned to its size and holds at most @count pages
 */
/*@
  requires count >= 1;
  assigns \nothing;
  ensures order_bound: \result <= FRAME_PAGE_MAX_ORDER;
  ensures aligned: pfn % pow2(\result) == 0;
  ensures fits: pow2(\result) <= count;
  ensures largest: \result == FRAME_PAGE_MAX_ORDER ||
		   pfn % pow2(\result + 1) != 0 || pow2(\result + 1) > count;
*/
unsigned int buddy_fit_order(uint64_t pfn, uint64_t count);

/*
 * buddy_order_for() - the smallest order whose block holds @npages pages
 */
/*@
  requires 1 <= npages <= pow2(FRAME_PAGE_MAX_ORDER);
  assigns \nothing;
  ensures order_bound: \result <= FRAME_PAGE_MAX_ORDER;
  ensures holds: pow2(\result) >= npages;
  ensures smallest: \result == 0 || pow2(\result - 1) < npages;
*/
unsigned int buddy_order_for(uint64_t npages);

/*
 * buddy_of() - the first page of the other half of the block of order
 * @order + 1 that holds the block of order @order at @pfn. The lower of
 * the two halves is where the block of order @order + 1 starts: the block
 * the two make when they merge.
 */
/*@
  requires order < FRAME_PAGE_MAX_ORDER;
  requires pfn % pow2(order) == 0;
  requires pfn <= 0xffffffffffffffff - pow2(order);
  assigns \nothing;
  ensures adjacent: \result == pfn + pow2(order) ||
		    \result == pfn - pow2(order);
  behavior order_0:
    assumes order == 0;
    ensures merged: \result < pfn ==> \result % 2 == 0;
    ensures merged_up: pfn < \result ==> pfn % 2 == 0;
    ensures aligned: \result % 1 == 0;
    ensures same_parent: \result / 2 == pfn / 2;
  behavior order_1:
    assumes order == 1;
    ensures merged: \result < pfn ==> \result % 4 == 0;
    ensures merged_up: pfn < \result ==> pfn % 4 == 0;
    ensures aligned: \result % 2 == 0;
    ensures same_parent: \result / 4 == pfn / 4;
  behavior order_2:
    assumes order == 2;
    ensures merged: \result < pfn ==> \result % 8 == 0;
    ensures merged_up: pfn < \result ==> pfn % 8 == 0;
    ensures aligned: \result % 4 == 0;
    ensures same_parent: \result / 8 == pfn / 8;
  behavior order_3:
    assumes order == 3;
    ensures merged: \result < pfn ==> \result % 16 == 0;
    ensures merged_up: pfn < \result ==> pfn % 16 == 0;
    ensures aligned: \result % 8 == 0;
    ensures same_parent: \result / 16 == pfn / 16;
  behavior order_4:
    assumes order == 4;
    ensures merged: \result < pfn ==> \result % 32 == 0;
    ensures merged_up: pfn < \result ==> pfn % 32 == 0;
    ensures aligned: \result % 16 == 0;
    ensures same_parent: \result / 32 == pfn / 32;
  behavior order_5:
    assumes order == 5;
    ensures merged: \result < pfn ==> \result % 64 == 0;
    ensures merged_up: pfn < \result ==> pfn % 64 == 0;
    ensures aligned: \result % 32 == 0;
    ensures same_parent: \result / 64 == pfn / 64;
  behavior order_6:
    assumes order == 6;
    ensures merged: \result < pfn ==> \result % 128 == 0;
    ensures merged_up: pfn < \result ==> pfn % 128 == 0;
    ensures aligned: \result % 64 == 0;
    ensures same_parent: \result / 128 == pfn / 128;
  behavior order_7:
    assumes order == 7;
    ensures merged: \result < pfn ==> \result % 256 == 0;
    ensures merged_up: pfn < \result ==> pfn % 256 == 0;
    ensures aligned: \result % 128 == 0;
    ensures same_parent: \result / 256 == pfn / 256;
  behavior order_8:
    assumes order == 8;
    ensures merged: \result < pfn ==> \result % 512 == 0;
    ensures merged_up: pfn < \result ==> pfn % 512 == 0;
    ensures aligned: \result % 256 == 0;
    ensures same_parent: \result / 512 == pfn / 512;
  behavior order_9:
    assumes order == 9;
    ensures merged: \result < pfn ==> \result % 1024 == 0;
    ensures merged_up: pfn < \result ==> pfn % 1024 == 0;
    ensures aligned: \result % 512 == 0;
    ensures same_parent:
      \result / 1024 == pfn / 1024;
  complete behaviors;
  disjoint behaviors;
*/
uint64_t buddy_of(uint64_t pfn, unsigned int order);

/*
 * buddy_split() - the first page of the upper half of the block of order
 * @order at @pfn: the block that splitting it puts back on a free list
 */
/*@
  requires 1 <= order <= FRAME_PAGE_MAX_ORDER;
  requires pfn % pow2(order) == 0;
  requires pfn <= 0xffffffffffffffff - pow2(order);
  assigns \nothing;
  ensures half: \result == pfn + pow2(order - 1);
  behavior order_1:
    assumes order == 1;
    ensures aligned: pfn % 1 == 0 && \result % 1 == 0;
  behavior order_2:
    assumes order == 2;
    ensures aligned: pfn % 2 == 0 && \result % 2 == 0;
  behavior order_3:
    assumes order == 3;
    ensures aligned: pfn % 4 == 0 && \result % 4 == 0;
  behavior order_4:
    assumes order == 4;
    ensures aligned: pfn % 8 == 0 && \result % 8 == 0;
  behavior order_5:
    assumes order == 5;
    ensures aligned: pfn % 16 == 0 && \result % 16 == 0;
  behavior order_6:
    assumes order == 6;
    ensures aligned: pfn % 32 == 0 && \result % 32 == 0;
  behavior order_7:
    assumes order == 7;
    ensures aligned: pfn % 64 == 0 && \result % 64 == 0;
  behavior order_8:
    assumes order == 8;
    ensures aligned: pfn % 128 == 0 && \result % 128 == 0;
  behavior order_9:
    assumes order == 9;
    ensures aligned: pfn % 256 == 0 && \result % 256 == 0;
  behavior order_10:
    assumes order == 10;
    ensures aligned: pfn % 512 == 0 && \result % 512 == 0;
  complete behaviors;
  disjoint behaviors;
*/
uint64_t buddy_split(uint64_t pfn, unsigned int order);

/* buddy_zone_of() - the zone of the page at @pfn */
/*@
  assigns \nothing;
  ensures \result < FRAME_PAGE_ZONES;
  ensures pfn < BUDDY_DMA_END_PFN ==> \result == FRAME_PAGE_ZONE_DMA;
  ensures BUDDY_DMA_END_PFN <= pfn < BUDDY_DMA32_END_PFN ==>
	  \result == FRAME_PAGE_ZONE_DMA32;
  ensures pfn >= BUDDY_DMA32_END_PFN ==> \result == FRAME_PAGE_ZONE_HIGH;
*/
enum frame_page_zone buddy_zone_of(uint64_t pfn);

/*
 * buddy_range_next() - cut the next block off the free range [*@pfn,
 * *@pfn + *@count): its order, with the range advanced past it. The
 * blocks a range is cut into tile it exactly, so buddy_init() hands the
 * allocator every page of phys_layout.free and nothing else: never a page
 * of a reserved range (the kernel image, the boot modules, low memory).
 */
/*@
  requires \valid(pfn) && \valid(count) && \separated(pfn, count);
  requires *count >= 1;
  requires *pfn + *count <= 0xffffffffffffffff;
  assigns *pfn, *count;
  ensures order_bound: \result <= FRAME_PAGE_MAX_ORDER;
  ensures aligned: \old(*pfn) % pow2(\result) == 0;
  ensures inside: \old(*pfn) + pow2(\result) <= \old(*pfn) + \old(*count);
  ensures advanced: *pfn == \old(*pfn) + pow2(\result);
  ensures rest: *count == \old(*count) - pow2(\result);
  ensures same_end: *pfn + *count == \old(*pfn) + \old(*count);
*/
unsigned int buddy_range_next(uint64_t *pfn, uint64_t *count);

/* buddy_counts_init() - no free block yet */
/*@
  requires \valid(c);
  assigns *c;
  ensures counts_ok(c);
  ensures c->free_pages == 0;
*/
void buddy_counts_init(struct buddy_counts *c);

/*
 * buddy_count_add() - a block of @order joined its free list. The caller
 * keeps the counts below 2^54, which no machine's memory reaches.
 */
/*@
  requires \valid(c) && counts_ok(c);
  requires order <= FRAME_PAGE_MAX_ORDER;
  requires c->free_pages < 0x40000000000000;
  assigns c->free_pages, c->blocks[order];
  ensures c->blocks[order] == \old(c->blocks[order]) + 1;
  ensures c->free_pages == \old(c->free_pages) + pow2(order);
  behavior order_0:
    assumes order == 0;
    ensures counts_ok(c);
  behavior order_1:
    assumes order == 1;
    ensures counts_ok(c);
  behavior order_2:
    assumes order == 2;
    ensures counts_ok(c);
  behavior order_3:
    assumes order == 3;
    ensures counts_ok(c);
  behavior order_4:
    assumes order == 4;
    ensures counts_ok(c);
  behavior order_5:
    assumes order == 5;
    ensures counts_ok(c);
  behavior order_6:
    assumes order == 6;
    ensures counts_ok(c);
  behavior order_7:
    assumes order == 7;
    ensures counts_ok(c);
  behavior order_8:
    assumes order == 8;
    ensures counts_ok(c);
  behavior order_9:
    assumes order == 9;
    ensures counts_ok(c);
  behavior order_10:
    assumes order == 10;
    ensures counts_ok(c);
  complete behaviors;
  disjoint behaviors;
*/
void buddy_count_add(struct buddy_counts *c, unsigned int order);

/* buddy_count_del() - a block of @order, on its free list, left it */
/*@
  requires \valid(c) && counts_ok(c);
  requires order <= FRAME_PAGE_MAX_ORDER;
  requires c->blocks[order] >= 1;
  assigns c->free_pages, c->blocks[order];
  ensures c->blocks[order] == \old(c->blocks[order]) - 1;
  behavior order_0:
    assumes order == 0;
    ensures counts_ok(c);
    ensures c->free_pages == \old(c->free_pages) - 1;
  behavior order_1:
    assumes order == 1;
    ensures counts_ok(c);
    ensures c->free_pages == \old(c->free_pages) - 2;
  behavior order_2:
    assumes order == 2;
    ensures counts_ok(c);
    ensures c->free_pages == \old(c->free_pages) - 4;
  behavior order_3:
    assumes order == 3;
    ensures counts_ok(c);
    ensures c->free_pages == \old(c->free_pages) - 8;
  behavior order_4:
    assumes order == 4;
    ensures counts_ok(c);
    ensures c->free_pages == \old(c->free_pages) - 16;
  behavior order_5:
    assumes order == 5;
    ensures counts_ok(c);
    ensures c->free_pages == \old(c->free_pages) - 32;
  behavior order_6:
    assumes order == 6;
    ensures counts_ok(c);
    ensures c->free_pages == \old(c->free_pages) - 64;
  behavior order_7:
    assumes order == 7;
    ensures counts_ok(c);
    ensures c->free_pages == \old(c->free_pages) - 128;
  behavior order_8:
    assumes order == 8;
    ensures counts_ok(c);
    ensures c->free_pages == \old(c->free_pages) - 256;
  behavior order_9:
    assumes order == 9;
    ensures counts_ok(c);
    ensures c->free_pages == \old(c->free_pages) - 512;
  behavior order_10:
    assumes order == 10;
    ensures counts_ok(c);
    ensures c->free_pages == \old(c->free_pages) - 1024;
  complete behaviors;
  disjoint behaviors;
*/
void buddy_count_del(struct buddy_counts *c, unsigned int order);

#endif /* MM_BUDDY_LOGIC_H */
