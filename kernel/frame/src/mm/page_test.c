/* SPDX-License-Identifier: MIT */
/* ktests for page handles: reference counts, contents, bounds. */
#include <frame/page.h>

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>

#include "mm/page_meta.h"

KTEST(page_refcount_frees_with_the_last_put)
{
	struct frame_page_stats before, held, after;
	struct frame_page *p;

	frame_page_stats(&before);
	p = frame_page_alloc(2, 0);
	KT_ASSERT_NOT_NULL(p);
	KT_ASSERT_EQ(frame_page_refcount(p), 1);
	frame_page_get(p);
	frame_page_get(p);
	KT_ASSERT_EQ(frame_page_refcount(p), 3);
	frame_page_put(p);
	frame_page_put(p);
	frame_page_stats(&held);
	KT_ASSERT_EQ(held.free_pages, before.free_pages - 4);
	KT_ASSERT_EQ(frame_page_refcount(p), 1);
	KT_ASSERT_NOT_NULL(page_handle_decode(p, PAGE_BLOCK));
	frame_page_put(p);
	frame_page_stats(&after);
	KT_ASSERT_EQ(after.free_pages, before.free_pages);
	/* The handle is dead now: the metadata says so. */
	KT_ASSERT_NULL(page_handle_decode(p, PAGE_BLOCK));
}

KTEST(page_handles_are_checked)
{
	struct frame_page *p = frame_page_alloc(1, 0);
	struct frame_page *meta;

	KT_ASSERT_NOT_NULL(p);
	meta = page_check_handle(p);
	KT_ASSERT(page_is_valid(meta));
	/* A handle is not the metadata's address. */
	KT_ASSERT_NE((void *)meta, (void *)p);
	/* Inside the metadata array but not at an element. */
	KT_ASSERT(!page_is_valid(
		(const struct frame_page *)((const char *)meta + 8)));
	KT_ASSERT_NULL(page_handle_decode(
		(const struct frame_page *)((const char *)p + 8), PAGE_BLOCK));
	/* Not in the metadata at all. */
	KT_ASSERT(!page_is_valid((const struct frame_page *)&p));
	KT_ASSERT_NULL(page_handle_decode(&p, PAGE_BLOCK));
	KT_ASSERT_NULL(page_handle_decode(NULL, PAGE_BLOCK));
	/* The second page of a block is part of it, not a handle. */
	KT_ASSERT_EQ(meta[1].kind, PAGE_TAIL);
	KT_ASSERT_EQ(page_head(&meta[1]), meta);
	KT_ASSERT_NULL(page_handle_decode(page_handle(&meta[1]), PAGE_BLOCK));
	frame_page_put(p);
}

/*
 * A handle kept past its last put is caught even when the same block is
 * handed out again: the generation in the handle no longer matches.
 */
KTEST(page_handles_of_a_reused_block_are_stale)
{
	struct frame_page *p = frame_page_alloc(0, 0), *q = NULL;
	struct frame_page *held[64], *meta;
	int n = 0;

	KT_ASSERT_NOT_NULL(p);
	meta = page_check_handle(p);
	frame_page_put(p);
	/* The allocator hands the most recently freed page out first; keep
	 * asking until it is the same one, should another CPU have taken it
	 * meanwhile. */
	while (n < 64) {
		held[n] = frame_page_alloc(0, 0);
		if (!held[n])
			break;
		if (page_check_handle(held[n]) == meta) {
			q = held[n];
			break;
		}
		n++;
	}
	for (int i = 0; i < n; i++)
		frame_page_put(held[i]);
	KT_ASSERT_NOT_NULL(q);
	KT_ASSERT_NE((void *)q, (void *)p);
	KT_ASSERT_NULL(page_handle_decode(p, PAGE_BLOCK));
	KT_ASSERT_EQ(page_handle_decode(q, PAGE_BLOCK), meta);
	frame_page_put(q);
}

KTEST(page_contents_read_write_fill_copy)
{
	struct frame_page *a = frame_page_alloc(0, FRAME_PAGE_ZERO);
	struct frame_page *b = frame_page_alloc(1, 0);
	char buf[16];

	KT_ASSERT_NOT_NULL(a);
	KT_ASSERT_NOT_NULL(b);
	KT_ASSERT_OK(frame_page_read(a, 4080, buf, 16));
	for (int i = 0; i < 16; i++)
		KT_ASSERT_EQ(buf[i], 0);
	KT_ASSERT_OK(frame_page_write(a, 100, "keel", 5));
	KT_ASSERT_OK(frame_page_fill(b, 0, 'x', 8192));
	KT_ASSERT_OK(frame_page_copy(b, 8190, a, 100, 2));
	KT_ASSERT_OK(frame_page_read(b, 8188, buf, 4));
	KT_ASSERT(!memcmp(buf, "xxke", 4));
	/* Overlapping copy within one block. */
	KT_ASSERT_OK(frame_page_copy(a, 101, a, 100, 4));
	KT_ASSERT_OK(frame_page_read(a, 100, buf, 6));
	KT_ASSERT(!memcmp(buf, "kkeel", 6));
	/* Bounds: the end is inclusive, one byte past is refused. */
	KT_ASSERT_OK(frame_page_read(a, 4096, buf, 0));
	KT_ASSERT_ERR(frame_page_read(a, 4095, buf, 2), -EINVAL);
	KT_ASSERT_ERR(frame_page_write(a, 4097, buf, 0), -EINVAL);
	KT_ASSERT_ERR(frame_page_fill(b, 1, 0, 8192), -EINVAL);
	KT_ASSERT_ERR(frame_page_copy(a, 0, b, 8000, 200), -EINVAL);
	KT_ASSERT_ERR(frame_page_read(a, ~(size_t)0, buf, 2), -EINVAL);
	frame_page_put(a);
	frame_page_put(b);
}

KTEST(page_zero_flag_zeroes)
{
	struct frame_page *p = frame_page_alloc(3, 0);
	unsigned char buf[64];

	KT_ASSERT_NOT_NULL(p);
	KT_ASSERT_OK(frame_page_fill(p, 0, 0xa5, frame_page_size(p)));
	frame_page_put(p);
	/* The same block comes back first (LIFO), now zeroed. */
	p = frame_page_alloc(3, FRAME_PAGE_ZERO);
	KT_ASSERT_NOT_NULL(p);
	for (size_t off = 0; off < frame_page_size(p); off += sizeof(buf)) {
		KT_ASSERT_OK(frame_page_read(p, off, buf, sizeof(buf)));
		for (size_t i = 0; i < sizeof(buf); i++)
			KT_ASSERT_EQ(buf[i], 0);
	}
	frame_page_put(p);
}
