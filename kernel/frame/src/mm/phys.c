/* SPDX-License-Identifier: MIT */
/* The physical memory layout from the memory map, and the boot allocator. */
#include "mm/phys.h"

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/string.h>

#include "boot/bootinfo.h"

struct phys_layout phys_layout;

/*
 * Close the gap of @n entries at @at: the entries after it move down.
 * Field by field rather than memmove(): the proof follows the fields,
 * which a byte copy would hide from it.
 */
/*@
  requires \valid(set) && set->count <= PHYS_RANGES_MAX;
  requires at + n <= set->count;
  assigns set->count, set->r[at .. PHYS_RANGES_MAX - 1];
  ensures set->count == \old(set->count) - n;
  ensures kept: \forall integer k; 0 <= k < at ==>
    set->r[k].start == \old(set->r[k].start) &&
    set->r[k].end == \old(set->r[k].end);
  ensures moved: \forall integer k; at <= k < set->count ==>
    set->r[k].start == \old(set->r[k + n].start) &&
    set->r[k].end == \old(set->r[k + n].end);
*/
static void ranges_close(struct phys_range_set *set, size_t at, size_t n)
{
	const size_t count = set->count;
	size_t k = at, from = at + n;

	/*@
	  loop invariant at <= k && from == k + n && from <= count;
	  loop invariant \forall integer q; 0 <= q < at ==>
	    set->r[q].start == \at(set->r[q].start, LoopEntry) &&
	    set->r[q].end == \at(set->r[q].end, LoopEntry);
	  loop invariant \forall integer q; at <= q < k ==>
	    set->r[q].start == \at(set->r[q + n].start, LoopEntry) &&
	    set->r[q].end == \at(set->r[q + n].end, LoopEntry);
	  loop invariant \forall integer q; k <= q < count ==>
	    set->r[q].start == \at(set->r[q].start, LoopEntry) &&
	    set->r[q].end == \at(set->r[q].end, LoopEntry);
	  loop assigns k, from, set->r[at .. PHYS_RANGES_MAX - 1];
	  loop variant count - from;
	*/
	for (; from < count; k++, from++) {
		set->r[k].start = set->r[from].start;
		set->r[k].end = set->r[from].end;
		/*@ assert set->r[k].start ==
		      \at(set->r[\at(from, Here)].start, LoopEntry) &&
		    set->r[k].end ==
		      \at(set->r[\at(from, Here)].end, LoopEntry); */
		/*@ assert \forall integer q; 0 <= q < k ==>
		      set->r[q].start == \at(set->r[q].start, LoopCurrent) &&
		      set->r[q].end == \at(set->r[q].end, LoopCurrent); */
	}
	set->count = k;
}

/* Open a gap of one entry at @at: the entries from it move up. */
/*@
  requires \valid(set) && set->count < PHYS_RANGES_MAX;
  requires at <= set->count;
  assigns set->count, set->r[at + 1 .. PHYS_RANGES_MAX - 1];
  ensures set->count == \old(set->count) + 1;
  ensures kept: \forall integer k; 0 <= k <= at ==>
    set->r[k].start == \old(set->r[k].start) &&
    set->r[k].end == \old(set->r[k].end);
  ensures moved: \forall integer k; at < k < set->count ==>
    set->r[k].start == \old(set->r[k - 1].start) &&
    set->r[k].end == \old(set->r[k - 1].end);
*/
static void ranges_open(struct phys_range_set *set, size_t at)
{
	const size_t count = set->count;

	/*@
	  loop invariant at <= k <= count;
	  loop invariant \forall integer q; 0 <= q <= k ==>
	    set->r[q].start == \at(set->r[q].start, LoopEntry) &&
	    set->r[q].end == \at(set->r[q].end, LoopEntry);
	  loop invariant \forall integer q; k < q <= count ==>
	    set->r[q].start == \at(set->r[q - 1].start, LoopEntry) &&
	    set->r[q].end == \at(set->r[q - 1].end, LoopEntry);
	  loop assigns k, set->r[at + 1 .. PHYS_RANGES_MAX - 1];
	  loop variant k - at;
	*/
	for (size_t k = count; k > at; k--) {
		set->r[k].start = set->r[k - 1].start;
		set->r[k].end = set->r[k - 1].end;
	}
	set->count = count + 1;
}

