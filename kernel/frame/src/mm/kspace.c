/* SPDX-License-Identifier: MIT */
/* The kernel's own page tables: direct map, W^X image, I/O window. */
#include "mm/kspace.h"

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/panic.h>
#include <frame/string.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/mmu/mmu.h"
#include "arch/x86_64/mmu/pte.h"
#include "boot/bootinfo.h"
#include "mm/buddy.h"
#include "mm/phys.h"
#include "mm/pt.h"
#include "sync/spinlock.h"

/* The image's segments, from the linker script. */
extern const char frame_text_start[], frame_text_end[];
extern const char frame_rodata_start[], frame_rodata_end[];
extern const char frame_data_start[], frame_data_end[];
extern const char frame_ksyms_start[], frame_image_end[];

struct pt_space kspace = {.user = false};

/* Guards changes to kspace after boot; taken with interrupts off. */
static struct frame_spinlock kspace_lock = FRAME_SPINLOCK_INIT;

static bool tables_live; /* CR3 holds kspace.root */
static bool buddy_live;	 /* page tables come from the buddy allocator */
static uint64_t iomap_next = IOMAP_BASE;

bool mm_kernel_tables_live(void)
{
	return tables_live;
}

void *mm_phys_to_virt(paddr_t pa)
{
	if (!tables_live)
		return (void *)(uintptr_t)pa.val;
	return (void *)(uintptr_t)(DIRECT_MAP_BASE + pa.val);
}

paddr_t mm_virt_to_phys(const void *va)
{
	uint64_t a = (uint64_t)(uintptr_t)va, start, end;

	if (a >= DIRECT_MAP_BASE && a - DIRECT_MAP_BASE < DIRECT_MAP_SIZE)
		return paddr(a - DIRECT_MAP_BASE);
	frame_kernel_image_phys(&start, &end);
	BUG_ON(a < KERNEL_VMA || a - KERNEL_VMA < start ||
	       a - KERNEL_VMA >= end);
	return paddr(a - KERNEL_VMA);
}

bool mm_phys_is_mapped(uint64_t pa, uint64_t len)
{
	if (len > ~0ull - pa)
		return false;
	return phys_range_contains(&phys_layout.mapped, pa, pa + len);
}

int mm_table_alloc(paddr_t *out)
{
	struct frame_page *page;
	int ret;

	if (buddy_live) {
		page = buddy_alloc(0, PAGE_TABLE);
		if (!page)
			return -ENOMEM;
		*out = page_to_phys(page);
	} else {
		/* Until CR3 switches, tables are written through the early
		 * identity map, which covers the first few GiB only. */
		ret = phys_boot_alloc(1,
				      tables_live ? ~0ull
						  : (uint64_t)EARLY_IDENTITY_GIB
							    << 30,
				      out);
		if (ret)
			return ret;
	}
	memset(mm_phys_to_virt(*out), 0, MM_PAGE_SIZE);
	return 0;
}

void mm_table_free(paddr_t pa)
{
	struct frame_page *page = page_from_pfn(pa.val >> MM_PAGE_SHIFT);

	/* Boot never unmaps; a table it made is RAM like any other page,
	 * taken from phys_layout.free and still PAGE_RESERVED. A page of a
	 * reserved range stays PAGE_RESERVED for good (docs/prove.md). */
	BUG_ON(!buddy_live || !page);
	if (page->kind == PAGE_RESERVED) {
		BUG_ON(phys_range_overlaps(&phys_layout.reserved, pa.val,
					   pa.val + MM_PAGE_SIZE));
		page->kind = PAGE_TABLE;
		page->order = 0;
	}
	BUG_ON(page->kind != PAGE_TABLE);
	buddy_free(page);
}

/* Map the image segment [start, end) at its link address with @attrs. */
static void map_image(const char *start, const char *end, unsigned int attrs)
{
	uint64_t va = (uint64_t)(uintptr_t)start;
	uint64_t len = ALIGN_UP((uint64_t)(uintptr_t)end, MM_PAGE_SIZE) - va;

	if (pt_map(&kspace, va, paddr(va - KERNEL_VMA), len, attrs | PT_GLOBAL,
		   MM_PAGE_SIZE))
		frame_panic("cannot map the kernel image at %p", start);
}

