/* SPDX-License-Identifier: MIT */
/* Physical page frames: allocation, reference counts, contents, statistics. */
#ifndef FRAME_PAGE_H
#define FRAME_PAGE_H

#include <frame/types.h>

/*
 * A block of physical memory: 2^order contiguous pages of FRAME_PAGE_SIZE
 * bytes, handed out as an opaque handle. A service never learns a physical
 * address, so it cannot forge one, point a device or a page table at
 * memory it was not given, or keep using memory after giving it back: the
 * block lives as long as its reference count, which every handle copy
 * (frame_page_get) and every mapping of one of its pages holds.
 *
 * Why in the frame: physical memory is reachable only through the frame's
 * direct map, and the allocator's metadata decides which memory is RAM, so
 * the kernel image, page tables and firmware ranges can never be handed
 * out. Safety contract: a handle is valid from the allocation until the
 * put that drops the last reference; passing anything else is a bug the
 * frame detects with a panic at the call: a handle is not the address of
 * anything, and it carries a generation of the block, so a handle kept
 * past its last put is caught even after the same memory was allocated
 * again (the generation has 16 bits: a handle stale by a multiple of
 * 65536 reallocations of the same block would pass).
 *
 * References: frame_page_alloc() returns a handle holding one reference,
 * and so does every other frame call that hands out a page handle
 * (vm_cursor_query(), vm_cursor_find()); the receiver puts it.
 */
struct frame_page;

#define FRAME_PAGE_SIZE 4096u

/* The largest block: 2^10 pages, 4 MiB. */
#define FRAME_PAGE_MAX_ORDER 10

/* Flags of frame_page_alloc(). */
enum frame_page_flags {
	FRAME_PAGE_ZERO = 1u << 0, /* fill the block with zeros */
};

/*
 * frame_page_alloc() - allocate 2^@order contiguous pages
 * @order: 0 .. FRAME_PAGE_MAX_ORDER
 * @flags: FRAME_PAGE_ZERO or 0; without it the contents are undefined
 *
 * Returns a handle holding one reference, or NULL when no free block is
 * large enough or @order or @flags are invalid. Never sleeps, never
 * panics, also when memory is exhausted (the caller decides what to do:
 * fail the request, or free something, see frame_page_stats() for the
 * counts an OOM policy needs); callable with interrupts off.
 */
struct frame_page *frame_page_alloc(unsigned int order, unsigned int flags);

/* frame_page_get() - take one more reference on @page */
void frame_page_get(struct frame_page *page);

/*
 * frame_page_put() - drop one reference; the block is freed with the last
 *
 * Putting a block whose count is already 0 (a double put) panics.
 */
void frame_page_put(struct frame_page *page);

/* frame_page_order() - the order the block was allocated with */
unsigned int frame_page_order(const struct frame_page *page);

/* frame_page_size() - the block's size in bytes */
size_t frame_page_size(const struct frame_page *page);

/*
 * frame_page_refcount() - the current reference count, for diagnostics
 * and tests: another CPU may change it as soon as it is read
 */
unsigned int frame_page_refcount(const struct frame_page *page);

/*
 * frame_page_mapcount() - how many 4 KiB user mappings of the block's
 * pages exist, in all address spaces (a 2 MiB leaf counts 512)
 *
 * For copy-on-write: a private page that only one page-table entry maps
 * (count 1, and no other holder the service knows of) can be made
 * writable in place rather than copied. Each mapping also holds a
 * reference, so frame_page_refcount() - frame_page_mapcount() is the
 * number of handles held. Like the reference count, it may change as
 * soon as it is read unless the caller holds the cursors that could.
 */
unsigned int frame_page_mapcount(const struct frame_page *page);

/*
 * Contents. Each copies between the block at byte @offset and a kernel
 * buffer (or another block), and returns 0, or -EINVAL when the range runs
 * past the end of a block. The frame does not serialize them against each
 * other or against user mappings of the block: that is the caller's job,
 * as for any shared memory.
 */
int frame_page_read(const struct frame_page *page, size_t offset, void *dst,
		    size_t len);
int frame_page_write(struct frame_page *page, size_t offset, const void *src,
		     size_t len);
int frame_page_fill(struct frame_page *page, size_t offset, int c, size_t len);
int frame_page_copy(struct frame_page *dst, size_t dst_offset,
		    const struct frame_page *src, size_t src_offset,
		    size_t len);

/*
 * Zones: physical memory by what devices with narrow DMA addresses can
 * reach. A block never straddles two.
 */
enum frame_page_zone {
	FRAME_PAGE_ZONE_DMA,   /* below 16 MiB (ISA DMA) */
	FRAME_PAGE_ZONE_DMA32, /* 16 MiB to 4 GiB (32-bit devices) */
	FRAME_PAGE_ZONE_HIGH,  /* 4 GiB and above */
	FRAME_PAGE_ZONES,
};

/*
 * The page allocator's state, for /proc/meminfo-like reports, an OOM
 * policy (which zone runs short, how much is left) and tests.
 */
struct frame_page_stats {
	size_t managed_pages; /* pages the allocator was given at boot */
	size_t free_pages;    /* of those, free now */
	/* free blocks of each order (free_pages is their sum of 2^order) */
	size_t free_blocks[FRAME_PAGE_MAX_ORDER + 1];
	/* managed_pages and free_pages by zone */
	size_t zone_managed[FRAME_PAGE_ZONES];
	size_t zone_free[FRAME_PAGE_ZONES];
};

/*
 * frame_page_stats() - a consistent snapshot of the allocator's counters
 * (taken under its lock)
 */
void frame_page_stats(struct frame_page_stats *out);

#endif /* FRAME_PAGE_H */
