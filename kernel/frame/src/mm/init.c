/* SPDX-License-Identifier: MIT */
/* Bringing memory up at boot, in the one order that works. */
#include "mm/mm.h"

#include <frame/log.h>
#include <frame/page.h>
#include <frame/panic.h>

#include "arch/x86_64/mmu/mmu.h"
#include "mm/buddy.h"
#include "mm/kspace.h"
#include "mm/phys.h"
#include "mm/slab.h"

static bool ready;

bool mm_ready(void)
{
	return ready;
}

void mm_init(void)
{
	struct frame_page_stats st;
	int ret;

	arch_mmu_detect();
	ret = phys_init();
	if (ret)
		frame_panic("the memory map has more than %d ranges",
			    PHYS_RANGES_MAX);
	if (!phys_layout.free.count)
		frame_panic("the memory map has no usable memory");

	/* Page tables first (from below 4 GiB), then metadata through the
	 * direct map they create, then the allocator that needs both. */
	kspace_init();
	ret = page_meta_init();
	if (ret)
		frame_panic("no memory for the page metadata");
	buddy_init();
	kspace_use_buddy();
	heap_init();
	ready = true;

	buddy_stats(&st);
	log_info("memory: %zu KiB free of %zu KiB (%llu KiB taken at boot); "
		 "NX %s, SMEP %s, SMAP %s, 1 GiB pages %s",
		 st.free_pages * 4, st.managed_pages * 4,
		 (unsigned long long)phys_layout.boot_alloc_pages * 4,
		 arch_mmu.nx ? "on" : "off", arch_mmu.smep ? "on" : "off",
		 arch_mmu.smap ? "on" : "off", arch_mmu.gbpages ? "on" : "off");
}
