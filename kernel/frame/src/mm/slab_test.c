/* SPDX-License-Identifier: MIT */
/* ktests for slab caches: sizes, limits, and the debug-build checks. */
#include "mm/slab.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/page.h>
#include <frame/string.h>

#include "ktest/panic_probe.h"
#include "lib/handle.h"
#include "mm/slab_debug.h"

KTEST(slab_objects_have_their_size_and_alignment)
{
	static const size_t sizes[][3] = {
		/* size, align, expected object size */
		{ 1, 0, 16 },	  { 24, 0, 24 },	{ 24, 64, 64 },
		{ 100, 16, 112 }, { 4096, 4096, 4096 }, { 5000, 8, 5000 },
	};
	struct frame_slab_stats st;

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct frame_slab *c = frame_slab_create(
			"test-size", sizes[i][0], sizes[i][1], 0);
		void *a, *b;

		KT_ASSERT_NOT_NULL(c);
		frame_slab_stats(c, &st);
		KT_ASSERT_EQ(st.object_size, sizes[i][2]);
		a = frame_slab_alloc(c);
		b = frame_slab_zalloc(c);
		KT_ASSERT_NOT_NULL(a);
		KT_ASSERT_NOT_NULL(b);
		KT_ASSERT_NE(a, b);
		KT_ASSERT_EQ((uintptr_t)a % (sizes[i][1] ? sizes[i][1] : 8), 0);
		KT_ASSERT_EQ((uintptr_t)b % (sizes[i][1] ? sizes[i][1] : 8), 0);
		/* Whole objects are usable and do not overlap. */
		memset(a, 0xaa, sizes[i][0]);
		for (size_t j = 0; j < sizes[i][0]; j++)
			KT_ASSERT_EQ(((unsigned char *)b)[j], 0);
		KT_ASSERT_EQ(frame_alloc_size(a), sizes[i][2]);
		frame_slab_free(c, a);
		frame_free(b); /* frame_free takes any slab object */
		KT_ASSERT_OK(frame_slab_destroy(c));
	}
	KT_ASSERT_NULL(frame_slab_create("bad", 0, 0, 0));
	KT_ASSERT_NULL(frame_slab_create("bad", 64, 24, 0));
	KT_ASSERT_NULL(frame_slab_create("bad", 64, 8192, 0));
	KT_ASSERT_NULL(frame_slab_create("bad", SLAB_MAX_OBJ_SIZE + 1, 0, 0));
}

KTEST(slab_limit_exhaustion_returns_null)
{
	struct frame_slab *c = frame_slab_create("test-limit", 200, 0, 10);
	struct frame_slab_stats st;
	void *obj[10], *extra;

	KT_ASSERT_NOT_NULL(c);
	for (int i = 0; i < 10; i++) {
		obj[i] = frame_slab_alloc(c);
		KT_ASSERT_NOT_NULL(obj[i]);
	}
	KT_ASSERT_NULL(frame_slab_alloc(c));
	KT_ASSERT_NULL(frame_slab_zalloc(c));
	frame_slab_stats(c, &st);
	KT_ASSERT_EQ(st.in_use, 10);
	KT_ASSERT_ERR(frame_slab_destroy(c), -EBUSY);
	frame_slab_free(c, obj[3]);
	extra = frame_slab_alloc(c);
	KT_ASSERT_EQ(extra, obj[3]); /* the freed object is reused first */
	for (int i = 0; i < 10; i++)
		frame_slab_free(c, obj[i]);
	frame_slab_stats(c, &st);
	KT_ASSERT_EQ(st.in_use, 0);
	KT_ASSERT_LE(st.slabs, 1); /* at most one empty slab is kept */
	KT_ASSERT_OK(frame_slab_destroy(c));
}

KTEST(slab_grows_and_shrinks_back)
{
	struct frame_page_stats before, after;
	struct frame_heap_stats hb, ha;
	struct frame_slab_stats st;
	struct frame_slab *c;
	void *obj[40];

	frame_page_stats(&before);
	frame_heap_stats(&hb);
	c = frame_slab_create("test-grow", 512, 0, 0);
	KT_ASSERT_NOT_NULL(c);
	for (int i = 0; i < 40; i++) {
		obj[i] = frame_slab_alloc(c);
		KT_ASSERT_NOT_NULL(obj[i]);
	}
	frame_slab_stats(c, &st);
	KT_ASSERT_EQ(st.in_use, 40);
	KT_ASSERT_EQ(st.slabs, 5); /* 8 objects of 512 bytes per page */
	KT_ASSERT_EQ(st.capacity, 40);
	for (int i = 0; i < 40; i++)
		frame_slab_free(c, obj[i]);
	frame_slab_stats(c, &st);
	KT_ASSERT_EQ(st.slabs, 1);
	KT_ASSERT_OK(frame_slab_destroy(c));
	/* Every page is back, but for what the heap keeps as empty slabs. */
	frame_page_stats(&after);
	frame_heap_stats(&ha);
	KT_ASSERT_EQ(after.free_pages + ha.slab_pages,
		     before.free_pages + hb.slab_pages);
}

