/* SPDX-License-Identifier: MIT */
/* The physical memory layout from the memory map, and the boot allocator. */
#include "mm/phys.h"

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/string.h>

#include "boot/bootinfo.h"

struct phys_layout phys_layout;

int phys_range_add(struct phys_range_set *set, uint64_t start, uint64_t end)
{
	size_t i = 0, j;

	if (start >= end)
		return 0;
	/* Skip ranges that end before @start, not even touching it. */
	while (i < set->count && set->r[i].end < start)
		i++;
	/* Swallow every range that overlaps or touches [start, end). */
	for (j = i; j < set->count && set->r[j].start <= end; j++) {
		start = MIN(start, set->r[j].start);
		end = MAX(end, set->r[j].end);
	}
	if (j == i) {
		if (set->count == PHYS_RANGES_MAX)
			return -ENOMEM;
		memmove(&set->r[i + 1], &set->r[i],
			(set->count - i) * sizeof(set->r[0]));
		set->count++;
	} else {
		memmove(&set->r[i + 1], &set->r[j],
			(set->count - j) * sizeof(set->r[0]));
		set->count -= j - i - 1;
	}
	set->r[i] = (struct phys_range){ start, end };
	return 0;
}

int phys_range_remove(struct phys_range_set *set, uint64_t start, uint64_t end)
{
	for (size_t i = 0; i < set->count && start < end; i++) {
		struct phys_range *r = &set->r[i];

		if (r->end <= start || r->start >= end)
			continue;
		if (r->start >= start && r->end <= end) {
			/* Covered: drop it and look at the same slot again. */
			memmove(r, r + 1, (set->count - i - 1) * sizeof(*r));
			set->count--;
			i--;
		} else if (r->start < start && r->end > end) {
			/* A hole in the middle: split in two. */
			if (set->count == PHYS_RANGES_MAX)
				return -ENOMEM;
			memmove(r + 1, r, (set->count - i) * sizeof(*r));
			set->count++;
			r[0].end = start;
			r[1].start = end;
			return 0;
		} else if (r->start < start) {
			r->end = start;
		} else {
			r->start = end;
		}
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
	for (size_t i = 0; i < l->reserved.count; i++) {
		ret = phys_range_remove(&l->free, l->reserved.r[i].start,
					l->reserved.r[i].end);
		if (ret)
			return ret;
	}
	return 0;
}

int phys_boot_alloc(uint64_t pages, uint64_t limit, paddr_t *out)
{
	struct phys_range_set *free = &phys_layout.free;
	uint64_t bytes = pages * MM_PAGE_SIZE;

	if (phys_layout.sealed)
		return -EPERM;
	limit = ALIGN_DOWN(limit, MM_PAGE_SIZE);
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
