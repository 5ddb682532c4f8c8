/* SPDX-License-Identifier: MIT */
/* ktests for memory exhaustion: reported to callers, recovered from. */
#include <frame/page.h>

#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/string.h>
#include <frame/task.h>
#include <frame/vm.h>

#include "mm/drain_test.h"

static size_t zone_sum(const size_t *zones)
{
	size_t n = 0;

	for (unsigned int z = 0; z < FRAME_PAGE_ZONES; z++)
		n += zones[z];
	return n;
}

KTEST(page_stats_count_zones)
{
	struct frame_page_stats st;
	struct frame_page *p;

	frame_page_stats(&st);
	KT_ASSERT_EQ(zone_sum(st.zone_managed), st.managed_pages);
	KT_ASSERT_EQ(zone_sum(st.zone_free), st.free_pages);
	/* Below 16 MiB there is RAM in every PC, and some is free. */
	KT_ASSERT_GT(st.zone_managed[FRAME_PAGE_ZONE_DMA], 0);
	KT_ASSERT_LE(st.zone_managed[FRAME_PAGE_ZONE_DMA], 4096);
	for (unsigned int z = 0; z < FRAME_PAGE_ZONES; z++)
		KT_ASSERT_LE(st.zone_free[z], st.zone_managed[z]);
	p = frame_page_alloc(3, 0);
	KT_ASSERT_NOT_NULL(p);
	frame_page_stats(&st);
	KT_ASSERT_EQ(zone_sum(st.zone_free), st.free_pages);
	frame_page_put(p);
}

struct frame_page *mm_test_drain(size_t *pages)
{
	struct frame_page *chain = NULL, *p;
	size_t taken = 0;

	for (int o = FRAME_PAGE_MAX_ORDER; o >= 0; o--) {
		while ((p = frame_page_alloc((unsigned int)o, 0))) {
			uint64_t next = (uint64_t)(uintptr_t)chain;

			KT_ASSERT_OK(frame_page_write(p, 0, &next, 8));
			chain = p;
			taken += 1ul << o;
		}
	}
	if (pages)
		*pages = taken;
	return chain;
}

void mm_test_refill(struct frame_page *chain)
{
	while (chain) {
		struct frame_page *p = chain;
		uint64_t next;

		KT_ASSERT_OK(frame_page_read(p, 0, &next, 8));
		chain = (struct frame_page *)(uintptr_t)next;
		frame_page_put(p);
	}
}

/* Exhaust pages, then the heap, check that every allocator says so
 * without panicking, and give everything back. */
static void exhaust_and_recover(void)
{
	struct frame_page_stats st;
	struct frame_page *pages;
	void *objs = NULL, *o;
	size_t npages, nobjs = 0;

	pages = mm_test_drain(&npages);
	KT_ASSERT_GT(npages, 0);
	frame_page_stats(&st);
	KT_ASSERT_EQ(st.free_pages, 0);
	KT_ASSERT_EQ(zone_sum(st.zone_free), 0);
	KT_ASSERT_NULL(frame_page_alloc(0, 0));
	KT_ASSERT_NULL(frame_page_alloc(0, FRAME_PAGE_ZERO));
	/* What the slabs still hold, then nothing. */
	while ((o = frame_alloc(64))) {
		*(void **)o = objs;
		objs = o;
		nobjs++;
	}
	KT_ASSERT_NULL(frame_alloc(64));
	KT_ASSERT_NULL(frame_zalloc(64));
	KT_ASSERT_NULL(frame_alloc(3 * 4096));
	KT_ASSERT_NULL(frame_calloc(2, 8192));
	KT_ASSERT_NULL(vm_space_create());
	while (objs) {
		o = objs;
		objs = *(void **)o;
		frame_free(o);
	}
	mm_test_refill(pages);
	/* Memory is back: the same requests work. */
	o = frame_alloc(3 * 4096);
	KT_ASSERT_NOT_NULL(o);
	frame_free(o);
	(void)nobjs;
}

KTEST(memory_exhaustion_is_reported_and_recovered)
{
	struct frame_page_stats pb, pa;
	struct frame_heap_stats hb, ha;
	struct task_stats tasks;

	/* Draining memory needs a quiet machine (see buddy_test.c). */
	task_stats(&tasks);
	KT_ASSERT_EQ(tasks.live, 0);
	/* The first round leaves each size class it touched with the one
	 * empty slab a cache keeps; the second must change nothing. */
	exhaust_and_recover();
	frame_page_stats(&pb);
	frame_heap_stats(&hb);
	exhaust_and_recover();
	frame_page_stats(&pa);
	frame_heap_stats(&ha);
	KT_ASSERT(!memcmp(&pb, &pa, sizeof(pb)));
	KT_ASSERT(!memcmp(&hb, &ha, sizeof(hb)));
}
