/* SPDX-License-Identifier: MIT */
/* The kernel heap: a general allocator, and slab caches of fixed-size objects.
 */
#ifndef FRAME_HEAP_H
#define FRAME_HEAP_H

#include <frame/types.h>

/*
 * Why in the frame: heap memory is physical memory reached through the
 * frame's direct map, and the allocator keeps its free lists inside the
 * free objects themselves, so a bug in it is a memory-safety bug. Services
 * get typed memory through these calls and never see the pages behind it.
 *
 * Safety contract, common to all: an allocation failure returns NULL and
 * never panics, also when all of memory is exhausted, so the caller can
 * fail its request and an OOM policy can act (frame_page_stats() has the
 * free pages per zone); every function may be called with interrupts off (none
 * sleeps). Freeing something the heap did not hand out, or freeing into
 * the wrong cache, panics. In debug builds (no NDEBUG) the heap also
 * catches a double free and a write to a freed object (at the next
 * allocation of that object) and panics, naming the cache and address;
 * release builds skip those checks.
 */

/* The largest frame_alloc(): the largest block of <frame/page.h>. */
#define FRAME_ALLOC_MAX (4096ul << 10)

/*
 * frame_alloc() - @size bytes of kernel memory, contents undefined
 *
 * Up to 4 KiB from size classes (16, 32, 64, 96, 128, 192, 256, 512 bytes,
 * 1, 2 and 4 KiB); above that, whole pages, contiguous, page-aligned.
 * Every allocation is 16-byte aligned, and one of a power-of-two size up
 * to 4 KiB is aligned to its size. NULL for 0 bytes, above
 * FRAME_ALLOC_MAX, or when memory is short.
 */
void *frame_alloc(size_t size);

/* frame_zalloc() - frame_alloc(), zero-filled */
void *frame_zalloc(size_t size);

/* frame_calloc() - @n zeroed elements of @size bytes; NULL also when the
 * product overflows */
void *frame_calloc(size_t n, size_t size);

/*
 * frame_free() - give back what frame_alloc() (or any slab cache) handed
 * out. NULL is ignored. Memory that still holds a live frame object (an
 * armed frame_timer, pending frame_work, a frame_waitq with waiters, a
 * queued smp_call) is not freed: that panics, naming the object and the
 * code that armed it, since the frame would otherwise follow a dangling
 * link into it. frame_slab_free() checks the same.
 */
void frame_free(void *p);

/* frame_alloc_size() - the usable size of an allocation (>= requested) */
size_t frame_alloc_size(const void *p);

/*
 * A slab cache hands out objects of one size from slabs of whole pages,
 * so that many objects of a type cost no per-object header and freed ones
 * are reused first.
 */
struct frame_slab;

/*
 * frame_slab_create() - a cache of @size-byte objects
 * @name: for statistics and reports; copied (31 characters kept)
 * @align: a power of two up to 4096, or 0 for 8
 * @max_objects: at most this many objects in use at once (an allocation
 *               beyond it returns NULL), or 0 for no limit
 *
 * Returns the cache, or NULL when memory is short or @size is 0 or above
 * 32 KiB or @align is not a power of two up to 4096.
 */
struct frame_slab *frame_slab_create(const char *name, size_t size,
				     size_t align, size_t max_objects);

/*
 * frame_slab_destroy() - free the cache and all its slabs
 *
 * 0, or -EBUSY when objects are still in use (the cache is left as is).
 * The cache is a handle with a generation, not an address: after a
 * destroy that returned 0, every use of it (and of any copy) panics as
 * stale, even once a new cache has its slot; so does a pointer that was
 * never a cache.
 */
int frame_slab_destroy(struct frame_slab *cache);

/* frame_slab_alloc() - one object, contents undefined; NULL when memory or
 * the cache's limit is exhausted */
void *frame_slab_alloc(struct frame_slab *cache);

/* frame_slab_zalloc() - one zero-filled object */
void *frame_slab_zalloc(struct frame_slab *cache);

/* frame_slab_free() - give @obj back to @cache (NULL is ignored) */
void frame_slab_free(struct frame_slab *cache, void *obj);

struct frame_slab_stats {
	size_t object_size; /* bytes per object, alignment included */
	size_t in_use;	    /* objects handed out */
	size_t capacity;    /* objects the cache's slabs hold */
	size_t slabs;	    /* slabs held, empty ones included */
	size_t pages;	    /* pages those slabs take */
};

/* frame_slab_stats() - a snapshot of @cache's counters */
void frame_slab_stats(const struct frame_slab *cache,
		      struct frame_slab_stats *out);

/* The whole heap, for reports: pages in slabs and in large allocations. */
struct frame_heap_stats {
	size_t slab_pages;
	size_t large_pages;
	size_t large_allocations;
	/* frame_alloc() objects of the size classes callers hold now: unlike
	 * slab_pages, which counts the empty slabs caches keep and depends
	 * on how objects are spread over slabs, it comes back exactly to
	 * its value once what was allocated since is freed */
	size_t objects_in_use;
};

void frame_heap_stats(struct frame_heap_stats *out);

/* The number of frame_alloc()'s size classes (listed at frame_alloc()). */
#define FRAME_HEAP_CLASSES 11

/*
 * frame_heap_class_stats() - frame_slab_stats() of size class @i, the
 * smallest first (@out->object_size is the class's size): which size of
 * object a leak is made of, where objects_in_use says only how many.
 * Returns 0, or -EINVAL when @i >= FRAME_HEAP_CLASSES.
 */
int frame_heap_class_stats(size_t i, struct frame_slab_stats *out);

/*
 * frame_heap_trim() - give the page allocator the empty slab each of
 * frame_alloc()'s size classes keeps for its next allocation, as
 * /proc/sys/vm/drop_caches asks. A service cannot: the slabs are the
 * frame's. Safety: only slabs without a live object are released, under
 * their cache's lock; the next allocation of a class grows it again.
 * Returns the pages released.
 */
size_t frame_heap_trim(void);

#endif /* FRAME_HEAP_H */