/* The direct map's alias of an image segment gets @attrs too. */
static void protect_alias(const char *start, const char *end,
			  unsigned int attrs)
{
	uint64_t pa = (uint64_t)(uintptr_t)start - KERNEL_VMA;
	uint64_t len = ALIGN_UP((uint64_t)(uintptr_t)end, MM_PAGE_SIZE) -
		       (uint64_t)(uintptr_t)start;

	if (pt_protect(&kspace, DIRECT_MAP_BASE + pa, len, attrs | PT_GLOBAL))
		frame_panic("cannot protect the direct map of the image");
}

/* Make the top-level entry for @va now, so that it never changes later. */
static void make_top_entry(uint64_t va)
{
	uint64_t *root = mm_phys_to_virt(kspace.root);
	uint64_t *e = &root[pt_index(va, PT_LEVELS)];
	paddr_t table;

	if (pte_present(*e))
		return;
	if (mm_table_alloc(&table))
		frame_panic("out of memory for the kernel page tables");
	*e = pte_make_table(table.val, false);
}

void kspace_init(void)
{
	const struct phys_range_set *mapped = &phys_layout.mapped;
	uint64_t max_page =
		arch_mmu.gbpages ? pt_level_size(3) : pt_level_size(2);

	if (mm_table_alloc(&kspace.root))
		frame_panic("out of memory for the kernel page tables");
	for (size_t i = 0; i < mapped->count; i++) {
		const struct phys_range *r = &mapped->r[i];

		if (pt_map(&kspace, DIRECT_MAP_BASE + r->start, paddr(r->start),
			   r->end - r->start, PT_WRITE | PT_GLOBAL, max_page))
			frame_panic("cannot build the direct map");
	}
	map_image(frame_text_start, frame_text_end, PT_EXEC);
	map_image(frame_rodata_start, frame_rodata_end, 0);
	map_image(frame_data_start, frame_data_end, PT_WRITE);
	map_image(frame_ksyms_start, frame_image_end, 0);
	/* Code and constants are read-only through every alias. */
	protect_alias(frame_text_start, frame_text_end, 0);
	protect_alias(frame_rodata_start, frame_rodata_end, 0);
	protect_alias(frame_ksyms_start, frame_image_end, 0);
	make_top_entry(IOMAP_BASE);
	make_top_entry(VMAP_BASE);
	kspace.sealed = true;

	/* The switch: from here on there is no identity mapping. */
	arch_write_cr3(kspace.root.val);
	tables_live = true;
	arch_mmu_enable();
	arch_tlb_flush_all();
}

void kspace_use_buddy(void)
{
	buddy_live = true;
}

/*
 * Whether [va, va + len) is page-aligned, in the kernel half, and under
 * top-level entries that exist: those are fixed at boot (every user space
 * has copies), so a range outside them cannot be mapped at all.
 */
static bool kernel_range_ok(uint64_t va, uint64_t len)
{
	const uint64_t *root = mm_phys_to_virt(kspace.root);
	uint64_t slot = pt_level_size(PT_LEVELS);

	if (!IS_ALIGNED(va, MM_PAGE_SIZE) || !IS_ALIGNED(len, MM_PAGE_SIZE) ||
	    !len || va < DIRECT_MAP_BASE || len > ~0ull - va)
		return false;
	for (uint64_t a = va & ~(slot - 1); a < va + len; a += slot) {
		if (!pte_present(root[pt_index(a, PT_LEVELS)]))
			return false;
		if (a + slot < a)
			break;
	}
	return true;
}

int mm_kernel_map(uint64_t va, paddr_t pa, uint64_t len, unsigned int attrs)
{
	uint64_t max_page =
		arch_mmu.gbpages ? pt_level_size(3) : pt_level_size(2);
	uint64_t flags;
	int ret;

	if (!kernel_range_ok(va, len) || !IS_ALIGNED(pa.val, MM_PAGE_SIZE) ||
	    (attrs & PT_USER))
		return -EINVAL;
	flags = frame_spin_lock_irqsave(&kspace_lock);
	ret = pt_map(&kspace, va, pa, len, attrs | PT_GLOBAL, max_page);
	frame_spin_unlock_irqrestore(&kspace_lock, flags);
	return ret;
}

