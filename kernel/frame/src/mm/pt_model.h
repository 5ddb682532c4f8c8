/* SPDX-License-Identifier: MIT */
/* The page-table walk: its state, entry points, entry reads and model. */
#ifndef MM_PT_MODEL_H
#define MM_PT_MODEL_H

#include <frame/types.h>

#include "arch/x86_64/mmu/mmu.h"
#include "arch/x86_64/mmu/pte.h"
#include "mm/mm.h"
#include "mm/pt.h"
#include "mm/pt_logic.h"

/*
 * Entries are read atomically: the CPU sets the accessed and dirty bits
 * of live entries behind our back, and (with SMP) other CPUs walk these
 * tables while we change them. pt.c wraps these readers in functions
 * whose contracts its proof assumes; pt_space.c, which is not proved,
 * calls them directly.
 */
static inline uint64_t pt_entry_load(const uint64_t *e)
{
	return __atomic_load_n(e, __ATOMIC_RELAXED);
}

/* The table a present, non-leaf entry @e points to (the direct map). */
static inline uint64_t *pt_table_of(uint64_t e)
{
	return mm_phys_to_virt(paddr(pte_addr(e, PT_LEVELS)));
}

/* The top-level table of @s. */
static inline uint64_t *pt_root_of(const struct pt_space *s)
{
	return mm_phys_to_virt(s->root);
}

/*
 * What an unmap takes out is given back (pages released, tables freed)
 * only after the TLB flush that makes it unreachable. The walk collects it
 * here, and flushes and gives back whenever the batch fills and at the
 * end, so an unmap of any size needs no allocation.
 */
#define PT_BATCH 32

struct pt_deferred {
	uint64_t pa, size;
	bool table;
};

enum pt_op {
	PT_OP_MAP,
	PT_OP_UNMAP,
	PT_OP_PROTECT,
};

struct pt_walk {
	struct pt_space *s;
	enum pt_op op;
	uint64_t va0, pa0; /* PT_OP_MAP: va0 maps to pa0 */
	uint64_t flags;	   /* PT_OP_MAP, PT_OP_PROTECT: the leaf's bits */
	uint64_t max_page; /* PT_OP_MAP */
	bool release;	   /* PT_OP_UNMAP, pt_replace(): call s->release */
	uint64_t progress; /* PT_OP_MAP: mapped up to here */
	uint64_t flush_lo, flush_hi; /* pending TLB flush, empty if equal */
	size_t n;
	struct pt_deferred def[PT_BATCH];
};

/*
 * The walk's proof (docs/prove.md) sees page tables through a model: each
 * entry of a table the walk reaches has its level, pt_lv(), and 0 is the
 * level of memory that is no page table's. The contracts of pt.c's
 * primitives, assumed, say which level each table has: the root is at
 * level 4 and an entry at level L points to a table at level L - 1.
 * Tables of different levels are then different memory, and a walk's
 * state, which is no table, is apart from all of them.
 */