int phys_range_add(struct phys_range_set *set, uint64_t start, uint64_t end)
{
	size_t i = 0, j;

	if (start >= end)
		return 0;
	/* Skip ranges that end before @start, not even touching it. */
	/*@
	  loop invariant 0 <= i <= set->count;
	  loop assigns i;
	  loop variant set->count - i;
	*/
	while (i < set->count && set->r[i].end < start)
		i++;
	/* Swallow every range that overlaps or touches [start, end). */
	/*@
	  loop invariant i <= j <= set->count;
	  loop assigns j, start, end;
	  loop variant set->count - j;
	*/
	for (j = i; j < set->count && set->r[j].start <= end; j++) {
		start = MIN(start, set->r[j].start);
		end = MAX(end, set->r[j].end);
	}
	if (j == i) {
		if (set->count == PHYS_RANGES_MAX)
			return -ENOMEM;
		ranges_open(set, i);
	} else {
		ranges_close(set, i + 1, j - i - 1);
	}
	set->r[i] = (struct phys_range){ start, end };
	return 0;
}

/*@
  // The first @n ranges of @rs have no byte in common with [s, e).
  predicate cleared{L}(struct phys_range_set *rs, integer n, integer s,
                       integer e) =
    \forall integer k; 0 <= k < n ==>
      !meets(rs->r[k].start, rs->r[k].end, s, e);
*/

/*
 * The loop goes on past a split: in the sorted, disjoint sets phys.c
 * builds no later range can meet [start, end) then, and going on makes the
 * result hold of any set, which is what the proof needs.
 */
int phys_range_remove(struct phys_range_set *set, uint64_t start, uint64_t end)
{
	size_t i = 0;

	/*@
	  loop invariant 0 <= i <= set->count <= PHYS_RANGES_MAX;
	  loop invariant clear: cleared(set, i, start, end);
	  loop invariant shrunk: shrunk{Here, Pre}(set);
	  loop assigns i, set->count, set->r[0 .. PHYS_RANGES_MAX - 1];
	  loop variant set->count - i;
	*/
	while (i < set->count && start < end) {
		struct phys_range *r = &set->r[i];

		if (r->end <= start || r->start >= end) {
			i++;
			/*@ assert clear: cleared(set, i, start, end); */
		} else if (r->start >= start && r->end <= end) {
			/* Covered: drop it and look at the same slot again. */
			ranges_close(set, i, 1);
			/*@ assert shrunk{Here, LoopCurrent}(set); */
			/*@ assert clear: cleared(set, i, start, end); */
		} else if (r->start < start && r->end > end) {
			/* A hole in the middle: split in two. */
			if (set->count == PHYS_RANGES_MAX)
				return -ENOMEM;
			ranges_open(set, i);
			set->r[i].end = start;
			set->r[i + 1].start = end;
			/*@ assert shrunk{Here, LoopCurrent}(set); */
			i += 2;
			/*@ assert clear: cleared(set, i, start, end); */
		} else if (r->start < start) {
			r->end = start;
			/*@ assert shrunk{Here, LoopCurrent}(set); */
			i++;
			/*@ assert clear: cleared(set, i, start, end); */
		} else {
			r->start = end;
			/*@ assert shrunk{Here, LoopCurrent}(set); */
			i++;
			/*@ assert clear: cleared(set, i, start, end); */
		}
	}
	return 0;
}

int phys_range_subtract(struct phys_range_set *set,
			const struct phys_range_set *cut)
{
	/*@
	  loop invariant 0 <= i <= cut->count;
	  loop invariant set->count <= PHYS_RANGES_MAX;
	  loop invariant shrunk: shrunk{Here, Pre}(set);
	  loop invariant apart: \forall integer c; 0 <= c < i ==>
	    apart{Here}(set, cut->r[c].start, cut->r[c].end);
	  loop assigns i, *set;
	  loop variant cut->count - i;
	*/
	for (size_t i = 0; i < cut->count; i++) {
		int ret = phys_range_remove(set, cut->r[i].start,
					    cut->r[i].end);

		if (ret)
			return ret;
	}
	return 0;
}

