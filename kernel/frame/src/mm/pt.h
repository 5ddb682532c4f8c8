/* SPDX-License-Identifier: MIT */
/* The page-table engine behind the kernel's mappings and every vm_space. */
#ifndef MM_PT_H
#define MM_PT_H

#include <frame/types.h>

#include "mm/mm.h"

/*
 * Mapping attributes, independent of the PTE encoding (arch/x86_64/mmu/pte.h
 * has that). A present mapping is always readable.
 */
#define PT_WRITE    (1u << 0)
#define PT_EXEC	    (1u << 1)
#define PT_USER	    (1u << 2) /* user-accessible */
#define PT_GLOBAL   (1u << 3) /* kept across address-space switches */
#define PT_UNCACHED (1u << 4) /* device memory */
#define PT_SHARED   (1u << 7) /* TDX: shared with the host (arch_mmu) */
/* Reported by pt_query(), ignored when mapping: */
#define PT_ACCESSED (1u << 5)
#define PT_DIRTY    (1u << 6)

/*
 * The walks of pt_map(), pt_unmap() and pt_protect() return -EINVAL,
 * changing nothing, for a range a user space may not touch (any part at
 * or above USER_ADDR_END) or whose end wraps past the top of the address
 * space.
 *
 * One tree of page tables. @release is called for every leaf an unmap
 * removes, once no TLB can still hold it (the user spaces drop their page
 * references there; the kernel's space has none). @user spaces may only
 * be changed below USER_ADDR_END; their top-level entries and tables are
 * freed when emptied. In the kernel's space the top-level entries are
 * fixed once @sealed: every user space copies them at creation.
 */
struct pt_space {
	paddr_t root;
	bool user;
	bool sealed;
	void (*release)(paddr_t pa, uint64_t size);
};

/* One leaf, as pt_query() and pt_find() report it. */
struct pt_mapping {
	uint64_t va;   /* first address the leaf maps */
	uint64_t size; /* 4 KiB, 2 MiB or 1 GiB */
	paddr_t pa;    /* what va maps to */
	unsigned int attrs;
};

/*
 * pt_map() - map [@va, @va + @len) to [@pa, @pa + @len)
 * @max_page: the largest leaf to use (4 KiB, 2 MiB or 1 GiB); larger
 *            leaves are used wherever @va, @pa and the range allow
 *
 * All or nothing: 0; -EEXIST when part of the range is mapped already,
 * -ENOMEM when a table cannot be allocated, and then nothing is left
 * mapped (though tables allocated on the way may stay, empty). Addresses
 * and length must be page-aligned (callers check).
 */
int pt_map(struct pt_space *s, uint64_t va, paddr_t pa, uint64_t len,
	   unsigned int attrs, uint64_t max_page);

/*
 * pt_unmap() - remove every mapping in [@va, @va + @len)
 *
 * A huge leaf that straddles an end is split first, keeping its outer
 * part. Tables left empty are freed. 0, or -ENOMEM when a split needs a
 * table that cannot be had: the range is then unmapped up to that leaf,
 * and calling again finishes the job.
 */
int pt_unmap(struct pt_space *s, uint64_t va, uint64_t len);

/*
 * pt_protect() - give every mapping in [@va, @va + @len) the attributes
 * @attrs, keeping what it maps; holes stay holes. Splits as pt_unmap()
 * does; 0 or -ENOMEM (the range then changed up to the failing split).
 */
int pt_protect(struct pt_space *s, uint64_t va, uint64_t len,
	       unsigned int attrs);

/*
 * pt_replace() - make the 4 KiB page at @va map @pa with @attrs, in one
 * store, where something is mapped now; a huge leaf there is split first
 *
 * The old page is released after the TLB flush, as by pt_unmap(). 0;
 * -ENOENT when nothing maps @va; -ENOMEM when a split cannot get a table
 * (nothing changed then); -EINVAL, changing nothing, for a page the walks
 * would refuse (a user space's at or above USER_ADDR_END, or the last
 * page of the address space).
 */
int pt_replace(struct pt_space *s, uint64_t va, paddr_t pa, unsigned int attrs);

/* pt_query() - the leaf that maps @va; false when @va is not mapped */
bool pt_query(struct pt_space *s, uint64_t va, struct pt_mapping *out);

/*
 * pt_find() - the first leaf that maps an address in [@va, @end); skips
 * unmapped space a whole table at a time. False when there is none.
 */
bool pt_find(struct pt_space *s, uint64_t va, uint64_t end,
	     struct pt_mapping *out);

/*
 * pt_user_init() - a new user space whose kernel half is @kernel's
 *
 * 0 or -ENOMEM. pt_user_destroy() unmaps its user half (releasing every
 * leaf) and frees all its tables.
 */
int pt_user_init(struct pt_space *s, const struct pt_space *kernel,
		 void (*release)(paddr_t pa, uint64_t size));
void pt_user_destroy(struct pt_space *s);

/* pt_is_active() - whether @s is the space loaded in this CPU's CR3 */
bool pt_is_active(const struct pt_space *s);

#endif /* MM_PT_H */
