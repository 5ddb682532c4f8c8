/* SPDX-License-Identifier: MIT */
/* The page-table cursor: walking 4-level tables, and its primitives. */
#include "mm/pt.h"
#include "mm/pt_logic.h"
#include "mm/pt_model.h"

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/panic.h>
#include <frame/string.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/mmu/mmu.h"
#include "arch/x86_64/mmu/pte.h"
#include "smp/smp_internal.h"

/*
 * The primitives the walk reaches entries and tables through, each with
 * the contract its proof assumes (docs/prove.md): WP reads neither the
 * __atomic builtins nor the direct map that makes a table of an entry.
 */
/*@
  requires \valid_read(e);
  assigns \nothing;
  ensures \result == *e;
*/
static uint64_t pte_load(const uint64_t *e)
{
	return pt_entry_load(e);
}

/*@
  requires \valid(e);
  assigns *e;
  ensures *e == v;
*/
static void pte_store(uint64_t *e, uint64_t v)
{
	__atomic_store_n(e, v, __ATOMIC_RELEASE);
}

/* Store @v in @e and return what it held, in one atomic step. */
/*@
  requires \valid(e);
  assigns *e;
  ensures *e == v;
  ensures \result == \old(*e);
*/
static uint64_t pte_exchange(uint64_t *e, uint64_t v)
{
	return __atomic_exchange_n(e, v, __ATOMIC_ACQ_REL);
}

/*
 * Store @v in @e if it still holds *@old; otherwise load into *@old what
 * it holds now. Whether it stored.
 */
/*@
  requires \valid(e) && \valid(old) && \separated(e, old);
  assigns *e, *old;
  ensures \result != 0 ==> *e == v;
  ensures \result == 0 ==> *e == \old(*e) && *old == \old(*e);
*/
static bool pte_compare_exchange(uint64_t *e, uint64_t *old, uint64_t v)
{
	return __atomic_compare_exchange_n(e, old, v, false, __ATOMIC_ACQ_REL,
					   __ATOMIC_RELAXED);
}

/*
 * The table the present, non-leaf entry @e points to. It is one level
 * down: another table than @e's, through the direct map.
 */
/*@
  requires \valid_read(e);
  requires 2 <= pt_lv(e) <= 4;
  assigns \nothing;
  ensures pt_table(\result, pt_lv(e) - 1);
  ensures \separated(\result + (0 .. 511), e);
*/
static uint64_t *table_below(const uint64_t *e)
{
	return pt_table_of(pte_load(e));
}

/*@
  requires \valid_read(s);
  assigns \nothing;
  ensures \result == pt_root(s);
  ensures pt_table(\result, 4);
*/
static uint64_t *root_table(const struct pt_space *s)
{
	return pt_root_of(s);
}

bool pt_is_active(const struct pt_space *s)
{
	return (arch_read_cr3() & PTE_ADDR_MASK) == s->root.val;
}

/* Add [@lo, @hi), a range that does not wrap, to the pending TLB flush. */
/*@
  requires \valid(w);
  requires lo < hi;
  assigns w->flush_lo, w->flush_hi;
*/
static void walk_note_flush(struct pt_walk *w, uint64_t lo, uint64_t hi)
{
	if (w->flush_lo == w->flush_hi) {
		w->flush_lo = lo;
		w->flush_hi = hi;
		return;
	}
	w->flush_lo = MIN(w->flush_lo, lo);
	w->flush_hi = MAX(w->flush_hi, hi);
}

/*
 * Flush what the walk changed, then give back what it took out. Kernel
 * mappings are global and live in every space, so every CPU flushes them;
 * a user space's entries can only be cached by the CPUs that have loaded
 * its tables, so this CPU flushes when the space is live here and the
 * shootdown reaches the others that have it.
 */
