/* SPDX-License-Identifier: MIT */
/* The physical memory layout at boot, and the allocator used before buddy. */
#ifndef MM_PHYS_H
#define MM_PHYS_H

#include <frame/errno.h>
#include <frame/types.h>

#include "mm/mm.h"

/* A page-aligned physical range [start, end). */
struct phys_range {
	uint64_t start, end;
};

/* Room for the memory map's regions plus the holes reservations punch. */
#define PHYS_RANGES_MAX 192

struct phys_range_set {
	size_t count;
	struct phys_range r[PHYS_RANGES_MAX];
};

/*
 * What mm_init() derives from the memory map, all sorted and disjoint:
 *
 * @ram:      usable RAM, pages wholly inside usable regions, adjacent
 *            regions merged; every page in it gets a struct frame_page
 * @mapped:   what the direct map covers: usable and ACPI regions, rounded
 *            out to pages
 * @reserved: what is kept out of the allocator inside @ram: the low 1 MiB,
 *            the kernel image, the boot modules (the initramfs)
 * @free:     @ram minus @reserved minus what the boot allocator took; what
 *            the buddy allocator starts with
 */
struct phys_layout {
	struct phys_range_set ram, mapped, reserved, free;
	uint64_t boot_alloc_pages; /* pages phys_boot_alloc() handed out */
	bool sealed;		   /* the buddy allocator took over */
};

extern struct phys_layout phys_layout;

/*@
  // [as, ae) and [s, e) have a byte in common.
  predicate meets(integer as, integer ae, integer s, integer e) =
    as < ae && s < e && as < e && s < ae;

  // No range of @rs at label L has a byte in common with [s, e).
  predicate apart{L}(struct phys_range_set *rs, integer s, integer e) =
    \forall integer k; 0 <= k < \at(rs->count, L) ==>
      !meets(\at(rs->r[k].start, L), \at(rs->r[k].end, L), s, e);

  // @rs at label L covers no byte it did not cover at label K: what was
  // apart from it stays apart.
  predicate shrunk{L, K}(struct phys_range_set *rs) =
    \forall integer s, e; apart{K}(rs, s, e) ==> apart{L}(rs, s, e);
*/

/*
 * phys_init() - derive phys_layout from frame_bootinfo and the image
 *
 * Returns 0, or -ENOMEM when the memory map has more ranges than fit (the
 * caller panics: without a memory layout nothing works).
 */
int phys_init(void);

/*
 * phys_boot_alloc() - take @pages pages before the buddy allocator exists
 * @limit: the pages must end at or below this physical address
 *
 * Takes from the top of the highest free range that fits, so low memory
 * stays for the allocator. The memory is not zeroed. Returns 0, -ENOMEM,
 * or -EPERM once phys_boot_alloc_seal() has run.
 */
/*@
  requires \valid(out) && \separated(out, &phys_layout);
  requires phys_layout.free.count <= PHYS_RANGES_MAX;
  assigns phys_layout.free, phys_layout.boot_alloc_pages, *out;
  ensures phys_layout.free.count <= PHYS_RANGES_MAX;
  ensures codes: \result == 0 || \result == -ENOMEM || \result == -EPERM;
  ensures shrunk: shrunk{Post, Pre}(&phys_layout.free);
*/
int phys_boot_alloc(uint64_t pages, uint64_t limit, paddr_t *out);

/* phys_boot_alloc_seal() - no more boot allocations; @free is final */
void phys_boot_alloc_seal(void);

/*
 * Range-set helpers, shared with the tests: insert [start, end) merging
 * with neighbours, or cut it out. Both return 0, or -ENOMEM when the set
 * would exceed PHYS_RANGES_MAX.
 */
/*@
  requires \valid(set) && set->count <= PHYS_RANGES_MAX;
  assigns *set;
  ensures set->count <= PHYS_RANGES_MAX;
  ensures codes: \result == 0 || \result == -ENOMEM;
*/
int phys_range_add(struct phys_range_set *set, uint64_t start, uint64_t end);

/*
 * phys_range_remove() proved (docs/prove.md): the set only shrinks, even
 * on -ENOMEM, and on success no byte of [start, end) is left in it.
 */
/*@
  requires \valid(set) && set->count <= PHYS_RANGES_MAX;
  assigns *set;
  ensures set->count <= PHYS_RANGES_MAX;
  ensures codes: \result == 0 || \result == -ENOMEM;
  ensures shrunk: shrunk{Post, Pre}(set);
  ensures removed: \result == 0 ==> apart{Post}(set, start, end);
*/
int phys_range_remove(struct phys_range_set *set, uint64_t start, uint64_t end);

/*
 * phys_range_subtract() - remove every range of @cut from @set: what
 * phys_init() makes @free from @ram and @reserved with. 0, or -ENOMEM as
 * phys_range_remove(). Proved: on success no range of @set has a byte in
 * common with a range of @cut, and @set only shrank (it stays inside
 * what it was).
 */
/*@
  requires \valid(set) && set->count <= PHYS_RANGES_MAX;
  requires \valid_read(cut) && cut->count <= PHYS_RANGES_MAX;
  requires \separated(set, cut);
  assigns *set;
  ensures set->count <= PHYS_RANGES_MAX;
  ensures codes: \result == 0 || \result == -ENOMEM;
  ensures shrunk: shrunk{Post, Pre}(set);
  ensures apart: \result == 0 ==> \forall integer c; 0 <= c < cut->count ==>
    apart{Post}(set, cut->r[c].start, cut->r[c].end);
*/
int phys_range_subtract(struct phys_range_set *set,
			const struct phys_range_set *cut);

/*
 * The two queries below carry ACSL contracts that `osdk prove` proves
 * (docs/prove.md): the answer is exactly the quantified statement.
 */

/* Whether [start, end) lies entirely inside one range of @set. */
/*@
  requires \valid_read(set);
  requires set->count <= PHYS_RANGES_MAX;
  assigns \nothing;
  ensures \result == 0 || \result == 1;
  ensures \result == 1 <==>
	  (\exists integer i; 0 <= i < set->count &&
	     set->r[i].start <= start && end <= set->r[i].end);
*/
bool phys_range_contains(const struct phys_range_set *set, uint64_t start,
			 uint64_t end);

/* Whether [start, end) overlaps any range of @set. */
/*@
  requires \valid_read(set);
  requires set->count <= PHYS_RANGES_MAX;
  assigns \nothing;
  ensures \result == 0 || \result == 1;
  ensures \result == 1 <==>
	  (\exists integer i; 0 <= i < set->count &&
	     set->r[i].start < end && start < set->r[i].end);
*/
bool phys_range_overlaps(const struct phys_range_set *set, uint64_t start,
			 uint64_t end);

#endif /* MM_PHYS_H */
