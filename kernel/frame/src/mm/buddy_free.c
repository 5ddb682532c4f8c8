/* SPDX-License-Identifier: MIT */
/* The buddy allocator's free path: merging, refusals, the ranges at boot. */
#include <frame/compiler.h>
#include <frame/panic.h>

#include "mm/buddy_model.h"

/* Whether the free may take every page of the @size pages at @pfn. */
/*@
  requires pfn + size <= PAGE_PFN_LIMIT;
  assigns \nothing;
  ensures taken: \result <==> \forall integer q; pfn <= q < pfn + size ==>
	  takes(q, boot);
  ensures not_free: \result ==> \forall integer q; pfn <= q < pfn + size ==>
	  page_at(q) != \null && !free_page(q);
*/
static bool block_takes(uint64_t pfn, uint64_t size, bool boot)
{
	/*@
	  loop invariant 0 <= i <= size;
	  loop invariant \forall integer q; pfn <= q < pfn + i ==>
			 takes(q, boot);
	  loop invariant \forall integer q; pfn <= q < pfn + i ==>
			 page_at(q) != \null && !free_page(q);
	  loop assigns i;
	  loop variant size - i;
	*/
	for (uint64_t i = 0; i < size; i++) {
		const struct frame_page *page = page_from_pfn(pfn + i);

		if (!page)
			return false;
		if (boot ? page->kind != PAGE_RESERVED
			 : page->kind < PAGE_BLOCK || page->kind > PAGE_SPACE)
			return false;
	}
	return true;
}

/*
 * Free the block of 2^@order pages at @pfn, merging it with free buddies.
 * False, found before anything is changed, when a page of it is one the
 * free may not take (takes: at @boot only PAGE_RESERVED pages, after it
 * only allocated ones; never a free page, a double free, nor one that is
 * not RAM): the caller panics once it has let go of the lock. Proved:
 * false exactly then, the invariant holds after, the block put on a free
 * list is aligned to its order and covers the pages freed, now all free,
 * and no other page changed kind unless it was free (kept).
 */