/*@
  requires \valid(w);
  assigns w->flush_lo, w->flush_hi, w->n;
*/
static void walk_commit(struct pt_walk *w)
{
	/*
	 * Here and only here: flush locally, then on every other CPU that
	 * may hold the translations (smp/tlb.c), before anything unmapped
	 * is given back.
	 */
	if (w->flush_lo != w->flush_hi) {
		if (w->s->user) {
			if (pt_is_active(w->s))
				arch_tlb_flush_range(w->flush_lo, w->flush_hi,
						     false);
			smp_tlb_shootdown(w->flush_lo, w->flush_hi, false,
					  w->s->root.val);
		} else if (mm_kernel_tables_live()) {
			arch_tlb_flush_range(w->flush_lo, w->flush_hi, true);
			smp_tlb_shootdown(w->flush_lo, w->flush_hi, true, 0);
		}
		w->flush_lo = w->flush_hi = 0;
	}
	for (size_t i = 0; i < w->n; i++) {
		if (w->def[i].table)
			mm_table_free(paddr(w->def[i].pa));
		else
			w->s->release(paddr(w->def[i].pa), w->def[i].size);
	}
	w->n = 0;
}

/*@
  requires \valid(w);
  assigns w->flush_lo, w->flush_hi, w->n, w->def[0 .. PT_BATCH - 1];
*/
static void walk_defer(struct pt_walk *w, uint64_t pa, uint64_t size,
		       bool table)
{
	if (w->n == PT_BATCH)
		walk_commit(w);
	w->def[w->n++] = (struct pt_deferred){ pa, size, table };
}

/*
 * A new, empty table for entry @e: a table one level down, which only
 * this entry reaches. 0 or -ENOMEM.
 */
/*@
  requires \valid_read(w) && \valid(e);
  requires 2 <= level <= 4 && pt_lv(e) == level;
  assigns *e, { *p | uint64_t *p; pt_lv(p) == level - 1 };
  ensures table: \result == 0 ==> !pte_leaf(*e, level);
  ensures failed: \result != 0 ==> *e == \old(*e);
*/
static int walk_new_table(struct pt_walk *w, uint64_t *e, int level)
{
	paddr_t pa;
	int ret;

	/* Every user space shares the kernel's top-level entries. */
	BUG_ON(level == PT_LEVELS && !w->s->user && w->s->sealed);
	ret = mm_table_alloc(&pa);
	if (ret)
		return ret;
	pte_store(e, pte_make_table(pa.val, w->s->user));
	return 0;
}

/*
 * Replace the huge leaf @e (at @level, mapping from @va) by a table of
 * 512 leaves one level down that map the same memory the same way.
 * 0 or -ENOMEM.
 */
/*@
  requires \valid(w) && \valid(e);
  requires 2 <= level <= 4 && pt_lv(e) == level;
  assigns *e, w->flush_lo, w->flush_hi,
    { *p | uint64_t *p; pt_lv(p) == level - 1 };
  ensures table: \result == 0 ==> !pte_leaf(*e, level);
  ensures failed: \result != 0 ==> *e == \old(*e);
*/
static int walk_split(struct pt_walk *w, uint64_t *e, int level, uint64_t va)
{
	uint64_t old = pte_load(e);
	uint64_t pa = pte_addr(old, level);
	uint64_t sub = pt_level_size(level - 1);
	uint64_t *child;
	paddr_t table;
	int ret;

	ret = mm_table_alloc(&table);
	if (ret)
		return ret;
	child = mm_phys_to_virt(table);
	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		child[i] =
			pte_make_leaf(pa + i * sub, level - 1, pte_flags(old));
	pte_store(e, pte_make_table(table.val, w->s->user));
	/* Same translations, another page size: flush the big entry. */
	walk_note_flush(w, va, va + pt_level_size(level));
	return 0;
}

/*@
  requires \valid_read(t + (0 .. 511));
  assigns \nothing;
*/
static bool table_empty(const uint64_t *t)
{
	for (unsigned int i = 0; i < PT_ENTRIES; i++) {
		if (pte_load(&t[i]))
			return false;
	}
	return true;
}

