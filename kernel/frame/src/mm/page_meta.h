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
	PAGE_SPACE,	   /* holds a struct vm_space (mm/vm_space.c) */
};

/*
 * One per page of RAM, in arrays indexed by page frame number (one array
 * per RAM range, see page_meta.c). 48 bytes, about 1.2% of memory.
 * Fields of a block live in its first page; the union depends on @kind.
 *
 * @gen counts the times the page was handed out as a handle (a
 * PAGE_BLOCK's first page, a PAGE_SPACE); nothing else touches it, so it
 * survives frees. Handles carry its low 16 bits (see page_handle()), and
 * a handle whose bits differ from the page's is stale.
 */
struct frame_page {
	struct list_node node; /* buddy free list; slab partial/full list */
	uint32_t refcount;     /* PAGE_BLOCK: handles and mappings */
	uint8_t kind;	       /* enum page_kind */
	uint8_t order;	       /* block of 2^order pages (first page) */
	uint16_t inuse;	       /* PAGE_SLAB: objects handed out */
	uint32_t mapcount;     /* PAGE_BLOCK: 4 KiB pages mapped, all spaces */
	uint16_t gen;	       /* handle generation, see above */
	uint16_t reserved;
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

/* Frames are below 2^52: physical addresses have at most 52 bits. */
#define PAGE_PFN_LIMIT 0x10000000000000

/*@
  axiomatic page_map {
    // page_from_pfn() as a function of the frame number, for the proofs
    // (docs/prove.md): the arrays are laid out by page_meta_init() before
    // any proved caller runs, and never move. Each frame of RAM has its
    // own struct frame_page, apart from every other frame's.
    logic struct frame_page *page_at(integer pfn);

    axiom page_at_frames: \forall integer p;
      page_at(p) != \null ==> 0 <= p < PAGE_PFN_LIMIT;
    axiom page_at_apart: \forall integer p, q;
      p != q && page_at(p) != \null && page_at(q) != \null ==>
      \separated(page_at(p), page_at(q));
    // The same, as the provers can use it: distinct frames' kinds and
    // orders are distinct bytes.
    axiom page_at_fields: \forall integer p, q;
      p != q && page_at(p) != \null && page_at(q) != \null ==>
      &page_at(p)->kind != &page_at(q)->kind &&
      &page_at(p)->kind != &page_at(q)->order &&
      &page_at(p)->order != &page_at(q)->order;
  }
*/

/* page_from_pfn() - the page with frame number @pfn; NULL if not RAM */
/*@
  assigns \nothing;
  ensures \result == page_at(pfn);
  ensures \result == \null || \valid(\result);
*/
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

/*
 * Handles. A handle is the address of the page's metadata with the
 * generation in its top 16 bits instead of the sign extension (the
 * metadata is in the direct map, in the upper half, where those bits are
 * all ones). Services never dereference a handle (the type is opaque),
 * and the frame decodes it at every entry point, so a handle kept past
 * the free of its page is told from the handle of the page's next use.
 */
#define PAGE_HANDLE_GEN_SHIFT 48

static inline void *page_handle(const struct frame_page *page)
{
	uintptr_t v = (uintptr_t)page;

	v &= (1ull << PAGE_HANDLE_GEN_SHIFT) - 1;
	return (void *)(v | (uintptr_t)page->gen << PAGE_HANDLE_GEN_SHIFT);
}

/*
 * page_handle_decode() - the metadata @handle names if it is current:
 * the page exists, has @kind, and its generation is the handle's; NULL
 * for anything else (a stale, forged or NULL handle). Reads only the
 * permanent metadata arrays, whatever @handle holds.
 */
struct frame_page *page_handle_decode(const void *handle, enum page_kind kind);

/*
 * page_check_handle() - the metadata of the PAGE_BLOCK that the service's
 * handle @page names; panics for a stale or forged handle. Every function
 * that takes a struct frame_page handle calls it first.
 */
struct frame_page *page_check_handle(const struct frame_page *page);

/*
 * page_span() - the kernel address of @len bytes at @offset in the block
 * that the service's handle @page names, or NULL when they do not fit in
 * it; panics for a bad handle, as page_check_handle(). For the readers'
 * and writers' page variants, whose proofs take this contract on trust
 * (docs/prove.md): the block's bytes are in the direct map.
 */
/*@
  assigns \nothing;
  ensures \result == \null || \valid(\result + (0 .. len - 1));
*/
char *page_span(const struct frame_page *page, size_t offset, size_t len);

/*
 * page_map_add(), page_map_sub() - @n pages of the block @head were
 * mapped into, or unmapped from, a user space: the map count and the
 * reference count move together (a mapping holds a reference).
 */
void page_map_add(struct frame_page *head, uint32_t n);
void page_map_sub(struct frame_page *head, uint32_t n);

/* The first page of the block @page belongs to. */
static inline struct frame_page *page_head(struct frame_page *page)
{
	return page->kind == PAGE_TAIL ? page->head : page;
}

#endif /* MM_PAGE_META_H */