/*@
  requires inv: buddy_inv;
  requires order <= FRAME_PAGE_MAX_ORDER;
  requires pfn % pow2(order) == 0;
  requires pfn + pow2(order) <= PAGE_PFN_LIMIT;
  assigns buddy_free_counts, buddy_zone_free[0 .. FRAME_PAGE_ZONES - 1],
	  buddy_areas[0 .. BUDDY_ORDERS - 1],
	  { page_at(q)->node | integer q },
	  { page_at(q)->kind | integer q },
	  { page_at(q)->order | integer q };
  ensures inv: buddy_inv;
  ensures kept: kept{Pre, Post}(\old(pfn), pow2(\old(order)));
  ensures reserved: !\old(boot) ==> reserved_stay{Pre, Post};
  behavior refused:
    assumes \exists integer q; pfn <= q < pfn + pow2(order) &&
	    !takes(q, boot);
    ensures !\result;
  behavior freed:
    assumes \forall integer q; pfn <= q < pfn + pow2(order) ==>
	    takes(q, boot);
    ensures \result;
    ensures now_free: \forall integer q;
	    \old(pfn) <= q < \old(pfn) + pow2(\old(order)) ==> free_page(q);
  complete behaviors;
  disjoint behaviors;
*/
bool buddy_free_block_locked(uint64_t pfn, unsigned int order, bool boot)
{
	uint64_t size = buddy_order_size[order];
	struct frame_page *page;

	if (!block_takes(pfn, size, boot))
		return false;
	/*@ assert not_reserved: boot == 0 ==> \forall integer q;
	      pfn <= q < pfn + size ==> page_at(q)->kind != PAGE_RESERVED; */
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
	  loop invariant kept: kept{Pre, Here}(pfn, size);
	  loop assigns i, page,
	    { page_at(q)->kind | integer q; pfn <= q < pfn + size };
	  loop variant size - i;
	*/
	for (uint64_t i = 0; i < size; i++) {
		page = page_from_pfn(pfn + i);
		page->kind = PAGE_FREE_TAIL;
	}
	/* The state the merging starts from, named for the proofs. */
merge: __attribute__((unused));
	/*@
	  loop invariant inv: buddy_inv;
	  loop invariant order_bound: \at(order, Pre) <= order <= FRAME_PAGE_MAX_ORDER;
	  loop invariant aligned: pfn % pow2(order) == 0;
	  loop invariant frames: pfn + pow2(order) <= PAGE_PFN_LIMIT;
	  loop invariant covers: pfn <= \at(pfn, Pre) &&
	    \at(pfn, Pre) + pow2(\at(order, Pre)) <= pfn + pow2(order);
	  loop invariant loose: loose(pfn, pow2(order));
	  loop invariant apart: apart(pfn, pow2(order));
	  loop invariant kept: \forall integer q; !\at(free_page(q), merge) ==>
	    page_at(q)->kind == \at(page_at(q)->kind, merge);
	  loop assigns pfn, order, buddy_free_counts,
	    buddy_zone_free[0 .. FRAME_PAGE_ZONES - 1],
	    buddy_areas[0 .. BUDDY_ORDERS - 1],
	    { page_at(q)->node | integer q },
	    { page_at(q)->kind | integer q };
	  loop variant FRAME_PAGE_MAX_ORDER - order;
	*/
	while (order < FRAME_PAGE_MAX_ORDER) {
		uint64_t b = buddy_of(pfn, order);
		struct frame_page *buddy = page_from_pfn(b);

		if (!buddy || buddy->kind != PAGE_FREE || buddy->order != order)
			break;
		/*@ assert b_was: \let x = b; \at(free_page(x), merge); */
		buddy_area_del(b, buddy);
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
	/*@ assert head_was: \let x = pfn; \at(free_page(x), merge); */
	buddy_area_add(pfn, page_from_pfn(pfn), order);
	/*@ assert final: free_head(pfn) && tails_free(pfn, pow2(order)); */
	/*@ assert merged: \forall integer q; !\at(free_page(q), merge) ==>
	      page_at(q)->kind == \at(page_at(q)->kind, merge); */
	/*@ assert kept: kept{Pre, Here}(\at(pfn, Pre), pow2(\at(order, Pre))); */
	/*@ assert reserved: boot == 0 ==> reserved_stay{Pre, Here}; */
	return true;
}

/*
 * Free @count pages from @pfn as the largest aligned blocks they allow
 * (@boot as buddy_free_block_locked()); false at the first block it refuses.
 * Proved: the invariant holds after, and no page outside the range
 * changed kind unless it was free, nor, after boot, a PAGE_RESERVED one.
 */
/*@
  requires inv: buddy_inv;
  requires pfn + count <= PAGE_PFN_LIMIT;
  assigns buddy_free_counts, buddy_zone_free[0 .. FRAME_PAGE_ZONES - 1],
	  buddy_areas[0 .. BUDDY_ORDERS - 1],
	  { page_at(q)->node | integer q },
	  { page_at(q)->kind | integer q },
	  { page_at(q)->order | integer q };
  ensures inv: buddy_inv;
  ensures kept: kept{Pre, Post}(\old(pfn), \old(count));
  ensures reserved: !\old(boot) ==> reserved_stay{Pre, Post};
*/
bool buddy_free_range_locked(uint64_t pfn, uint64_t count, bool boot)
{
	/*@
	  loop invariant inv: buddy_inv;
	  loop invariant pfn + count == \at(pfn, Pre) + \at(count, Pre);
	  loop invariant \at(pfn, Pre) <= pfn;
	  loop invariant kept: kept{Pre, Here}(\at(pfn, Pre), \at(count, Pre));
	  loop invariant reserved: !boot ==> reserved_stay{Pre, Here};
	  loop assigns pfn, count, buddy_free_counts,
	    buddy_zone_free[0 .. FRAME_PAGE_ZONES - 1],
	    buddy_areas[0 .. BUDDY_ORDERS - 1],
	    { page_at(q)->node | integer q },
	    { page_at(q)->kind | integer q },
	    { page_at(q)->order | integer q };
	  loop variant count;
	*/
	while (count) {
		uint64_t start = pfn;
		unsigned int order = buddy_range_next(&pfn, &count);
		bool freed = buddy_free_block_locked(start, order, boot);

		/*@ assert kept: kept{Pre, Here}(\at(pfn, Pre), \at(count, Pre)); */
		/*@ assert reserved: !boot ==> reserved_stay{Pre, Here}; */
		if (!freed)
			return false;
	}
	return true;
}

/*
 * Hand the bytes [@start, @end), a range of phys_layout.free, to the free
 * lists at boot: false when they are not whole pages below 2^52 frames,
 * or a page of them is refused (not RAM, not PAGE_RESERVED: freed twice).
 */
/*@
  requires inv: buddy_inv;
  assigns buddy_free_counts, buddy_zone_free[0 .. FRAME_PAGE_ZONES - 1],
	  buddy_areas[0 .. BUDDY_ORDERS - 1],
	  { page_at(q)->node | integer q },
	  { page_at(q)->kind | integer q },
	  { page_at(q)->order | integer q };
  ensures inv: buddy_inv;
  ensures placed: \forall integer q; page_at(q) != \null &&
	  page_at(q)->kind != PAGE_RESERVED ==>
	  page_in(start, end, q) || \old(page_at(q)->kind) != PAGE_RESERVED;
*/
static bool free_boot_range_locked(uint64_t start, uint64_t end)
{
	uint64_t pfn, n;
	bool freed;

	if (start % MM_PAGE_SIZE || end % MM_PAGE_SIZE || end < start ||
	    end / MM_PAGE_SIZE > PAGE_PFN_LIMIT)
		return false;
	pfn = start / MM_PAGE_SIZE;
	n = (end - start) / MM_PAGE_SIZE;
	/*@ assert whole: pfn * MM_PAGE_SIZE == start &&
	      (pfn + n) * MM_PAGE_SIZE == end; */
	/*@ assert in_range: \forall integer q; pfn <= q < pfn + n ==>
	      page_in(start, end, q); */
	freed = buddy_free_range_locked(pfn, n, true);
	/*@ assert changed: \forall integer q; page_at(q) != \null &&
	      page_at(q)->kind != PAGE_RESERVED ==>
	      (pfn <= q < pfn + n) ||
	      \at(page_at(q)->kind, Pre) != PAGE_RESERVED; */
	return freed;
}

/*
 * Hand the pages of phys_layout.free to the free lists, at boot, while
 * every page is still PAGE_RESERVED (page_meta_init() zeroed them all).
 * Returns the index of the first range free_boot_range_locked() refused,
 * which buddy_init() panics at, or the number of ranges. Proved: the
 * invariant holds after, every page that is not PAGE_RESERVED (so every
 * free page) lies in a range of phys_layout.free, and, those being apart
 * from the reserved ranges (what phys_init()'s phys_range_subtract()
 * proves), every page with a byte in a reserved range is PAGE_RESERVED:
 * neither free nor to be allocated. Allocation, which takes only free
 * pages, and the runtime free, which refuses PAGE_RESERVED pages
 * (reserved_stay), keep that.
 */
/*@
  requires none_free: \forall integer q; page_at(q) != \null ==>
	   page_at(q)->kind == PAGE_RESERVED;
  requires counts: counts_ok(&buddy_free_counts);
  requires phys_layout.free.count <= PHYS_RANGES_MAX;
  requires apart: \forall integer c; 0 <= c < phys_layout.reserved.count ==>
	   apart(&phys_layout.free, phys_layout.reserved.r[c].start,
		 phys_layout.reserved.r[c].end);
  assigns buddy_free_counts, buddy_zone_free[0 .. FRAME_PAGE_ZONES - 1],
	  buddy_areas[0 .. BUDDY_ORDERS - 1],
	  { page_at(q)->node | integer q },
	  { page_at(q)->kind | integer q },
	  { page_at(q)->order | integer q };
  ensures \result <= phys_layout.free.count;
  ensures inv: buddy_inv;
  ensures in_free: \forall integer q; free_page(q) ==>
	  \exists integer j; 0 <= j < phys_layout.free.count &&
	  page_in(phys_layout.free.r[j].start, phys_layout.free.r[j].end, q);
  ensures reserved: \forall integer q, c; page_at(q) != \null &&
	  0 <= c < phys_layout.reserved.count &&
	  meets(phys_layout.reserved.r[c].start, phys_layout.reserved.r[c].end,
		q * MM_PAGE_SIZE, q * MM_PAGE_SIZE + MM_PAGE_SIZE) ==>
	  page_at(q)->kind == PAGE_RESERVED;
*/
size_t buddy_free_boot_ranges_locked(void)
{
	const struct phys_range_set *free = &phys_layout.free;
	size_t bad = free->count;

	/*@ assert no_heads: \forall integer h; !free_head(h); */
	/*@ assert ranges_apart: \forall integer c, k;
	      0 <= c < phys_layout.reserved.count &&
	      0 <= k < phys_layout.free.count ==>
	      !meets(phys_layout.free.r[k].start, phys_layout.free.r[k].end,
		     phys_layout.reserved.r[c].start,
		     phys_layout.reserved.r[c].end); */
	/*@ assert pages_apart: \forall integer q, j, c;
	      0 <= j < phys_layout.free.count &&
	      page_in(phys_layout.free.r[j].start, phys_layout.free.r[j].end,
		      q) &&
	      0 <= c < phys_layout.reserved.count ==>
	      !meets(phys_layout.reserved.r[c].start,
		     phys_layout.reserved.r[c].end,
		     q * MM_PAGE_SIZE, q * MM_PAGE_SIZE + MM_PAGE_SIZE); */
	/*
	 * A refused range does not stop the loop: the caller panics at the
	 * first, and one exit keeps the proof simple.
	 */
	/*@
	  loop invariant 0 <= i <= free->count;
	  loop invariant bad <= free->count;
	  loop invariant inv: buddy_inv;
	  loop invariant placed: \forall integer q; page_at(q) != \null &&
	    page_at(q)->kind != PAGE_RESERVED ==>
	    \exists integer j; 0 <= j < phys_layout.free.count &&
	    page_in(phys_layout.free.r[j].start, phys_layout.free.r[j].end, q);
	  loop assigns i, bad, buddy_free_counts,
	    buddy_zone_free[0 .. FRAME_PAGE_ZONES - 1],
	    buddy_areas[0 .. BUDDY_ORDERS - 1],
	    { page_at(q)->node | integer q },
	    { page_at(q)->kind | integer q },
	    { page_at(q)->order | integer q };
	  loop variant free->count - i;
	*/
	for (size_t i = 0; i < free->count; i++) {
		if (!free_boot_range_locked(free->r[i].start, free->r[i].end) &&
		    bad == free->count)
			bad = i;
	}
	/*@ assert reserved: \forall integer q, c; page_at(q) != \null &&
	      0 <= c < phys_layout.reserved.count &&
	      meets(phys_layout.reserved.r[c].start,
		    phys_layout.reserved.r[c].end,
		    q * MM_PAGE_SIZE, q * MM_PAGE_SIZE + MM_PAGE_SIZE) ==>
	      page_at(q)->kind == PAGE_RESERVED; */
	return bad;
}

