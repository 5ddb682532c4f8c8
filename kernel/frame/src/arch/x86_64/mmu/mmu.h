/* SPDX-License-Identifier: MIT */
/* The CPU's paging features, control-register setup, and TLB flushes. */
#ifndef ARCH_X86_64_MMU_H
#define ARCH_X86_64_MMU_H

#include <frame/types.h>

/* What this CPU's MMU offers, read once by arch_mmu_detect(). */
struct arch_mmu_features {
	bool nx;      /* EFER.NXE is on (entry.S sets it when CPUID has NX) */
	bool pge;     /* global pages */
	bool gbpages; /* 1 GiB leaves in the PDPT */
	bool smep;    /* supervisor-mode execution prevention */
	bool smap;    /* supervisor-mode access prevention */
	/*
	 * The leaf bit that maps memory shared with the host in an Intel
	 * TDX trust domain (PT_SHARED), set by tdx/ at boot: the GPA's
	 * shared bit (GPAW - 1) in a real TD, PTE_SW_TDX_SHARED in tdx-sim,
	 * 0 outside a TD.
	 */
	uint64_t tdx_shared;
};

extern struct arch_mmu_features arch_mmu;

/*
 * Non-zero while CR4.SMAP is on: the user-copy routines and the trap entry
 * test it before STAC/CLAC, which fault on CPUs without SMAP. A byte, so
 * that assembly can test it with one instruction.
 */
extern uint8_t arch_smap_on;

/* arch_mmu_detect() - fill arch_mmu from CPUID and EFER */
void arch_mmu_detect(void);

/*
 * arch_mmu_enable() - turn on CR4.PGE, SMEP and SMAP where the CPU has them
 *
 * Called once the kernel's own page tables are live: from then on the
 * kernel can neither run code from user pages nor touch user data outside
 * the user-copy routines.
 */
void arch_mmu_enable(void);

/* CR4 bits, for arch_mmu_enable() and the tests that check it. */
#define CR4_PGE	 (1ull << 7)
#define CR4_SMEP (1ull << 20)
#define CR4_SMAP (1ull << 21)

/* arch_tlb_flush_all() - drop every TLB entry of this CPU, global ones too */
void arch_tlb_flush_all(void);

/*
 * arch_tlb_flush_range() - drop this CPU's TLB entries for [@start, @end)
 *
 * Page by page for short ranges; a whole flush (global entries included
 * when @global) for long ones, where that is cheaper. Only this CPU: with
 * more CPUs running, the callers in mm/ must also shoot down the others.
 */
void arch_tlb_flush_range(uint64_t start, uint64_t end, bool global);

#endif /* ARCH_X86_64_MMU_H */