int mm_kernel_unmap(uint64_t va, uint64_t len)
{
	uint64_t flags;
	int ret;

	if (!kernel_range_ok(va, len))
		return -EINVAL;
	flags = frame_spin_lock_irqsave(&kspace_lock);
	ret = pt_unmap(&kspace, va, len);
	frame_spin_unlock_irqrestore(&kspace_lock, flags);
	return ret;
}

int mm_kernel_protect(uint64_t va, uint64_t len, unsigned int attrs)
{
	uint64_t flags;
	int ret;

	if (!kernel_range_ok(va, len) || (attrs & PT_USER))
		return -EINVAL;
	flags = frame_spin_lock_irqsave(&kspace_lock);
	ret = pt_protect(&kspace, va, len, attrs | PT_GLOBAL);
	frame_spin_unlock_irqrestore(&kspace_lock, flags);
	return ret;
}

int mm_direct_set_shared(paddr_t pa, uint64_t len, bool shared)
{
	uint64_t va, flags;
	struct pt_mapping m;
	unsigned int attrs;
	int ret;

	if (!len || (pa.val | len) & (MM_PAGE_SIZE - 1) ||
	    !mm_phys_is_mapped(pa.val, len))
		return -EINVAL;
	va = (uint64_t)(uintptr_t)mm_phys_to_virt(pa);
	flags = frame_spin_lock_irqsave(&kspace_lock);
	/* The direct map has one set of attributes throughout. */
	if (!pt_query(&kspace, va, &m)) {
		ret = -EINVAL;
		goto out_unlock;
	}
	attrs = m.attrs & ~(PT_ACCESSED | PT_DIRTY | PT_SHARED);
	ret = pt_protect(&kspace, va, len, attrs | (shared ? PT_SHARED : 0));
out_unlock:
	frame_spin_unlock_irqrestore(&kspace_lock, flags);
	return ret;
}

bool mm_kernel_readable(uint64_t va, uint64_t len)
{
	struct pt_mapping m;
	uint64_t end;

	if (!len || len > ~0ull - va)
		return false;
	end = va + len;
	if (!tables_live)
		return va >= KERNEL_VMA &&
		       end - KERNEL_VMA <= (uint64_t)EARLY_HIGH_GIB << 30;
	while (va < end) {
		if (!pt_query(&kspace, va, &m))
			return false;
		if (m.va + m.size < m.va || m.va + m.size >= end)
			return true;
		va = m.va + m.size;
	}
	return true;
}

void *mm_iomap(uint64_t pa, uint64_t len)
{
	uint64_t off = pa & (MM_PAGE_SIZE - 1);
	uint64_t size, va;

	if (!len || len > IOMAP_SIZE || pa > ~0ull - len)
		return NULL;
	size = ALIGN_UP(len + off, MM_PAGE_SIZE);
	if (size > IOMAP_SIZE)
		return NULL;
	va = __atomic_fetch_add(&iomap_next, size, __ATOMIC_RELAXED);
	if (va - IOMAP_BASE > IOMAP_SIZE - size)
		return NULL;
	/* In a TDX trust domain device memory is the host's: its mapping
	 * carries the shared bit, so that accesses reach the host (as #VEs
	 * the frame emulates) instead of faulting on private memory. */
	if (mm_kernel_map(va, paddr(pa - off), size,
			  PT_WRITE | PT_UNCACHED |
				  (arch_mmu.tdx_shared ? PT_SHARED : 0)))
		return NULL;
	return (void *)(uintptr_t)(va + off);
}

void mm_iounmap(void *va, uint64_t len)
{
	uint64_t a = (uint64_t)(uintptr_t)va;
	uint64_t off = a & (MM_PAGE_SIZE - 1);

	BUG_ON(a < IOMAP_BASE || a - IOMAP_BASE >= IOMAP_SIZE);
	BUG_ON(mm_kernel_unmap(a - off, ALIGN_UP(len + off, MM_PAGE_SIZE)));
}
