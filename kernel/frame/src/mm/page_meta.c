/* SPDX-License-Identifier: MIT */
/* The struct frame_page arrays, and the lookups between pages and frames. */
#include "mm/page_meta.h"

#include <frame/compiler.h>
#include <frame/errno.h>
#include <frame/panic.h>
#include <frame/string.h>

#include "mm/phys.h"

/*
 * One array per range of phys_layout.ram rather than one for all of
 * physical memory: RAM above 4 GiB leaves a hole of a GiB or more under
 * it, whose metadata would be wasted.
 */
struct page_section {
	uint64_t start_pfn, end_pfn;
	struct frame_page *pages;
};

static struct page_section sections[PHYS_RANGES_MAX];
static size_t section_count;

BUILD_BUG_ON(sizeof(struct frame_page) != 48);

int page_meta_init(void)
{
	const struct phys_range_set *ram = &phys_layout.ram;

	for (size_t i = 0; i < ram->count; i++) {
		struct page_section *s = &sections[i];
		uint64_t pages =
			(ram->r[i].end - ram->r[i].start) >> MM_PAGE_SHIFT;
		uint64_t bytes = pages * sizeof(struct frame_page);
		paddr_t pa;
		int ret;

		ret = phys_boot_alloc(ALIGN_UP(bytes, MM_PAGE_SIZE) >>
					      MM_PAGE_SHIFT,
				      ~0ull, &pa);
		if (ret)
			return ret;
		s->start_pfn = ram->r[i].start >> MM_PAGE_SHIFT;
		s->end_pfn = ram->r[i].end >> MM_PAGE_SHIFT;
		s->pages = mm_phys_to_virt(pa);
		/* All zero: PAGE_RESERVED, until the buddy allocator frees. */
		memset(s->pages, 0, bytes);
	}
	section_count = ram->count;
	return 0;
}

/* The section holding @pfn, by binary search; NULL if none. */
static const struct page_section *section_of_pfn(uint64_t pfn)
{
	size_t lo = 0, hi = section_count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (pfn < sections[mid].start_pfn)
			hi = mid;
		else if (pfn >= sections[mid].end_pfn)
			lo = mid + 1;
		else
			return &sections[mid];
	}
	return NULL;
}

struct frame_page *page_from_pfn(uint64_t pfn)
{
	const struct page_section *s = section_of_pfn(pfn);

	return s ? &s->pages[pfn - s->start_pfn] : NULL;
}

/* The section whose array holds @page; NULL if none. */
static const struct page_section *section_of_page(const struct frame_page *p)
{
	uintptr_t a = (uintptr_t)p;

	for (size_t i = 0; i < section_count; i++) {
		const struct page_section *s = &sections[i];
		uintptr_t base = (uintptr_t)s->pages;
		uintptr_t len = (s->end_pfn - s->start_pfn) * sizeof(*p);

		if (a >= base && a - base < len)
			return (a - base) % sizeof(*p) ? NULL : s;
	}
	return NULL;
}

bool page_is_valid(const struct frame_page *page)
{
	return section_of_page(page) != NULL;
}

uint64_t page_to_pfn(const struct frame_page *page)
{
	const struct page_section *s = section_of_page(page);

	BUG_ON(!s);
	return s->start_pfn + (uint64_t)(page - s->pages);
}

struct frame_page *page_from_virt(const void *va)
{
	uintptr_t a = (uintptr_t)va;

	if (a < DIRECT_MAP_BASE || a - DIRECT_MAP_BASE >= DIRECT_MAP_SIZE)
		return NULL;
	return page_from_pfn((a - DIRECT_MAP_BASE) >> MM_PAGE_SHIFT);
}

struct frame_page *page_handle_decode(const void *handle, enum page_kind kind)
{
	uintptr_t v = (uintptr_t)handle;
	struct frame_page *page;

	if (!handle)
		return NULL;
	page = (struct frame_page *)(v |
				     ~((1ull << PAGE_HANDLE_GEN_SHIFT) - 1));
	if (!page_is_valid(page) || page->kind != kind ||
	    page->gen != (uint16_t)(v >> PAGE_HANDLE_GEN_SHIFT))
		return NULL;
	return page;
}
