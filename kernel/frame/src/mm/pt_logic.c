/* SPDX-License-Identifier: MIT */
/* The page-table walk's address arithmetic (proved: see pt_logic.h). */
#include "mm/pt_logic.h"

#include "arch/x86_64/mmu/pte.h"

/* pt_level_size() as a table, which the provers read as constants. */
static const uint64_t pt_spans[PT_LEVELS + 1] = {
	0, 4096ull, 4096ull << 9, 4096ull << 18, 4096ull << 27,
};

bool pt_range_ok(bool user, uint64_t va, uint64_t len)
{
	if (user)
		return va <= USER_ADDR_END && len <= USER_ADDR_END - va;
	return len <= UINT64_MAX - va;
}

uint64_t pt_size(int level)
{
	return pt_spans[level];
}

uint64_t pt_base(uint64_t va, int level)
{
	return va - va % pt_spans[level];
}

unsigned int pt_slot(uint64_t va, int level)
{
	return (unsigned int)((va / pt_spans[level]) % PT_ENTRIES);
}

uint64_t pt_step(uint64_t va, uint64_t end, int level, bool *full)
{
	uint64_t size = pt_spans[level];
	/* Bytes from va to the end of its entry: at most size, never 0. */
	uint64_t room = size - va % size;
	/* va + room can wrap only when the entry is the last one, which
	 * room >= end - va then excludes. */
	uint64_t stop = room < end - va ? va + room : end;

	/* Page-aligned bounds give a page-aligned stop, at every level. */
	/*@ assert va % 4096 == 0 ==> va % 2097152 % 4096 == 0 &&
	      va % 1073741824 % 4096 == 0 && va % 549755813888 % 4096 == 0; */

	*full = room == size && stop - va == size;
	return stop;
}
