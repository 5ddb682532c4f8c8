/* SPDX-License-Identifier: MIT */
/* Detecting the MMU's features, enabling its protections, flushing TLBs. */
#include "arch/x86_64/mmu/mmu.h"

#include "arch/x86_64/cpu/cpu.h"

#define MSR_EFER 0xc0000080
#define EFER_NXE (1ull << 11)

/* CPUID bits (Intel SDM vol. 2, CPUID). */
#define CPUID1_EDX_PGE	       (1u << 13)
#define CPUID7_EBX_SMEP	       (1u << 7)
#define CPUID7_EBX_SMAP	       (1u << 20)
#define CPUID_EXT1_EDX_GBPAGES (1u << 26)

/* Beyond this many pages a whole flush is cheaper than invlpg each. */
#define TLB_FLUSH_PAGES_MAX 32

struct arch_mmu_features arch_mmu;
uint8_t arch_smap_on;

void arch_mmu_detect(void)
{
	uint32_t max_basic = arch_cpuid(0, 0).eax;
	uint32_t max_ext = arch_cpuid(0x80000000, 0).eax;

	arch_mmu.nx = arch_rdmsr(MSR_EFER) & EFER_NXE;
	arch_mmu.pge = arch_cpuid(1, 0).edx & CPUID1_EDX_PGE;
	if (max_basic >= 7) {
		struct arch_cpuid r = arch_cpuid(7, 0);

		arch_mmu.smep = r.ebx & CPUID7_EBX_SMEP;
		arch_mmu.smap = r.ebx & CPUID7_EBX_SMAP;
	}
	if (max_ext >= 0x80000001)
		arch_mmu.gbpages =
			arch_cpuid(0x80000001, 0).edx & CPUID_EXT1_EDX_GBPAGES;
}

void arch_mmu_enable(void)
{
	uint64_t cr4 = arch_read_cr4();

	if (arch_mmu.pge)
		cr4 |= CR4_PGE;
	if (arch_mmu.smep)
		cr4 |= CR4_SMEP;
	if (arch_mmu.smap)
		cr4 |= CR4_SMAP;
	arch_write_cr4(cr4);
	__atomic_store_n(&arch_smap_on, arch_mmu.smap, __ATOMIC_RELEASE);
}

void arch_tlb_flush_all(void)
{
	uint64_t cr4 = arch_read_cr4();

	/* Clearing CR4.PGE drops global entries too (Intel SDM 4.10.4.1). */
	if (cr4 & CR4_PGE) {
		arch_write_cr4(cr4 & ~CR4_PGE);
		arch_write_cr4(cr4);
	} else {
		arch_write_cr3(arch_read_cr3());
	}
}

void arch_tlb_flush_range(uint64_t start, uint64_t end, bool global)
{
	uint64_t pages;

	if (end <= start)
		return;
	pages = (end - start + 4095) / 4096;
	if (pages > TLB_FLUSH_PAGES_MAX) {
		if (global)
			arch_tlb_flush_all();
		else
			arch_write_cr3(arch_read_cr3());
		return;
	}
	for (uint64_t va = start & ~4095ull; va < end; va += 4096)
		arch_invlpg(va);
}