bool phys_range_contains(const struct phys_range_set *set, uint64_t start,
			 uint64_t end)
{
	/*@
	  loop invariant 0 <= i <= set->count;
	  loop invariant \forall integer k; 0 <= k < i ==>
	    !(set->r[k].start <= start && end <= set->r[k].end);
	  loop assigns i;
	  loop variant set->count - i;
	*/
	for (size_t i = 0; i < set->count; i++) {
		if (set->r[i].start <= start && end <= set->r[i].end)
			return true;
	}
	return false;
}

bool phys_range_overlaps(const struct phys_range_set *set, uint64_t start,
			 uint64_t end)
{
	/*@
	  loop invariant 0 <= i <= set->count;
	  loop invariant \forall integer k; 0 <= k < i ==>
	    !(set->r[k].start < end && start < set->r[k].end);
	  loop assigns i;
	  loop variant set->count - i;
	*/
	for (size_t i = 0; i < set->count; i++) {
		if (set->r[i].start < end && start < set->r[i].end)
			return true;
	}
	return false;
}

/* Add the memory-map regions to the RAM and direct-map sets. */
static int phys_add_region(struct phys_layout *l,
			   const struct frame_mem_region *m)
{
	uint64_t start = m->start, end = m->start + m->length;
	int ret;

	/* Beyond what the direct map can hold: the frame cannot use it. */
	if (start >= DIRECT_MAP_SIZE)
		return 0;
	end = MIN(end, (uint64_t)DIRECT_MAP_SIZE);

	switch (m->type) {
	case FRAME_MEM_USABLE:
		ret = phys_range_add(&l->ram, ALIGN_UP(start, MM_PAGE_SIZE),
				     ALIGN_DOWN(end, MM_PAGE_SIZE));
		if (ret)
			return ret;
		break;
	case FRAME_MEM_ACPI_RECLAIMABLE:
	case FRAME_MEM_ACPI_NVS:
		break;
	default:
		return 0;
	}
	return phys_range_add(&l->mapped, ALIGN_DOWN(start, MM_PAGE_SIZE),
			      ALIGN_UP(end, MM_PAGE_SIZE));
}

int phys_init(void)
{
	struct phys_layout *l = &phys_layout;
	uint64_t image_start, image_end;
	int ret;

	memset(l, 0, sizeof(*l));
	for (size_t i = 0; i < frame_bootinfo.memmap_count; i++) {
		ret = phys_add_region(l, &frame_bootinfo.memmap[i]);
		if (ret)
			return ret;
	}

	frame_kernel_image_phys(&image_start, &image_end);
	ret = phys_range_add(&l->reserved, 0, LOW_MEMORY_END);
	if (!ret)
		ret = phys_range_add(&l->reserved,
				     ALIGN_DOWN(image_start, MM_PAGE_SIZE),
				     ALIGN_UP(image_end, MM_PAGE_SIZE));
	for (size_t i = 0; !ret && i < frame_bootinfo.module_count; i++) {
		const struct frame_boot_module *m = &frame_bootinfo.modules[i];

		ret = phys_range_add(
			&l->reserved, ALIGN_DOWN(m->start, MM_PAGE_SIZE),
			ALIGN_UP(m->start + m->size, MM_PAGE_SIZE));
	}
	if (ret)
		return ret;

	l->free = l->ram;
	return phys_range_subtract(&l->free, &l->reserved);
}

int phys_boot_alloc(uint64_t pages, uint64_t limit, paddr_t *out)
{
	struct phys_range_set *free = &phys_layout.free;
	uint64_t bytes = pages * MM_PAGE_SIZE;

	if (phys_layout.sealed)
		return -EPERM;
	limit = ALIGN_DOWN(limit, MM_PAGE_SIZE);
	/*@
	  loop invariant 0 <= i <= free->count;
	  loop assigns i;
	  loop variant i;
	*/
	for (size_t i = free->count; i-- > 0;) {
		uint64_t top = MIN(free->r[i].end, limit);
		int ret;

		if (top <= free->r[i].start || top - free->r[i].start < bytes)
			continue;
		ret = phys_range_remove(free, top - bytes, top);
		if (ret)
			return ret;
		phys_layout.boot_alloc_pages += pages;
		*out = paddr(top - bytes);
		return 0;
	}
	return -ENOMEM;
}

void phys_boot_alloc_seal(void)
{
	phys_layout.sealed = true;
}
