/* SPDX-License-Identifier: MIT */
/* The buddy allocator of physical pages, as the rest of mm/ uses it. */
#ifndef MM_BUDDY_H
#define MM_BUDDY_H

#include <frame/page.h>
#include <frame/types.h>

#include "mm/page_meta.h"

/*
 * Free memory is kept as blocks of 2^order pages, 0 <= order <=
 * FRAME_PAGE_MAX_ORDER, each aligned to its size, on one free list per
 * order. Allocation splits the smallest block that fits; freeing merges a
 * block with its buddy (the other half of the block of the next order)
 * for as long as that buddy is free, so the free blocks always form the
 * one canonical decomposition of the free pages. One lock, taken with
 * interrupts off, guards the lists and the counters; none of these
 * functions sleeps or fails with anything but NULL.
 */

/* buddy_init() - hand phys_layout.free to the allocator (seals boot alloc) */
void buddy_init(void);

/*
 * buddy_alloc() - a block of 2^@order pages
 *
 * The first page gets @kind and @order, refcount 0; the others become
 * PAGE_TAIL pointing at it. Contents are undefined. NULL when no block of
 * that order or above is free.
 */
struct frame_page *buddy_alloc(unsigned int order, enum page_kind kind);

/* buddy_free() - free the block @head (of head->order) */
void buddy_free(struct frame_page *head);

/*
 * buddy_alloc_pages() - exactly @npages contiguous pages
 *
 * Takes the smallest block that holds them and frees the unused end at
 * once, so large heap allocations cost whole pages, not whole powers of
 * two. The first page gets @kind, the rest PAGE_TAIL. NULL when no block
 * is large enough (@npages above 2^FRAME_PAGE_MAX_ORDER never is).
 */
struct frame_page *buddy_alloc_pages(uint64_t npages, enum page_kind kind);

/* buddy_free_pages() - free what buddy_alloc_pages(@npages) returned */
void buddy_free_pages(struct frame_page *head, uint64_t npages);

/* buddy_stats() - the counters, under the lock */
void buddy_stats(struct frame_page_stats *out);

#endif /* MM_BUDDY_H */
