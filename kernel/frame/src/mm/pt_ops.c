/* SPDX-License-Identifier: MIT */
/* The page-table operations: map, unmap, protect and replace, proved. */
#include "mm/pt.h"
#include "mm/pt_logic.h"
#include "mm/pt_model.h"

#include <frame/errno.h>

#include "arch/x86_64/mmu/mmu.h"
#include "arch/x86_64/mmu/pte.h"

/*@ assigns \nothing; */
static uint64_t attrs_to_flags(unsigned int attrs)
{
	uint64_t f = 0;

	if (attrs & PT_WRITE)
		f |= PTE_RW;
	if (attrs & PT_USER)
		f |= PTE_US;
	if (attrs & PT_GLOBAL)
		f |= PTE_G;
	if (attrs & PT_UNCACHED)
		f |= PTE_PCD | PTE_PWT;
	if (attrs & PT_SHARED)
		f |= arch_mmu.tdx_shared;
	if (attrs & PT_EXEC)
		f |= PTE_SW_EXEC;
	else if (arch_mmu.nx)
		f |= PTE_NX;
	return f;
}

/*
 * The public walks are proved (docs/prove.md) on what pt.h asks of their
 * callers, page-aligned bounds, and on the model's one assumption about
 * memory: the tables are valid memory (the direct map's), so that the
 * walk state on this stack is apart from all of them. In a user space
 * none changes the root's kernel half; every root entry any of them
 * changes holds an address of [va, va + len).
 */
/*@
  requires \valid_read(s);
  requires tables: pt_tables_valid;
  requires pages: va % 4096 == 0 && len % 4096 == 0;
  assigns pt_root(s)[0 .. 511], { *p | uint64_t *p; 1 <= pt_lv(p) < 4 };
  ensures kernel_half: \old(s->user) != 0 ==>
    pt_kernel_half_kept{Pre, Post}(s);
  ensures in_range: pt_root_in_range{Pre, Post}(s, va, va + len);
*/
int pt_unmap(struct pt_space *s, uint64_t va, uint64_t len)
{
	struct pt_walk w = {
		.s = s,
		.op = PT_OP_UNMAP,
		.release = s->release != NULL,
	};

	//@ assert apart: walk_apart(&w);
	return pt_walk_run(&w, va, len);
}

/*@
  requires \valid_read(s);
  requires tables: pt_tables_valid;
  requires pages: va % 4096 == 0 && len % 4096 == 0;
  assigns pt_root(s)[0 .. 511], { *p | uint64_t *p; 1 <= pt_lv(p) < 4 };
  ensures kernel_half: \old(s->user) != 0 ==>
    pt_kernel_half_kept{Pre, Post}(s);
  ensures in_range: pt_root_in_range{Pre, Post}(s, va, va + len);
*/
int pt_map(struct pt_space *s, uint64_t va, paddr_t pa, uint64_t len,
	   unsigned int attrs, uint64_t max_page)
{
	struct pt_walk w = {
		.s = s,
		.op = PT_OP_MAP,
		.va0 = va,
		.pa0 = pa.val,
		.flags = attrs_to_flags(attrs),
		.max_page = max_page,
		.progress = va,
	};
	int ret;

	//@ assert apart: walk_apart(&w);
	ret = pt_walk_run(&w, va, len);
	/*@ assert mapped: (\at(s->user, Pre) != 0 ==>
	      pt_kernel_half_kept{Pre, Here}(s)) &&
	      pt_root_in_range{Pre, Here}(s, va, va + len); */
	/* Take back what was mapped before the failure; nothing to release:
	 * the caller still owns what it asked to map. The walk mapped
	 * [va, w.progress), page-aligned, and nothing beyond. */
	if (ret && w.progress > va) {
		uint64_t done = w.progress - va;

		//@ assert rollback: done <= len && done % 4096 == 0;
		/* pt_walk_run() left the batch and the pending flush empty. */
		w.op = PT_OP_UNMAP;
		w.release = false;
		//@ assert same_space: w.s == s && s->user == \at(s->user, Pre);
		pt_walk_run(&w, va, done);
		/*@ assert undone: (\at(s->user, Pre) != 0 ==>
		      pt_kernel_half_kept{Pre, Here}(s)) &&
		      pt_root_in_range{Pre, Here}(s, va, va + len); */
	}
	return ret;
}

/*@
  requires \valid_read(s);
  requires tables: pt_tables_valid;
  assigns pt_root(s)[0 .. 511], { *p | uint64_t *p; 1 <= pt_lv(p) < 4 };
  ensures kernel_half: \old(s->user) != 0 ==>
    pt_kernel_half_kept{Pre, Post}(s);
  ensures in_range: pt_root_in_range{Pre, Post}(s, va, va + 4096);
*/
int pt_replace(struct pt_space *s, uint64_t va, paddr_t pa, unsigned int attrs)
{
	struct pt_walk w = {
		.s = s,
		.op = PT_OP_PROTECT,
		.release = s->release != NULL,
	};

	/* The page must be one the walks could reach. */
	if (!pt_range_ok(s->user, va, MM_PAGE_SIZE))
		return -EINVAL;
	//@ assert apart: walk_apart(&w);
	return pt_walk_replace(&w, va,
			       pte_make_leaf(pa.val, 1, attrs_to_flags(attrs)));
}

/*@
  requires \valid_read(s);
  requires tables: pt_tables_valid;
  requires pages: va % 4096 == 0 && len % 4096 == 0;
  assigns pt_root(s)[0 .. 511], { *p | uint64_t *p; 1 <= pt_lv(p) < 4 };
  ensures kernel_half: \old(s->user) != 0 ==>
    pt_kernel_half_kept{Pre, Post}(s);
  ensures in_range: pt_root_in_range{Pre, Post}(s, va, va + len);
*/
int pt_protect(struct pt_space *s, uint64_t va, uint64_t len,
	       unsigned int attrs)
{
	struct pt_walk w = {
		.s = s,
		.op = PT_OP_PROTECT,
		.flags = attrs_to_flags(attrs),
	};

	//@ assert apart: walk_apart(&w);
	return pt_walk_run(&w, va, len);
}
