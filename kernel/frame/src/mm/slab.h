/* SPDX-License-Identifier: MIT */
/* Slab caches, as the heap and the tests see them from inside the frame. */
#ifndef MM_SLAB_H
#define MM_SLAB_H

#include <frame/heap.h>
#include <frame/types.h>

#include "lib/list.h"
#include "mm/page_meta.h"
#include "sync/spinlock.h"

/*
 * A cache's slabs are blocks of 2^order pages cut into objects of
 * obj_size bytes. A slab's state lives in the struct frame_page of its
 * first page (kind PAGE_SLAB): the cache, the free list threaded through
 * its free objects (the link in each object's first 8 bytes), and the
 * count in use. Slabs move between three lists as they fill and empty;
 * at most one empty slab is kept, the others go back to the page
 * allocator at once.
 */
struct frame_slab {
	char name[32];
	size_t obj_size;    /* requested size rounded up to the alignment */
	size_t per_slab;    /* objects in one slab */
	size_t max_objects; /* 0: no limit */
	unsigned int order; /* pages per slab, as a buddy order */

	struct frame_spinlock lock; /* guards everything below */
	struct list_node partial, full, empty;
	size_t slabs;  /* on all three lists */
	size_t in_use; /* objects handed out */
};

/* The largest object: one per slab of the largest order. */
#define SLAB_MAX_ORDER	  3
#define SLAB_MAX_OBJ_SIZE (4096ul << SLAB_MAX_ORDER)

/*
 * slab_cache_init() - set up a cache in memory the caller provides
 *
 * 0, or -EINVAL for a size or alignment frame_slab_create() refuses.
 */
int slab_cache_init(struct frame_slab *cache, const char *name, size_t size,
		    size_t align, size_t max_objects);

/*
 * slab_free_obj() - free @obj, which lies in the slab whose first page is
 * @slab, into @cache (NULL: the cache that slab belongs to)
 *
 * Panics when @obj is not an object of that slab (not at an object
 * boundary, or the slab is another cache's).
 */
void slab_free_obj(struct frame_slab *cache, struct frame_page *slab,
		   void *obj);

/*
 * slab_cache_alloc() / slab_cache_stats() - frame_slab_alloc() and
 * frame_slab_stats() on a cache reached by its address, not by handle:
 * for the heap's own caches, which frame_slab_create() did not make.
 */
void *slab_cache_alloc(struct frame_slab *cache);
void slab_cache_stats(struct frame_slab *cache, struct frame_slab_stats *out);

/* heap_init() - set up frame_alloc()'s size-class caches (mm/heap.c) */
void heap_init(void);

/*
 * heap_objects_in_use() - frame_alloc() objects live in the size-class
 * caches now: unlike slab pages, which caches keep while empty, this
 * counts only what callers hold, so leak tests compare it.
 */
size_t heap_objects_in_use(void);

/*
 * slab_cache_trim() - release the empty slab @cache keeps, if any;
 * returns the pages released
 */
size_t slab_cache_trim(struct frame_slab *cache);

/* slab_pages_total() - pages all caches hold in slabs */
size_t slab_pages_total(void);

#endif /* MM_SLAB_H */
