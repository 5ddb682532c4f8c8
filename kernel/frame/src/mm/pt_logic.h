/* SPDX-License-Identifier: MIT */
/* The page-table walk's address arithmetic, and its contracts. */
#ifndef MM_PT_LOGIC_H
#define MM_PT_LOGIC_H

#include <frame/types.h>

#include "arch/x86_64/layout.h"

/*
 * What pt.c's walk decides from addresses alone: which ranges it may
 * change, which entry of a table holds an address, and how far one entry
 * of the walk over [va, end) reaches. Each function carries an ACSL
 * contract that `osdk prove` proves (docs/prove.md): together they say
 * that every entry the walk writes maps only addresses inside the range it
 * was asked to change, that a user space's walk stays in the user half,
 * and that no address computation wraps at the top of the address space.
 * The entries themselves (atomic loads and stores), the tables' physical
 * addresses and the TLB flushes are outside the proof.
 */

/*@
  // Bytes one entry at a level maps: 4 KiB, 2 MiB, 1 GiB, 512 GiB.
  logic integer pt_span(integer level) =
    level == 1 ? 4096 : level == 2 ? 2097152 :
    level == 3 ? 1073741824 : 549755813888;
*/

/*
 * pt_range_ok() - whether a walk over [@va, @va + @len) may run in a
 * space: a user space's only inside the user half, a kernel space's
 * anywhere the end does not wrap past the top of the address space
 */
/*@
  assigns \nothing;
  ensures user_half: user != 0 ==>
    (\result != 0 <==> va + len <= USER_ADDR_END);
  ensures no_wrap: user == 0 ==>
    (\result != 0 <==> va + len <= 18446744073709551615);
*/
bool pt_range_ok(bool user, uint64_t va, uint64_t len);

/* pt_size() - the bytes one entry at @level (1 to 4) maps */
/*@
  requires 1 <= level <= 4;
  assigns \nothing;
  ensures span: \result == pt_span(level);
*/
uint64_t pt_size(int level);

/*
 * pt_base() - the first address of the entry at @level that holds @va;
 * that entry's end does not wrap past the top of the address space
 */
/*@
  requires 1 <= level <= 4;
  assigns \nothing;
  ensures base: \result == va - va % pt_span(level);
  ensures room: \result + pt_span(level) <= 18446744073709551616;
*/
uint64_t pt_base(uint64_t va, int level);

/* pt_slot() - the index of @va's entry in its table at @level (1 to 4) */
/*@
  requires 1 <= level <= 4;
  assigns \nothing;
  ensures bound: \result < 512;
  ensures slot: \result == (va / pt_span(level)) % 512;
  ensures user_half: level == 4 && va < USER_ADDR_END ==> \result < 256;
*/
unsigned int pt_slot(uint64_t va, int level);

/*
 * pt_step() - how far the entry at @level holding @va reaches into
 * [@va, @end): the walk's next address; *@full tells whether the part of
 * the range in that entry is the whole entry, so that a leaf written there
 * maps nothing outside the range
 */
/*@
  requires 1 <= level <= 4;
  requires va < end;
  requires \valid(full);
  assigns *full;
  ensures progress: va < \result <= end;
  ensures one_entry: \result - va <= pt_span(level);
  ensures same_entry: (\result - 1) / pt_span(level) == va / pt_span(level);
  ensures entry_end: \result == end || \result % pt_span(level) == 0;
  ensures whole: *full != 0 <==>
    (va % pt_span(level) == 0 && \result == va + pt_span(level));
  ensures pages: level == 1 && va % 4096 == 0 && end % 4096 == 0 ==>
    *full != 0;
  ensures aligned: va % 4096 == 0 && end % 4096 == 0 ==>
    \result % 4096 == 0;
*/
uint64_t pt_step(uint64_t va, uint64_t end, int level, bool *full);

#endif /* MM_PT_LOGIC_H */