/*
 * walk() hands each entry of one table to walk_map() or walk_change()
 * with the part [va, stop) of its range that lies in that entry; they
 * write that entry, or recurse with [va, stop) on the table one level
 * below it. All three are proved (docs/prove.md): walk_map() and
 * walk_change() write only their entry and tables of lower levels, a
 * huge leaf only into an entry that lies wholly in the range, and note
 * TLB flushes that do not wrap; walk() writes only the entries of its
 * table that hold an address of its range, and tables of lower levels,
 * so on the root of a user range it leaves the kernel half alone.
 */
/*@
  requires 1 <= level <= 4;
  requires pt_table(table, level);
  requires \valid(w) && walk_apart(w) && \valid_read(w->s);
  requires va <= end;
  requires pages: va % 4096 == 0 && end % 4096 == 0;
  requires w->op == PT_OP_MAP ==> w->va0 <= va;
  requires progress: w->op == PT_OP_MAP ==>
    w->progress <= va && w->progress % 4096 == 0;
  assigns table[0 .. 511], w->progress, w->flush_lo, w->flush_hi, w->n,
    w->def[0 .. PT_BATCH - 1], { *p | uint64_t *p; 1 <= pt_lv(p) < level };
  ensures progress: w->op == PT_OP_MAP ==>
    \old(w->progress) <= w->progress <= end && w->progress % 4096 == 0;
  ensures in_range: \forall integer i; 0 <= i < 512 ==>
    table[i] != \old(table[i]) ==> \exists uint64_t x;
      \old(va) <= x < end && (x / pt_span(level)) % 512 == i;
  ensures user_half: level == 4 && end <= USER_ADDR_END ==>
    \forall integer i; 256 <= i < 512 ==> table[i] == \old(table[i]);
*/
static int walk(struct pt_walk *w, uint64_t *table, int level, uint64_t va,
		uint64_t end);

/* One entry of PT_OP_MAP: [va, stop) is the part of it in the range. */
/*@
  requires 1 <= level <= 4;
  requires \valid(e) && pt_lv(e) == level;
  requires \valid(w) && walk_apart(w) && \valid_read(w->s);
  requires w->op == PT_OP_MAP && w->va0 <= va;
  requires progress: w->progress <= va && w->progress % 4096 == 0;
  requires va < stop;
  requires same_entry: (stop - 1) / pt_span(level) == va / pt_span(level);
  requires whole: full != 0 <==>
    (va % pt_span(level) == 0 && stop == va + pt_span(level));
  requires pages: level == 1 ==> full != 0;
  requires aligned: va % 4096 == 0 && stop % 4096 == 0;
  assigns *e, w->progress, w->flush_lo, w->flush_hi, w->n,
    w->def[0 .. PT_BATCH - 1], { *p | uint64_t *p; 1 <= pt_lv(p) < level };
  ensures huge_whole: level > 1 && *e != \old(*e) && *e != 0 &&
    pte_leaf(*e, level) ==> full != 0;
  ensures progress: \old(w->progress) <= w->progress <= stop &&
    w->progress % 4096 == 0;
*/
static int walk_map(struct pt_walk *w, uint64_t *e, int level, uint64_t va,
		    uint64_t stop, bool full)
{
	uint64_t size = pt_size(level);
	uint64_t pa = w->pa0 + (va - w->va0);
	uint64_t old = pte_load(e);
	int ret;

	if (level == 1 || (full && size <= w->max_page && !(pa & (size - 1)))) {
		if (pte_present(old))
			return -EEXIST;
		pte_store(e, pte_make_leaf(pa, level, w->flags));
		w->progress = stop;
		return 0;
	}
	if (!pte_present(old)) {
		ret = walk_new_table(w, e, level);
		if (ret)
			return ret;
	} else if (pte_is_leaf(old, level)) {
		return -EEXIST;
	}
	return walk(w, table_below(e), level - 1, va, stop);
}

