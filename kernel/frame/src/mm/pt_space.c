/* SPDX-License-Identifier: MIT */
/* Looking up what a space maps, and making and tearing down user spaces. */
#include "mm/pt.h"
#include "mm/pt_logic.h"
#include "mm/pt_model.h"

#include <frame/panic.h>

#include "arch/x86_64/mmu/mmu.h"
#include "arch/x86_64/mmu/pte.h"

static unsigned int flags_to_attrs(uint64_t e)
{
	unsigned int a = 0;

	if (e & PTE_RW)
		a |= PT_WRITE;
	if (e & PTE_SW_EXEC)
		a |= PT_EXEC;
	if (e & PTE_US)
		a |= PT_USER;
	if (e & PTE_G)
		a |= PT_GLOBAL;
	if (e & PTE_PCD)
		a |= PT_UNCACHED;
	if (arch_mmu.tdx_shared && (e & arch_mmu.tdx_shared))
		a |= PT_SHARED;
	if (e & PTE_A)
		a |= PT_ACCESSED;
	if (e & PTE_D)
		a |= PT_DIRTY;
	return a;
}

static void fill_mapping(struct pt_mapping *out, uint64_t e, int level,
			 uint64_t va)
{
	uint64_t size = pt_level_size(level);

	out->va = va & ~(size - 1);
	out->size = size;
	out->pa = paddr(pte_addr(e, level));
	out->attrs = flags_to_attrs(e);
}

bool pt_query(struct pt_space *s, uint64_t va, struct pt_mapping *out)
{
	const uint64_t *table = pt_root_of(s);

	for (int level = PT_LEVELS; level >= 1; level--) {
		uint64_t e = pt_entry_load(&table[pt_index(va, level)]);

		if (!pte_present(e))
			return false;
		if (pte_is_leaf(e, level)) {
			fill_mapping(out, e, level, va);
			return true;
		}
		table = pt_table_of(e);
	}
	return false;
}

/* pt_find() below @table: 1 found, 0 not in [va, end). */
static bool find_in(const uint64_t *table, int level, uint64_t va, uint64_t end,
		    struct pt_mapping *out)
{
	while (va < end) {
		bool full;
		uint64_t stop = pt_step(va, end, level, &full);
		uint64_t e = pt_entry_load(&table[pt_slot(va, level)]);

		if (pte_present(e)) {
			if (pte_is_leaf(e, level)) {
				fill_mapping(out, e, level, va);
				return true;
			}
			if (find_in(pt_table_of(e), level - 1, va, stop, out))
				return true;
		}
		va = stop;
	}
	return false;
}

bool pt_find(struct pt_space *s, uint64_t va, uint64_t end,
	     struct pt_mapping *out)
{
	return find_in(pt_root_of(s), PT_LEVELS, va, end, out);
}

int pt_user_init(struct pt_space *s, const struct pt_space *kernel,
		 void (*release)(paddr_t pa, uint64_t size))
{
	const uint64_t *kroot = pt_root_of(kernel);
	uint64_t *root;
	int ret;

	ret = mm_table_alloc(&s->root);
	if (ret)
		return ret;
	s->user = true;
	s->sealed = false;
	s->release = release;
	root = pt_root_of(s);
	for (unsigned int i = PT_ENTRIES / 2; i < PT_ENTRIES; i++)
		root[i] = kroot[i];
	return 0;
}

void pt_user_destroy(struct pt_space *s)
{
	BUG_ON(pt_is_active(s));
	/* The range is whole top-level entries: no split, so no failure. */
	BUG_ON(pt_unmap(s, 0, USER_ADDR_END));
	mm_table_free(s->root);
}
