/* SPDX-License-Identifier: MIT */
/* ktests for the kernel's page tables: W^X, NX, SMEP/SMAP, the direct map. */
#include "mm/kspace.h"

#include <frame/ktest.h>
#include <frame/string.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/trap/fault_probe.h"
#include "arch/x86_64/mmu/mmu.h"
#include "boot/bootinfo.h"
#include "mm/phys.h"

extern const char frame_text_start[], frame_rodata_start[];
extern const char frame_data_start[], frame_ksyms_start[];

/* Data that is a `ret` instruction, to try executing. */
static uint8_t ret_in_data[16] = {0xc3};
static const uint8_t ret_in_rodata[16] = {0xc3};

static unsigned int attrs_at(const void *p)
{
	struct pt_mapping m;

	if (!pt_query(&kspace, (uint64_t)(uintptr_t)p, &m))
		return ~0u;
	return m.attrs & (PT_WRITE | PT_EXEC | PT_USER | PT_GLOBAL);
}

KTEST(image_segments_are_w_xor_x)
{
	KT_ASSERT_EQ(attrs_at(frame_text_start), PT_EXEC | PT_GLOBAL);
	KT_ASSERT_EQ(attrs_at((const void *)(uintptr_t)&attrs_at),
		     PT_EXEC | PT_GLOBAL);
	KT_ASSERT_EQ(attrs_at(frame_rodata_start), PT_GLOBAL);
	KT_ASSERT_EQ(attrs_at(ret_in_rodata), PT_GLOBAL);
	KT_ASSERT_EQ(attrs_at(frame_data_start), PT_WRITE | PT_GLOBAL);
	KT_ASSERT_EQ(attrs_at(ret_in_data), PT_WRITE | PT_GLOBAL);
	KT_ASSERT_EQ(attrs_at(frame_ksyms_start), PT_GLOBAL);
	/* The direct map's aliases of the image follow the same rules. */
	KT_ASSERT_EQ(
		attrs_at(mm_phys_to_virt(mm_virt_to_phys(frame_text_start))),
		PT_GLOBAL);
	KT_ASSERT_EQ(attrs_at(mm_phys_to_virt(mm_virt_to_phys(ret_in_data))),
		     PT_WRITE | PT_GLOBAL);
}

/* Write a byte back where it was: harmless, if it were allowed. */
static void rewrite_byte(void *p)
{
	volatile uint8_t *b = p;

	*b = *b;
}

static void call_code(void *p)
{
	void (*fn)(void) = (void (*)(void))(uintptr_t)p;

	fn();
}

KTEST(writing_code_or_constants_faults)
{
	const void *targets[] = {
		frame_text_start,
		(const void *)(uintptr_t)&rewrite_byte,
		ret_in_rodata,
		mm_phys_to_virt(mm_virt_to_phys(frame_text_start)),
	};
	struct arch_fault f;

	for (size_t i = 0; i < ARRAY_SIZE(targets); i++) {
		memset(&f, 0, sizeof(f));
		KT_ASSERT_EQ(
			arch_fault_probe(rewrite_byte, (void *)targets[i], &f),
			1);
		KT_ASSERT_EQ(f.vector, 14);
		KT_ASSERT_EQ(f.address, (uint64_t)(uintptr_t)targets[i]);
		KT_ASSERT_EQ(f.error_code & (PF_ERR_PRESENT | PF_ERR_WRITE),
			     PF_ERR_PRESENT | PF_ERR_WRITE);
	}
	/* Data stays writable, of course. */
	KT_ASSERT_EQ(arch_fault_probe(rewrite_byte, ret_in_data, &f), 0);
}

KTEST(executing_data_faults)
{
	const void *targets[] = {ret_in_data, ret_in_rodata};
	struct arch_fault f;

	if (!arch_mmu.nx)
		return; /* without NX the CPU cannot refuse it */
	for (size_t i = 0; i < ARRAY_SIZE(targets); i++) {
		KT_ASSERT_EQ(
			arch_fault_probe(call_code, (void *)targets[i], &f), 1);
		KT_ASSERT_EQ(f.vector, 14);
		KT_ASSERT_EQ(f.address, (uint64_t)(uintptr_t)targets[i]);
		KT_ASSERT_EQ(f.error_code & (PF_ERR_PRESENT | PF_ERR_FETCH),
			     PF_ERR_PRESENT | PF_ERR_FETCH);
	}
}

