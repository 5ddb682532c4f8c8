/* SPDX-License-Identifier: MIT */
/* struct frame_page: what the frame knows about each 4 KiB page of RAM. */
#ifndef MM_PAGE_META_H
#define MM_PAGE_META_H

#include <frame/page.h>
#include <frame/types.h>

#include "lib/list.h"
#include "mm/mm.h"

/* What a page is used for. Only the first page of a block has a kind
 * other than PAGE_TAIL or PAGE_FREE_TAIL. */
enum page_kind {
	PAGE_RESERVED = 0, /* not the allocator's: low memory, image, boot */
	PAGE_FREE,	   /* first page of a free buddy block */
	PAGE_FREE_TAIL,	   /* inside a free block, not its first page */
	PAGE_BLOCK,	   /* first page of a frame_page_alloc() block */
	PAGE_SLAB,	   /* first page of a slab (mm/slab.c) */
	PAGE_LARGE,	   /* first page of a large frame_alloc() */
	PAGE_TABLE,	   /* a page table */
	PAGE_TAIL,	   /* inside an allocated block; @head is its first */
};

/*
 * One per page of RAM, in arrays indexed by page frame number (one array
 * per RAM range, see page_meta.c). 40 bytes, about 1% of memory. Fields
 * of a block live in its first page; the union depends on @kind.
 */
struct frame_page {
	struct list_node node; /* buddy free list; slab partial/full list */
	uint32_t refcount;     /* PAGE_BLOCK: handles and mappings */
	uint8_t kind;	       /* enum page_kind */
	uint8_t order;	       /* block of 2^order pages (first page) */
	uint16_t inuse;	       /* PAGE_SLAB: objects handed out */
	union {
		struct frame_page *head; /* PAGE_TAIL */
		struct {
			struct frame_slab *cache;
			void *freelist;
		} slab;		 /* PAGE_SLAB */
		uint64_t npages; /* PAGE_LARGE: pages in the allocation */
	};
};

/* page_meta_init() - allocate and clear the arrays for phys_layout.ram */
int page_meta_init(void);

/* page_from_pfn() - the page with frame number @pfn; NULL if not RAM */
struct frame_page *page_from_pfn(uint64_t pfn);

/*
 * page_to_pfn() - the frame number of @page, which must point into one of
 * the arrays (see page_is_valid()); BUG otherwise
 */
uint64_t page_to_pfn(const struct frame_page *page);

/*
 * page_is_valid() - whether @page points at an element of one of the
 * arrays: what every public function checks before trusting a handle
 */
bool page_is_valid(const struct frame_page *page);

static inline paddr_t page_to_phys(const struct frame_page *page)
{
	return paddr(page_to_pfn(page) << MM_PAGE_SHIFT);
}

static inline void *page_to_virt(const struct frame_page *page)
{
	return mm_phys_to_virt(page_to_phys(page));
}

/* page_from_virt() - the page behind a direct-map address, or NULL */
struct frame_page *page_from_virt(const void *va);

/*
 * page_ref_add(), page_ref_sub() - change a PAGE_BLOCK's reference count
 * by @n; the last reference frees the block. Adding to a count of 0 (a
 * freed block) and dropping below 0 (a double put) panic.
 */
void page_ref_add(struct frame_page *head, uint32_t n);
void page_ref_sub(struct frame_page *head, uint32_t n);

/* The first page of the block @page belongs to. */
static inline struct frame_page *page_head(struct frame_page *page)
{
	return page->kind == PAGE_TAIL ? page->head : page;
}

#endif /* MM_PAGE_META_H */
