/* SPDX-License-Identifier: MIT */
/* ktests for the physical layout: range sets, and what this boot derived. */
#include "mm/phys.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>

#include "boot/bootinfo.h"

static struct phys_range_set set;

KTEST(phys_range_add_merges_overlaps_and_neighbours)
{
	memset(&set, 0, sizeof(set));
	KT_ASSERT_OK(phys_range_add(&set, 0x5000, 0x6000));
	KT_ASSERT_OK(phys_range_add(&set, 0x1000, 0x2000));
	KT_ASSERT_OK(phys_range_add(&set, 0x9000, 0xa000));
	KT_ASSERT_EQ(set.count, 3);
	KT_ASSERT_EQ(set.r[0].start, 0x1000);
	KT_ASSERT_EQ(set.r[2].start, 0x9000);
	/* Touching on the right, then bridging two ranges. */
	KT_ASSERT_OK(phys_range_add(&set, 0x2000, 0x3000));
	KT_ASSERT_EQ(set.count, 3);
	KT_ASSERT_EQ(set.r[0].end, 0x3000);
	KT_ASSERT_OK(phys_range_add(&set, 0x2800, 0x9800));
	KT_ASSERT_EQ(set.count, 1);
	KT_ASSERT_EQ(set.r[0].start, 0x1000);
	KT_ASSERT_EQ(set.r[0].end, 0xa000);
	/* Empty ranges change nothing. */
	KT_ASSERT_OK(phys_range_add(&set, 0x20000, 0x20000));
	KT_ASSERT_EQ(set.count, 1);
}

KTEST(phys_range_remove_trims_and_splits)
{
	memset(&set, 0, sizeof(set));
	KT_ASSERT_OK(phys_range_add(&set, 0x1000, 0x9000));
	KT_ASSERT_OK(phys_range_add(&set, 0x10000, 0x12000));
	KT_ASSERT_OK(phys_range_remove(&set, 0x3000, 0x4000)); /* split */
	KT_ASSERT_EQ(set.count, 3);
	KT_ASSERT_EQ(set.r[0].end, 0x3000);
	KT_ASSERT_EQ(set.r[1].start, 0x4000);
	KT_ASSERT_OK(phys_range_remove(&set, 0x0, 0x2000)); /* left trim */
	KT_ASSERT_EQ(set.r[0].start, 0x2000);
	/* Across a gap: trims one, drops the next entirely. */
	KT_ASSERT_OK(phys_range_remove(&set, 0x8000, 0x12000));
	KT_ASSERT_EQ(set.count, 2);
	KT_ASSERT_EQ(set.r[1].end, 0x8000);
	KT_ASSERT(phys_range_contains(&set, 0x4000, 0x8000));
	KT_ASSERT(!phys_range_contains(&set, 0x2000, 0x5000));
	KT_ASSERT(phys_range_overlaps(&set, 0x2fff, 0x3001));
	KT_ASSERT(!phys_range_overlaps(&set, 0x3000, 0x4000));
}

KTEST(phys_range_set_reports_when_full)
{
	memset(&set, 0, sizeof(set));
	for (uint64_t i = 0; i < PHYS_RANGES_MAX; i++)
		KT_ASSERT_OK(phys_range_add(&set, i * 0x2000, i * 0x2000 + 1));
	KT_ASSERT_ERR(phys_range_add(&set, 0x10000000, 0x10001000), -ENOMEM);
	/* A split needs a slot too. */
	KT_ASSERT_OK(phys_range_add(&set, 0x0, 0x1000));
	KT_ASSERT_ERR(phys_range_remove(&set, 0x400, 0x800), -ENOMEM);
	KT_ASSERT_EQ(set.count, PHYS_RANGES_MAX);
}

KTEST(layout_reserves_low_memory_image_and_modules)
{
	const struct phys_layout *l = &phys_layout;
	uint64_t start, end;

	frame_kernel_image_phys(&start, &end);
	KT_ASSERT(phys_range_contains(&l->reserved, 0, LOW_MEMORY_END));
	KT_ASSERT(phys_range_contains(&l->reserved, start, end));
	for (size_t i = 0; i < frame_bootinfo.module_count; i++) {
		const struct frame_boot_module *m = &frame_bootinfo.modules[i];

		KT_ASSERT(phys_range_contains(&l->reserved, m->start,
					      m->start + m->size));
	}
	/* Nothing reserved was left in the allocator's starting set... */
	for (size_t i = 0; i < l->reserved.count; i++)
		KT_ASSERT(!phys_range_overlaps(&l->free, l->reserved.r[i].start,
					       l->reserved.r[i].end));
	/* ...which is RAM, and RAM is in the direct map. */
	for (size_t i = 0; i < l->free.count; i++)
		KT_ASSERT(phys_range_contains(&l->ram, l->free.r[i].start,
					      l->free.r[i].end));
	for (size_t i = 0; i < l->ram.count; i++)
		KT_ASSERT(phys_range_contains(&l->mapped, l->ram.r[i].start,
					      l->ram.r[i].end));
	KT_ASSERT(l->sealed);
	KT_ASSERT_ERR(phys_boot_alloc(1, ~0ull, &(paddr_t){0}), -EPERM);
}

KTEST(layout_ram_is_the_usable_memory_map)
{
	struct frame_mem_region r;
	uint64_t usable = 0, ram = 0;

	for (size_t i = 0; !frame_memmap_get(i, &r); i++) {
		if (r.type == FRAME_MEM_USABLE)
			usable += r.length;
	}
	for (size_t i = 0; i < phys_layout.ram.count; i++)
		ram += phys_layout.ram.r[i].end - phys_layout.ram.r[i].start;
	/* Only partial pages at region edges may be lost. */
	KT_ASSERT_LE(ram, usable);
	KT_ASSERT_LT(usable - ram, 2 * MM_PAGE_SIZE * frame_memmap_count());
}