KTEST(cr4_protections_match_cpuid)
{
	uint64_t cr4 = arch_read_cr4();
	struct arch_cpuid r = arch_cpuid(7, 0);
	bool smep = arch_cpuid(0, 0).eax >= 7 && (r.ebx & (1u << 7));
	bool smap = arch_cpuid(0, 0).eax >= 7 && (r.ebx & (1u << 20));

	KT_ASSERT_EQ(!!(cr4 & CR4_SMEP), smep);
	KT_ASSERT_EQ(!!(cr4 & CR4_SMAP), smap);
	KT_ASSERT_EQ(arch_smap_on, smap);
	KT_ASSERT_EQ(!!(cr4 & CR4_PGE), arch_mmu.pge);
	/* Supervisor writes honour read-only pages (W^X depends on it). */
	KT_ASSERT(arch_read_cr0() & (1ull << 16));
	/* The kernel's root is below 4 GiB, for the APs' 32-bit CR3. */
	KT_ASSERT_LT(kspace.root.val, 1ull << 32);
	KT_ASSERT_EQ(arch_read_cr3() & ~0xfffull, kspace.root.val);
}

KTEST(no_identity_map_remains)
{
	struct pt_mapping m;
	uint64_t image_start, image_end;

	frame_kernel_image_phys(&image_start, &image_end);
	KT_ASSERT(!pt_query(&kspace, 0, &m));
	KT_ASSERT(!pt_query(&kspace, 0x1000, &m));
	KT_ASSERT(!pt_query(&kspace, image_start, &m));
	KT_ASSERT(!pt_query(&kspace, 0x7ffffffff000, &m));
	KT_ASSERT(!pt_find(&kspace, 0, USER_ADDR_END, &m));
}

KTEST(direct_map_covers_ram_and_aliases_the_image)
{
	const struct phys_range_set *ram = &phys_layout.ram;
	struct pt_mapping m;
	const char *alias;
	uint64_t top;
	bool big;

	for (size_t i = 0; i < ram->count; i++) {
		uint64_t first = ram->r[i].start, last = ram->r[i].end - 4096;

		KT_ASSERT(pt_query(&kspace, DIRECT_MAP_BASE + first, &m));
		KT_ASSERT_EQ(m.pa.val, first & ~(m.size - 1));
		KT_ASSERT(pt_query(&kspace, DIRECT_MAP_BASE + last, &m));
		KT_ASSERT(!(m.attrs & PT_USER));
		KT_ASSERT(mm_phys_is_mapped(first, last + 4096 - first));
	}
	alias = mm_phys_to_virt(mm_virt_to_phys(frame_rodata_start));
	KT_ASSERT(!memcmp(alias, frame_rodata_start, 256));
	KT_ASSERT_EQ((uint64_t)(uintptr_t)alias - DIRECT_MAP_BASE,
		     (uint64_t)(uintptr_t)frame_rodata_start - KERNEL_VMA);
	/*
	 * Big pages away from the image: in the last 32 MiB of RAM (not the
	 * last 2 MiB alone: a trust domain's DMA conversions, tdx/ ktests
	 * included, split the leaves of pages they share, and splits are
	 * never merged back).
	 */
	top = ALIGN_DOWN(ram->r[ram->count - 1].end, 2ull << 20);
	big = false;
	for (uint64_t pa = top - (2ull << 20); !big && pa >= top - (32ull << 20);
	     pa -= 2ull << 20)
		big = pt_query(&kspace, DIRECT_MAP_BASE + pa, &m) &&
		      m.size >= (2ull << 20);
	KT_ASSERT(big);
	KT_ASSERT(mm_kernel_readable((uint64_t)(uintptr_t)alias, 4096));
	KT_ASSERT(!mm_kernel_readable(0x1000, 8));
	KT_ASSERT(!mm_kernel_readable(IOMAP_BASE + IOMAP_SIZE - 4096, 8));
}
