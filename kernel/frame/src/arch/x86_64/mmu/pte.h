/* SPDX-License-Identifier: MIT */
/* The x86-64 page-table entry: its bits, defined once, and accessors. */
#ifndef ARCH_X86_64_PTE_H
#define ARCH_X86_64_PTE_H

#include <frame/types.h>

/*
 * 4-level paging (Intel SDM vol. 3, "4-Level Paging and 5-Level Paging"):
 * level 4 is the PML4, 3 the PDPT, 2 the page directory, 1 the page table.
 * Every table is one 4 KiB page of 512 entries of 64 bits. An entry of
 * level 2 or 3 with PS set is a leaf that maps 2 MiB or 1 GiB; level 1
 * entries are always leaves. Nothing outside this header spells a PTE bit.
 */
#define PTE_P	(1ull << 0)  /* present */
#define PTE_RW	(1ull << 1)  /* writable */
#define PTE_US	(1ull << 2)  /* user-accessible */
#define PTE_PWT (1ull << 3)  /* write-through */
#define PTE_PCD (1ull << 4)  /* cache disabled */
#define PTE_A	(1ull << 5)  /* accessed, set by the CPU */
#define PTE_D	(1ull << 6)  /* dirty, set by the CPU (leaves only) */
#define PTE_PS	(1ull << 7)  /* page size: a leaf at level 2 or 3 */
#define PTE_G	(1ull << 8)  /* global: survives CR3 loads (leaves only) */
#define PTE_NX	(1ull << 63) /* no execute, when EFER.NXE is on */

/*
 * Bit 9 of a leaf is ignored by the CPU and left to software. The frame
 * records there that a mapping was asked to be executable, so that a
 * query reports the same protection on a CPU without NX, where every
 * page is executable whatever PTE_NX says.
 */
#define PTE_SW_EXEC (1ull << 9)

/*
 * Bit 10, also ignored by the CPU: tdx-sim's stand-in for a trust
 * domain's shared bit. The real one (bit GPAW - 1, 47 or 51) is a
 * reserved physical-address bit on a CPU that is not in a TD, so the
 * model records the conversion here, where the MMU does not look.
 */
#define PTE_SW_TDX_SHARED (1ull << 10)

/* Physical address bits of a table pointer or a 4 KiB leaf. */
#define PTE_ADDR_MASK 0x000ffffffffff000ull

#define PT_LEVELS  4
#define PT_ENTRIES 512

/*@
  // Whether entry value e, present, is a leaf at level (as pte_is_leaf()).
  predicate pte_leaf(integer e, integer level) =
    level == 1 || (e & PTE_PS) != 0;
*/

/* Bytes one entry at @level maps: 4 KiB, 2 MiB, 1 GiB, 512 GiB. */
static inline uint64_t pt_level_size(int level)
{
	return 4096ull << (9 * (level - 1));
}

/* Index of @va's entry in its table at @level. */
static inline unsigned int pt_index(uint64_t va, int level)
{
	return (unsigned int)(va >> (12 + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

/*@ assigns \nothing; */
static inline bool pte_present(uint64_t e)
{
	return e & PTE_P;
}

/* Whether a present entry at @level maps memory rather than a table. */
/*@
  assigns \nothing;
  ensures leaf: \result != 0 <==> pte_leaf(e, level);
*/
static inline bool pte_is_leaf(uint64_t e, int level)
{
	return level == 1 || (e & PTE_PS);
}

/*
 * The physical address an entry points to: a table, or the first byte of
 * the page it maps. Bit 12 of a huge leaf is its PAT bit, hence the mask
 * to the leaf's own alignment.
 */
/*@ assigns \nothing; */
static inline uint64_t pte_addr(uint64_t e, int level)
{
	uint64_t a = e & PTE_ADDR_MASK;

	if (level > 1 && (e & PTE_PS))
		a &= ~(pt_level_size(level) - 1);
	return a;
}

/* The bits of a leaf other than its address (P, RW, US, NX, ...). */
static inline uint64_t pte_flags(uint64_t e)
{
	return e & ~PTE_ADDR_MASK;
}

/* A pointer to the table at @pa; user tables must allow user leaves. */
static inline uint64_t pte_make_table(uint64_t pa, bool user)
{
	return (pa & PTE_ADDR_MASK) | PTE_P | PTE_RW | (user ? PTE_US : 0);
}

/* A leaf at @level mapping @pa with @flags (PTE_P is implied). */
/*@
  assigns \nothing;
  ensures leaf: pte_leaf(\result, level);
*/
static inline uint64_t pte_make_leaf(uint64_t pa, int level, uint64_t flags)
{
	flags &= ~PTE_PS;
	return (pa & PTE_ADDR_MASK) | flags | PTE_P | (level > 1 ? PTE_PS : 0);
}

#endif /* ARCH_X86_64_PTE_H */
