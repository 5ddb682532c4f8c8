/* SPDX-License-Identifier: MIT */
/* frame_alloc(): size-class slab caches up to a page, whole pages above. */
#include <frame/heap.h>

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/format.h>
#include <frame/panic.h>
#include <frame/string.h>

#include "mm/buddy.h"
#include "mm/page_meta.h"
#include "mm/slab.h"
#include "sync/live.h"

/* Powers of two, plus 96 and 192, where power-of-two rounding wastes most. */
static const size_t class_sizes[] = { 16,  32,	64,   96,   128, 192,
				      256, 512, 1024, 2048, 4096 };
static struct frame_slab classes[ARRAY_SIZE(class_sizes)];
_Static_assert(ARRAY_SIZE(class_sizes) == FRAME_HEAP_CLASSES,
	       "<frame/heap.h> counts the size classes");

/* Atomic counters of the page-granular side. */
static size_t large_pages, large_allocations;

void heap_init(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(classes); i++) {
		size_t size = class_sizes[i];
		char name[32];

		frame_snprintf(name, sizeof(name), "kmalloc-%zu", size);
		/* Aligned to the size's lowest set bit: 96 to 32, 4096 to
		 * 4096. */
		BUG_ON(slab_cache_init(&classes[i], name, size, size & -size,
				       0));
	}
}

void *frame_alloc(size_t size)
{
	struct frame_page *head;
	uint64_t npages;

	if (!size || size > FRAME_ALLOC_MAX)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(classes); i++) {
		if (size <= class_sizes[i])
			return slab_cache_alloc(&classes[i]);
	}
	npages = ALIGN_UP((uint64_t)size, MM_PAGE_SIZE) >> MM_PAGE_SHIFT;
	head = buddy_alloc_pages(npages, PAGE_LARGE);
	if (!head)
		return NULL;
	head->npages = npages;
	__atomic_add_fetch(&large_pages, npages, __ATOMIC_RELAXED);
	__atomic_add_fetch(&large_allocations, 1, __ATOMIC_RELAXED);
	return page_to_virt(head);
}

void *frame_zalloc(size_t size)
{
	void *p = frame_alloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void *frame_calloc(size_t n, size_t size)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return frame_zalloc(bytes);
}

/* The first page of the allocation @p lies in; panics if it is none. */
static struct frame_page *heap_block(const void *p, const char *what)
{
	struct frame_page *page = page_from_virt(p);

	if (!page)
		frame_panic("%s(%p): not heap memory", what, p);
	return page_head(page);
}

void frame_free(void *p)
{
	struct frame_page *head;
	uint64_t npages;

	if (!p)
		return;
	head = heap_block(p, "frame_free");
	switch (head->kind) {
	case PAGE_SLAB:
		slab_free_obj(NULL, head, p);
		return;
	case PAGE_LARGE:
		if (p != page_to_virt(head))
			break;
		npages = head->npages;
		live_check_free("frame_free", p, npages << MM_PAGE_SHIFT);
		__atomic_sub_fetch(&large_pages, npages, __ATOMIC_RELAXED);
		__atomic_sub_fetch(&large_allocations, 1, __ATOMIC_RELAXED);
		buddy_free_pages(head, npages);
		return;
	default:
		break;
	}
	frame_panic("frame_free(%p): not an allocation (freed already?)", p);
}

size_t frame_alloc_size(const void *p)
{
	struct frame_page *head = heap_block(p, "frame_alloc_size");

	if (head->kind == PAGE_SLAB)
		return head->slab.cache->obj_size;
	if (head->kind == PAGE_LARGE && p == page_to_virt(head))
		return (size_t)(head->npages << MM_PAGE_SHIFT);
	frame_panic("frame_alloc_size(%p): not an allocation", p);
}

void frame_heap_stats(struct frame_heap_stats *out)
{
	out->slab_pages = slab_pages_total();
	out->large_pages = __atomic_load_n(&large_pages, __ATOMIC_RELAXED);
	out->large_allocations =
		__atomic_load_n(&large_allocations, __ATOMIC_RELAXED);
	out->objects_in_use = heap_objects_in_use();
}

int frame_heap_class_stats(size_t i, struct frame_slab_stats *out)
{
	if (i >= ARRAY_SIZE(classes))
		return -EINVAL;
	slab_cache_stats(&classes[i], out);
	return 0;
}

size_t frame_heap_trim(void)
{
	size_t pages = 0;

	for (size_t i = 0; i < ARRAY_SIZE(classes); i++)
		pages += slab_cache_trim(&classes[i]);
	return pages;
}

size_t heap_objects_in_use(void)
{
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(classes); i++) {
		struct frame_slab_stats s;

		slab_cache_stats(&classes[i], &s);
		n += s.in_use;
	}
	return n;
}