/*@
  axiomatic PtTables {
    logic integer pt_lv(uint64_t *p);
    logic uint64_t *pt_root(struct pt_space *s);
  }

  predicate pt_table(uint64_t *t, integer level) =
    \valid(t + (0 .. 511)) &&
    \forall integer i; 0 <= i < 512 ==> pt_lv(t + i) == level;

  // Every entry of a page table is memory the kernel reaches: tables are
  // pages of the direct map, which stays mapped. The public entry points
  // require it (docs/prove.md), so that the walk state on their stack,
  // which did not exist when they were called, is apart from the tables.
  predicate pt_tables_valid =
    \forall uint64_t *p; 1 <= pt_lv(p) <= 4 ==> \valid(p);

  // A walk's state is no page table's entry.
  predicate walk_apart(struct pt_walk *w) =
    \forall uint64_t *p; 1 <= pt_lv(p) <= 4 ==> \separated(p, w);

  // Every entry of s's root that differs between labels A and B holds an
  // address of [va, end): what a walk over that range may change there.
  predicate pt_root_in_range{A, B}(struct pt_space *s, integer va,
				   integer end) =
    \forall integer i; 0 <= i < 512 ==>
      \at(pt_root(s)[i], B) != \at(pt_root(s)[i], A) ==>
      \exists uint64_t x; va <= x < end && (x / pt_span(4)) % 512 == i;

  // Two walks in a row, the second over a part of the first's range.
  lemma pt_root_in_range_chain{A, B, C}:
    \forall struct pt_space *s, integer va, end, part;
      pt_root_in_range{A, B}(s, va, end) &&
      pt_root_in_range{B, C}(s, va, part) && part <= end ==>
      pt_root_in_range{A, C}(s, va, end);

  // A user address's top-level entry is in the root's lower half.
  lemma pt_user_slot:
    \forall integer va; 0 <= va < USER_ADDR_END ==>
      (va / pt_span(4)) % 512 < 256;

  // The kernel half of s's root, entries 256 to 511, which every user
  // space shares with the kernel's, is the same at A and B.
  predicate pt_kernel_half_kept{A, B}(struct pt_space *s) =
    \forall integer i; 256 <= i < 512 ==>
      \at(pt_root(s)[i], B) == \at(pt_root(s)[i], A);
*/

/*
 * pt_walk_run() - run the walk over [@va, @va + @len), page-aligned
 * (pt.h: callers check), in w's space, then flush and give back what it
 * took out; the operation and its arguments are in @w. 0, -EINVAL for a
 * range pt_range_ok() refuses (nothing changed), or the walk's error. A
 * user space's walk never changes the kernel half's top-level entries,
 * which every user space shares with the kernel's.
 */
/*@
  requires \valid(w) && walk_apart(w) && \valid_read(w->s);
  requires pages: va % 4096 == 0 && len % 4096 == 0;
  requires w->op == PT_OP_MAP ==> w->va0 == va && w->progress == va;
  assigns w->progress, w->flush_lo, w->flush_hi, w->n,
    w->def[0 .. PT_BATCH - 1], pt_root(w->s)[0 .. 511],
    { *p | uint64_t *p; 1 <= pt_lv(p) < 4 };
  ensures kernel_half: \old(w->s->user) != 0 ==>
    \forall integer i; 256 <= i < 512 ==>
      pt_root(w->s)[i] == \old(pt_root(w->s)[i]);
  ensures in_range: pt_root_in_range{Pre, Post}(w->s, va, va + len);
  ensures progress: w->op == PT_OP_MAP ==>
    va <= w->progress <= va + len && w->progress % 4096 == 0;
*/
int pt_walk_run(struct pt_walk *w, uint64_t va, uint64_t len);

/*
 * pt_walk_replace() - pt_replace()'s walk in w's space: down to the
 * 4 KiB entry of @va, splitting a huge leaf on the way, then @leaf there
 * in one store, flushed. 0, -ENOENT or -ENOMEM. The only root entry it
 * may change is the one holding @va.
 */
/*@
  requires \valid(w) && walk_apart(w) && \valid_read(w->s);
  requires user: w->s->user != 0 ==> va < USER_ADDR_END;
  requires room: va + 4096 <= 18446744073709551615;
  assigns w->flush_lo, w->flush_hi, w->n, w->def[0 .. PT_BATCH - 1],
    pt_root(w->s)[0 .. 511], { *p | uint64_t *p; 1 <= pt_lv(p) < 4 };
  ensures one_entry: \forall integer i; 0 <= i < 512 ==>
    pt_root(w->s)[i] != \old(pt_root(w->s)[i]) ==>
      i == (va / pt_span(4)) % 512;
*/
int pt_walk_replace(struct pt_walk *w, uint64_t va, uint64_t leaf);

#endif /* MM_PT_MODEL_H */