static unsigned int reports;
static enum slab_fault last_fault;
static const void *last_obj;

static void record_report(enum slab_fault fault, const struct frame_slab *c,
			  const void *obj)
{
	(void)c;
	reports++;
	last_fault = fault;
	last_obj = obj;
}

KTEST(slab_debug_catches_double_free)
{
	struct frame_slab *c;
	slab_report_fn old;
	void *a, *b, *d;

	if (!SLAB_DEBUG)
		return; /* release builds do not check; see slab_debug.h */
	c = frame_slab_create("test-double", 64, 0, 0);
	KT_ASSERT_NOT_NULL(c);
	a = frame_slab_alloc(c);
	b = frame_slab_alloc(c);
	KT_ASSERT_NOT_NULL(a);
	KT_ASSERT_NOT_NULL(b);
	reports = 0;
	old = slab_set_report_hook(record_report);
	frame_slab_free(c, a);
	frame_slab_free(c, a);
	frame_slab_free(c, b);
	frame_free(b);
	slab_set_report_hook(old);
	KT_ASSERT_EQ(reports, 2);
	KT_ASSERT_EQ(last_fault, SLAB_DOUBLE_FREE);
	KT_ASSERT_EQ(last_obj, b);
	/* The ignored frees left the free list sound: two distinct objects. */
	d = frame_slab_alloc(c);
	a = frame_slab_alloc(c);
	KT_ASSERT_NE(a, d);
	frame_slab_free(c, a);
	frame_slab_free(c, d);
	KT_ASSERT_OK(frame_slab_destroy(c));
}

KTEST(slab_debug_catches_write_after_free)
{
	struct frame_slab *c;
	slab_report_fn old;
	unsigned char *a, *again;

	if (!SLAB_DEBUG)
		return; /* release builds do not check; see slab_debug.h */
	c = frame_slab_create("test-uaf", 48, 0, 0);
	KT_ASSERT_NOT_NULL(c);
	a = frame_slab_alloc(c);
	KT_ASSERT_NOT_NULL(a);
	frame_slab_free(c, a);
	/* Freed objects carry the poison after their free-list link. */
	KT_ASSERT_EQ(a[8], SLAB_POISON);
	KT_ASSERT_EQ(a[47], SLAB_POISON);
	a[20] = 1; /* the bug being caught */
	reports = 0;
	old = slab_set_report_hook(record_report);
	again = frame_slab_alloc(c);
	slab_set_report_hook(old);
	KT_ASSERT_EQ(again, a);
	KT_ASSERT_EQ(reports, 1);
	KT_ASSERT_EQ(last_fault, SLAB_USE_AFTER_FREE);
	KT_ASSERT_EQ(last_obj, a);
	/* An untouched freed object passes. */
	frame_slab_free(c, again);
	reports = 0;
	old = slab_set_report_hook(record_report);
	again = frame_slab_alloc(c);
	slab_set_report_hook(old);
	KT_ASSERT_EQ(reports, 0);
	frame_slab_free(c, again);
	KT_ASSERT_OK(frame_slab_destroy(c));
}

static void slab_stats_of(void *arg)
{
	struct frame_slab_stats st;

	frame_slab_stats(arg, &st);
}

static void slab_alloc_from(void *arg)
{
	(void)frame_slab_alloc(arg);
}

/* A cache used after frame_slab_destroy() panics, even when a new cache
 * holds its slot and may hold its memory. */
KTEST(slab_stale_handle_panics_after_its_slot_is_taken_again)
{
	struct frame_slab *old = frame_slab_create("test-old", 64, 0, 0);
	struct frame_slab *now;
	char msg[128];
	void *obj;

	KT_ASSERT_NOT_NULL(old);
	KT_ASSERT_OK(frame_slab_destroy(old));
	/* The most recently freed slot is handed out first. */
	now = frame_slab_create("test-now", 64, 0, 0);
	KT_ASSERT_NOT_NULL(now);
	KT_ASSERT_NE(now, old);
	KT_ASSERT_EQ((uintptr_t)now & HANDLE_INDEX_MASK,
		     (uintptr_t)old & HANDLE_INDEX_MASK);
	KT_ASSERT_EQ(ktest_panic_probe(slab_stats_of, old, msg, sizeof(msg)),
		     1);
	KT_ASSERT(ktest_msg_has(msg, "stale"));
	KT_ASSERT_EQ(ktest_panic_probe(slab_alloc_from, old, msg, sizeof(msg)),
		     1);
	KT_ASSERT(ktest_msg_has(msg, "frame_slab_alloc"));
	/* A value that was never a cache is no handle at all. */
	KT_ASSERT_EQ(ktest_panic_probe(slab_stats_of, &obj, msg, sizeof(msg)),
		     1);
	KT_ASSERT(ktest_msg_has(msg, "not a handle"));
	/* The live one works. */
	obj = frame_slab_alloc(now);
	KT_ASSERT_NOT_NULL(obj);
	frame_slab_free(now, obj);
	KT_ASSERT_OK(frame_slab_destroy(now));
}
