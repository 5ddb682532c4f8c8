/* SPDX-License-Identifier: MIT */
/* ktests for the buddy allocator: split, merge, statistics, exhaustion. */
#include "mm/buddy.h"

#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/task.h>
#include <frame/page.h>
#include <frame/string.h>

#include "boot/bootinfo.h"
#include "ktest/panic_probe.h"
#include "mm/kspace.h"
#include "mm/phys.h"

static bool stats_equal(const struct frame_page_stats *a,
			const struct frame_page_stats *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static size_t stats_pages(const struct frame_page_stats *st)
{
	size_t pages = 0;

	for (unsigned int o = 0; o <= FRAME_PAGE_MAX_ORDER; o++)
		pages += st->free_blocks[o] << o;
	return pages;
}

KTEST(buddy_stats_add_up)
{
	struct frame_page_stats st;

	frame_page_stats(&st);
	KT_ASSERT_GT(st.managed_pages, 0);
	KT_ASSERT_LE(st.free_pages, st.managed_pages);
	KT_ASSERT_EQ(stats_pages(&st), st.free_pages);
}

KTEST(buddy_alloc_free_cycles_restore_stats)
{
	struct frame_page_stats before, during, after;
	struct frame_page *p[FRAME_PAGE_MAX_ORDER + 1];

	frame_page_stats(&before);
	for (unsigned int round = 0; round < 3; round++) {
		for (unsigned int o = 0; o <= FRAME_PAGE_MAX_ORDER; o++) {
			p[o] = frame_page_alloc(o, 0);
			KT_ASSERT_NOT_NULL(p[o]);
			KT_ASSERT_EQ(frame_page_order(p[o]), o);
			KT_ASSERT_EQ(frame_page_size(p[o]), 4096ul << o);
		}
		frame_page_stats(&during);
		KT_ASSERT_EQ(during.free_pages,
			     before.free_pages -
				     ((2ul << FRAME_PAGE_MAX_ORDER) - 1));
		KT_ASSERT_EQ(stats_pages(&during), during.free_pages);
		/* Free in an order unlike the allocation's. */
		for (unsigned int o = 0; o <= FRAME_PAGE_MAX_ORDER; o += 2)
			frame_page_put(p[o]);
		for (unsigned int o = 1; o <= FRAME_PAGE_MAX_ORDER; o += 2)
			frame_page_put(p[o]);
		frame_page_stats(&after);
		/* Merging is eager, so the free blocks are the same ones. */
		KT_ASSERT(stats_equal(&before, &after));
	}
}

KTEST(buddy_halves_merge_back)
{
	struct frame_page_stats before, after;
	struct frame_page *b;

	frame_page_stats(&before);
	b = buddy_alloc(1, PAGE_LARGE);
	KT_ASSERT_NOT_NULL(b);
	KT_ASSERT_EQ(page_to_pfn(b) & 1, 0);
	KT_ASSERT_EQ(b[1].kind, PAGE_TAIL);
	KT_ASSERT_EQ(b[1].head, b);
	/* Free the two pages one at a time: the second must find the first
	 * as its free buddy and merge, all the way up. */
	buddy_free_pages(&b[1], 1);
	frame_page_stats(&after);
	KT_ASSERT_EQ(after.free_pages, before.free_pages - 1);
	buddy_free_pages(b, 1);
	frame_page_stats(&after);
	KT_ASSERT(stats_equal(&before, &after));
}

static void free_again(void *head)
{
	buddy_free(head);
}

static void free_tail_again(void *head)
{
	buddy_free_pages((struct frame_page *)head + 1, 1);
}

KTEST(buddy_double_free_is_refused)
{
	struct frame_page_stats before, after;
	struct task_stats tasks;
	struct frame_page *b;
	char msg[128];

	/* Nothing else allocates on a quiet machine, so the freed block
	 * stays free between the two frees. */
	task_stats(&tasks);
	KT_ASSERT_EQ(tasks.live, 0);
	b = buddy_alloc(1, PAGE_LARGE);
	KT_ASSERT_NOT_NULL(b);
	buddy_free(b);
	frame_page_stats(&before);
	/* The whole block again, and one page inside it: both are free
	 * pages, refused before anything changes. */
	KT_ASSERT_EQ(ktest_panic_probe(free_again, b, msg, sizeof(msg)), 1);
	KT_ASSERT(ktest_msg_has(msg, "double free"));
	KT_ASSERT_EQ(ktest_panic_probe(free_tail_again, b, msg, sizeof(msg)),
		     1);
	KT_ASSERT(ktest_msg_has(msg, "double free"));
	frame_page_stats(&after);
	KT_ASSERT(stats_equal(&before, &after));
}

/* The first page of RAM inside a reserved range (the kernel image is). */
static struct frame_page *reserved_page(void)
{
	const struct phys_range_set *res = &phys_layout.reserved;

	for (size_t i = 0; i < res->count; i++) {
		for (uint64_t pa = res->r[i].start; pa < res->r[i].end;
		     pa += 4096) {
			struct frame_page *page = page_from_pfn(pa >> 12);

			if (page)
				return page;
		}
	}
	return NULL;
}

static void free_reserved(void *page)
{
	buddy_free_pages(page, 1);
}

static void free_reserved_block(void *page)
{
	buddy_free(page);
}

KTEST(buddy_reserved_pages_stay_reserved)
{
	const struct phys_range_set *res = &phys_layout.reserved;
	size_t pages = 0, bad = 0;

	/* What the proofs say of buddy_init(), allocation and frees: every
	 * page of RAM with a byte in a reserved range is PAGE_RESERVED. */
	for (size_t i = 0; i < res->count; i++) {
		for (uint64_t pfn = res->r[i].start >> 12;
		     pfn << 12 < res->r[i].end; pfn++) {
			struct frame_page *page = page_from_pfn(pfn);

			if (!page)
				continue;
			pages++;
			if (page->kind != PAGE_RESERVED)
				bad++;
		}
	}
	KT_ASSERT_GT(pages, 0);
	KT_ASSERT_EQ(bad, 0);
}

KTEST(buddy_free_of_a_reserved_page_is_refused)
{
	struct frame_page_stats before, after;
	struct frame_page *page = reserved_page();
	char msg[160];

	KT_ASSERT_NOT_NULL(page);
	KT_ASSERT_EQ(page->kind, PAGE_RESERVED);
	frame_page_stats(&before);
	/* Refused before anything changes, by either way of freeing. */
	KT_ASSERT_EQ(ktest_panic_probe(free_reserved, page, msg, sizeof(msg)),
		     1);
	KT_ASSERT(ktest_msg_has(msg, "refused free"));
	KT_ASSERT_EQ(ktest_panic_probe(free_reserved_block, page, msg,
				       sizeof(msg)),
		     1);
	KT_ASSERT(ktest_msg_has(msg, "refused free"));
	frame_page_stats(&after);
	KT_ASSERT(stats_equal(&before, &after));
	KT_ASSERT_EQ(page->kind, PAGE_RESERVED);
}

KTEST(buddy_alloc_pages_takes_exactly_what_it_needs)
{
	struct frame_page_stats before, during, after;
	struct frame_page *head;

	frame_page_stats(&before);
	head = buddy_alloc_pages(5, PAGE_LARGE);
	KT_ASSERT_NOT_NULL(head);
	frame_page_stats(&during);
	KT_ASSERT_EQ(during.free_pages, before.free_pages - 5);
	for (unsigned int i = 1; i < 5; i++)
		KT_ASSERT_EQ(head[i].head, head);
	buddy_free_pages(head, 5);
	frame_page_stats(&after);
	KT_ASSERT(stats_equal(&before, &after));
	KT_ASSERT_NULL(buddy_alloc_pages(0, PAGE_LARGE));
	KT_ASSERT_NULL(buddy_alloc_pages((1ul << FRAME_PAGE_MAX_ORDER) + 1,
					 PAGE_LARGE));
	KT_ASSERT_NULL(frame_page_alloc(FRAME_PAGE_MAX_ORDER + 1, 0));
	KT_ASSERT_NULL(frame_page_alloc(0, 0x80));
}

/*
 * Whether a block the allocator handed out is memory it may hand out: RAM,
 * none of it reserved (low memory, image, modules), and not the kernel's
 * page tables or page metadata, which boot took before the allocator.
 */
static bool block_is_allocatable(uint64_t start, uint64_t end)
{
	uint64_t meta =
		mm_virt_to_phys(page_from_pfn(phys_layout.ram.r[0].start >> 12))
			.val;

	return phys_range_contains(&phys_layout.ram, start, end) &&
	       !phys_range_overlaps(&phys_layout.reserved, start, end) &&
	       !(kspace.root.val >= start && kspace.root.val < end) &&
	       !(meta >= start && meta < end);
}

KTEST(buddy_exhaustion_returns_null_and_hands_out_only_free_ram)
{
	struct frame_page_stats before, empty, after;
	struct frame_page *chain = NULL, *p;
	struct task_stats tasks;
	uint64_t image_start, image_end;
	size_t bad = 0, pages = 0;
	bool large_null, small_null;

	/*
	 * Draining memory needs a quiet machine: no task of an earlier test
	 * left running. Idle CPUs, ticks and IPIs never allocate.
	 */
	task_stats(&tasks);
	KT_ASSERT_EQ(tasks.live, 0);
	frame_kernel_image_phys(&image_start, &image_end);
	frame_page_stats(&before);
	/* Everything, largest blocks first; chained through the blocks. */
	for (int o = FRAME_PAGE_MAX_ORDER; o >= 0; o--) {
		while ((p = frame_page_alloc((unsigned int)o, 0))) {
			uint64_t start = page_to_phys(page_check_handle(p)).val;
			uint64_t end = start + (4096ul << o);

			if (!block_is_allocatable(start, end) ||
			    (start < image_end && image_start < end))
				bad++;
			pages += 1ul << o;
			*(struct frame_page **)page_to_virt(
				page_check_handle(p)) = chain;
			chain = p;
		}
	}
	frame_page_stats(&empty);
	small_null = frame_page_alloc(0, FRAME_PAGE_ZERO) == NULL;
	large_null = frame_alloc(3 * 4096) == NULL;
	while (chain) {
		p = chain;
		chain = *(struct frame_page **)page_to_virt(
			page_check_handle(p));
		frame_page_put(p);
	}
	frame_page_stats(&after);

	KT_ASSERT_EQ(bad, 0);
	KT_ASSERT_EQ(pages, before.free_pages);
	KT_ASSERT_EQ(empty.free_pages, 0);
	KT_ASSERT_EQ(stats_pages(&empty), 0);
	KT_ASSERT(small_null);
	KT_ASSERT(large_null);
	KT_ASSERT(stats_equal(&before, &after));
}