/* One entry of PT_OP_UNMAP or PT_OP_PROTECT. */
/*@
  requires 1 <= level <= 4;
  requires \valid(e) && pt_lv(e) == level;
  requires \valid(w) && walk_apart(w) && \valid_read(w->s);
  requires w->op != PT_OP_MAP;
  requires va < stop;
  requires same_entry: (stop - 1) / pt_span(level) == va / pt_span(level);
  requires whole: full != 0 <==>
    (va % pt_span(level) == 0 && stop == va + pt_span(level));
  requires pages: level == 1 ==> full != 0;
  requires aligned: va % 4096 == 0 && stop % 4096 == 0;
  assigns *e, w->progress, w->flush_lo, w->flush_hi, w->n,
    w->def[0 .. PT_BATCH - 1], { *p | uint64_t *p; 1 <= pt_lv(p) < level };
  ensures huge_whole: level > 1 && *e != \old(*e) && *e != 0 &&
    pte_leaf(*e, level) ==> full != 0;
*/
static int walk_change(struct pt_walk *w, uint64_t *e, int level, uint64_t va,
		       uint64_t stop, bool full)
{
	uint64_t size = pt_size(level);
	uint64_t base = pt_base(va, level);
	uint64_t old = pte_load(e), keep;
	uint64_t *child;
	int ret;

	if (!pte_present(old))
		return 0;
	if (pte_is_leaf(old, level) && full) {
		walk_note_flush(w, base, base + size);
		if (w->op == PT_OP_UNMAP) {
			old = pte_exchange(e, 0);
			if (w->release)
				walk_defer(w, pte_addr(old, level), size,
					   false);
			return 0;
		}
		/* Keep the accessed and dirty bits the CPU may be setting. */
		/*@
		  loop invariant \valid(e) && \valid(w);
		  loop assigns old, keep, *e;
		*/
		do {
			keep = old & (PTE_A | PTE_D);
		} while (!pte_compare_exchange(
			e, &old,
			pte_make_leaf(pte_addr(old, level), level,
				      w->flags | keep)));
		return 0;
	}
	if (pte_is_leaf(old, level)) {
		ret = walk_split(w, e, level, base);
		if (ret)
			return ret;
	}
	/* Steps for the provers: e now points to a table, and the walk
	 * below writes only lower levels, so e still does after it. */
	//@ assert table: !pte_leaf(*e, level);
	child = table_below(e);
	ret = walk(w, child, level - 1, va, stop);
	//@ assert kept: !pte_leaf(*e, level);
	if (ret || w->op != PT_OP_UNMAP)
		return ret;
	/* The kernel's top-level entries stay, even when empty. */
	if ((w->s->user || level < PT_LEVELS) && table_empty(child)) {
		old = pte_load(e);
		pte_store(e, 0);
		walk_note_flush(w, base, base + MM_PAGE_SIZE);
		walk_defer(w, pte_addr(old, level), MM_PAGE_SIZE, true);
		//@ assert cleared: *e == 0;
	}
	return 0;
}

/* Apply w->op to [va, end) within @table, a table at @level. */
static int walk(struct pt_walk *w, uint64_t *table, int level, uint64_t va,
		uint64_t end)
{
	/* pt_step() and pt_slot() are proved (pt_logic.h): the entry e
	 * holds [va, stop), inside [va, end), and is whole when full. */
	/*@
	  loop invariant \at(va, Pre) <= va <= end;
	  loop invariant va % 4096 == 0;
	  loop invariant w->op == PT_OP_MAP ==> w->va0 <= va;
	  loop invariant progress: w->op == PT_OP_MAP ==>
	    \at(w->progress, Pre) <= w->progress <= va &&
	    w->progress % 4096 == 0;
	  loop invariant in_range: \forall integer i; 0 <= i < 512 ==>
	    table[i] != \at(table[i], Pre) ==> \exists uint64_t x;
	      \at(va, Pre) <= x < va && (x / pt_span(level)) % 512 == i;
	  loop invariant user_half: level == 4 && end <= USER_ADDR_END ==>
	    \forall integer i; 256 <= i < 512 ==>
	      table[i] == \at(table[i], Pre);
	  loop assigns va, table[0 .. 511], w->progress, w->flush_lo,
	    w->flush_hi, w->n, w->def[0 .. PT_BATCH - 1],
	    { *p | uint64_t *p; 1 <= pt_lv(p) < level };
	  loop variant end - va;
	*/
	while (va < end) {
		bool full;
		uint64_t stop = pt_step(va, end, level, &full);
		uint64_t *e = &table[pt_slot(va, level)];
		int ret;

		//@ assert in_range: \at(va, Pre) <= va && stop <= end;

		if (w->op == PT_OP_MAP)
			ret = walk_map(w, e, level, va, stop, full);
		else
			ret = walk_change(w, e, level, va, stop, full);
		if (ret)
			return ret;
		va = stop;
	}
	return 0;
}

