/* SPDX-License-Identifier: MIT */
/* Adjusting the early page tables that entry.S built. */
#include "arch/x86_64/arch.h"

#include "arch/x86_64/layout.h"

/* The 4 KiB page table entry.S uses for the first 2 MiB of memory. */
extern uint64_t arch_boot_pt_low[512];

static void invlpg(uint64_t addr)
{
	__asm__ volatile("invlpg (%0)" : : "r"(addr) : "memory");
}

void arch_unmap_null_page(void)
{
	/* One table serves the identity map and the KERNEL_VMA alias. */
	__atomic_store_n(&arch_boot_pt_low[0], 0, __ATOMIC_RELEASE);
	invlpg(0);
	invlpg(KERNEL_VMA);
}
