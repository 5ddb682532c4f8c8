/* SPDX-License-Identifier: MIT */
/* ktests for frame_alloc(): size classes, alignment, pages, failure. */
#include <frame/heap.h>

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/page.h>
#include <frame/string.h>

KTEST(heap_sizes_and_alignment)
{
	static const size_t sizes[] = { 1,    8,    16,	  17,	64,  95,
					96,   97,   192,  200,	512, 1000,
					1024, 2047, 2048, 3000, 4096 };
	void *p[ARRAY_SIZE(sizes)];

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t n = sizes[i];

		p[i] = frame_alloc(n);
		KT_ASSERT_NOT_NULL(p[i]);
		KT_ASSERT_EQ((uintptr_t)p[i] % 16, 0);
		/* A power of two is aligned to itself. */
		if (!(n & (n - 1)) && n >= 16)
			KT_ASSERT_EQ((uintptr_t)p[i] % n, 0);
		KT_ASSERT_GE(frame_alloc_size(p[i]), n);
		KT_ASSERT_LE(frame_alloc_size(p[i]), 4096);
		memset(p[i], (int)i, n);
	}
	/* No allocation overlapped another. */
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		const unsigned char *b = p[i];

		for (size_t j = 0; j < sizes[i]; j++)
			KT_ASSERT_EQ(b[j], i);
		frame_free(p[i]);
	}
}

KTEST(heap_large_allocations_are_page_granular)
{
	struct frame_page_stats before, during, after;
	struct frame_heap_stats hs;
	char *p;

	frame_page_stats(&before);
	p = frame_alloc(5 * 4096 + 1);
	KT_ASSERT_NOT_NULL(p);
	KT_ASSERT_EQ((uintptr_t)p % 4096, 0);
	KT_ASSERT_EQ(frame_alloc_size(p), 6 * 4096);
	frame_page_stats(&during);
	KT_ASSERT_EQ(during.free_pages, before.free_pages - 6);
	frame_heap_stats(&hs);
	KT_ASSERT_GE(hs.large_pages, 6);
	KT_ASSERT_GE(hs.large_allocations, 1);
	memset(p, 0x11, 6 * 4096);
	frame_free(p);
	frame_page_stats(&after);
	KT_ASSERT_EQ(after.free_pages, before.free_pages);

	p = frame_alloc(FRAME_ALLOC_MAX);
	KT_ASSERT_NOT_NULL(p);
	p[FRAME_ALLOC_MAX - 1] = 1;
	frame_free(p);
}

KTEST(heap_refuses_what_it_cannot_give)
{
	KT_ASSERT_NULL(frame_alloc(0));
	KT_ASSERT_NULL(frame_alloc(FRAME_ALLOC_MAX + 1));
	KT_ASSERT_NULL(frame_alloc(~(size_t)0));
	KT_ASSERT_NULL(frame_calloc(~(size_t)0 / 2, 3));
	KT_ASSERT_NULL(frame_zalloc(0));
	frame_free(NULL);
}

KTEST(heap_zalloc_and_calloc_zero)
{
	unsigned char *a, *b;

	/* Dirty an object, free it, and get it back zeroed. */
	a = frame_alloc(128);
	KT_ASSERT_NOT_NULL(a);
	memset(a, 0xff, 128);
	frame_free(a);
	b = frame_zalloc(128);
	KT_ASSERT_NOT_NULL(b);
	for (int i = 0; i < 128; i++)
		KT_ASSERT_EQ(b[i], 0);
	frame_free(b);
	b = frame_calloc(3, 3000);
	KT_ASSERT_NOT_NULL(b);
	for (int i = 0; i < 9000; i++)
		KT_ASSERT_EQ(b[i], 0);
	frame_free(b);
}

KTEST(heap_trim_releases_kept_slabs_and_objects_come_back)
{
	struct frame_heap_stats before, held, after;
	void *p[64];

	frame_heap_trim();
	frame_heap_stats(&before);
	for (size_t i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = frame_alloc(2048);
		KT_ASSERT_NOT_NULL(p[i]);
	}
	frame_heap_stats(&held);
	KT_ASSERT_EQ(held.objects_in_use, before.objects_in_use + 64);
	KT_ASSERT_GT(held.slab_pages, before.slab_pages);
	for (size_t i = 0; i < ARRAY_SIZE(p); i++)
		frame_free(p[i]);
	frame_heap_stats(&after);
	KT_ASSERT_EQ(after.objects_in_use, before.objects_in_use);
	/* What 64 objects of 2 KiB took, but the slab the class keeps. */
	frame_heap_trim();
	frame_heap_stats(&after);
	KT_ASSERT_EQ(after.objects_in_use, before.objects_in_use);
	KT_ASSERT_LE(after.slab_pages, before.slab_pages);
}

KTEST(heap_class_stats_name_the_size_of_what_is_held)
{
	struct frame_slab_stats before, held, after;
	void *p[40];

	/* 90 bytes: the 96-byte class, the fourth */
	KT_ASSERT_EQ(frame_heap_class_stats(3, &before), 0);
	KT_ASSERT_EQ(before.object_size, 96);
	for (size_t i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = frame_alloc(90);
		KT_ASSERT_NOT_NULL(p[i]);
	}
	KT_ASSERT_EQ(frame_heap_class_stats(3, &held), 0);
	KT_ASSERT_EQ(held.in_use, before.in_use + ARRAY_SIZE(p));
	for (size_t i = 0; i < ARRAY_SIZE(p); i++)
		frame_free(p[i]);
	KT_ASSERT_EQ(frame_heap_class_stats(3, &after), 0);
	KT_ASSERT_EQ(after.in_use, before.in_use);
	KT_ASSERT_EQ(frame_heap_class_stats(FRAME_HEAP_CLASSES - 1, &after), 0);
	KT_ASSERT_EQ(after.object_size, 4096);
	KT_ASSERT_EQ(frame_heap_class_stats(FRAME_HEAP_CLASSES, &after),
		     -EINVAL);
}
