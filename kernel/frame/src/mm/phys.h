/* SPDX-License-Identifier: MIT */
/* The physical memory layout at boot, and the allocator used before buddy. */
#ifndef MM_PHYS_H
#define MM_PHYS_H

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
int phys_boot_alloc(uint64_t pages, uint64_t limit, paddr_t *out);

/* phys_boot_alloc_seal() - no more boot allocations; @free is final */
void phys_boot_alloc_seal(void);

/*
 * Range-set helpers, shared with the tests: insert [start, end) merging
 * with neighbours, or cut it out. Both return 0, or -ENOMEM when the set
 * would exceed PHYS_RANGES_MAX.
 */
int phys_range_add(struct phys_range_set *set, uint64_t start, uint64_t end);
int phys_range_remove(struct phys_range_set *set, uint64_t start, uint64_t end);

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