int pt_walk_run(struct pt_walk *w, uint64_t va, uint64_t len)
{
	uint64_t *root = root_table(w->s);
	int ret = -EINVAL;

	/*@ assert apart: \forall integer i; 0 <= i < 512 ==>
	      \separated(root + i, w); */
	/* A user space's walk never reaches a kernel-half entry, and no
	 * walk's end wraps past the top (pt_range_ok() is proved). */
	if (pt_range_ok(w->s->user, va, len)) {
		ret = walk(w, root, PT_LEVELS, va, va + len);
		/*@ assert progress: w->op == PT_OP_MAP ==>
		      va <= w->progress <= va + len; */
	}
	walk_commit(w);
	return ret;
}

/*
 * pt_replace()'s work in w's space: down to the 4 KiB entry of @va,
 * splitting a huge leaf on the way, then @leaf there in one store.
 * 0, -ENOENT or -ENOMEM. The only root entry it may change is @va's.
 */
/*@
  requires \valid(w) && walk_apart(w) && \valid_read(w->s);
  requires user: w->s->user != 0 ==> va < USER_ADDR_END;
  requires room: va + 4096 <= 18446744073709551615;
  assigns w->flush_lo, w->flush_hi, w->n, w->def[0 .. PT_BATCH - 1],
    pt_root(w->s)[0 .. 511], { *p | uint64_t *p; 1 <= pt_lv(p) < 4 };
  ensures root: pt_table(pt_root(w->s), 4);
  ensures one_entry: \forall integer i; 0 <= i < 512 ==>
    pt_root(w->s)[i] != \old(pt_root(w->s)[i]) ==>
      i == (va / pt_span(4)) % 512;
*/
static int walk_replace(struct pt_walk *w, uint64_t va, uint64_t leaf)
{
	uint64_t *table = root_table(w->s);
	uint64_t *e, old;
	int ret;

	/*@
	  loop invariant 1 <= level <= 4;
	  loop invariant pt_table(table, level);
	  loop invariant level == 4 ==> table == pt_root(w->s);
	  loop invariant one_entry: \forall integer i; 0 <= i < 512 ==>
	    pt_root(w->s)[i] != \at(pt_root(w->s)[i], Pre) ==>
	      i == (va / pt_span(4)) % 512;
	  loop assigns level, table, e, old, ret, w->flush_lo, w->flush_hi,
	    pt_root(w->s)[0 .. 511], { *p | uint64_t *p; 1 <= pt_lv(p) < 4 };
	  loop variant level;
	*/
	for (int level = PT_LEVELS; level > 1; level--) {
		e = &table[pt_slot(va, level)];
		old = pte_load(e);
		if (!pte_present(old))
			return -ENOENT;
		if (pte_is_leaf(old, level)) {
			ret = walk_split(w, e, level, pt_base(va, level));
			if (ret)
				return ret;
		}
		table = table_below(e);
	}
	e = &table[pt_slot(va, 1)];
	if (!pte_present(pte_load(e)))
		return -ENOENT;
	/* One store: no CPU ever sees the entry empty. */
	old = pte_exchange(e, leaf);
	walk_note_flush(w, va, va + MM_PAGE_SIZE);
	if (w->release)
		walk_defer(w, pte_addr(old, 1), MM_PAGE_SIZE, false);
	return 0;
}

int pt_walk_replace(struct pt_walk *w, uint64_t va, uint64_t leaf)
{
	int ret = walk_replace(w, va, leaf);

	walk_commit(w);
	return ret;
}
