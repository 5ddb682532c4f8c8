/* SPDX-License-Identifier: MIT */
/* Page handles for services: allocation, reference counts, contents. */
#include <frame/page.h>

#include <frame/errno.h>
#include <frame/panic.h>
#include <frame/string.h>

#include "mm/buddy.h"
#include "mm/page_meta.h"
#include "mm/user_logic.h"

/*
 * A handle must name the first page of a live frame_page_alloc() block,
 * with the generation that allocation gave it. The check is a search of a
 * handful of ranges and a compare: cheap enough to do always, and it
 * turns a forged or stale handle (one kept past its last put, whose block
 * may be allocated again) into a panic that names the bug instead of
 * memory corrupted behind a new owner's back.
 */
struct frame_page *page_check_handle(const struct frame_page *page)
{
	struct frame_page *meta = page_handle_decode(page, PAGE_BLOCK);

	if (!meta)
		frame_panic("%p is not a page handle (freed, or never one)",
			    (const void *)page);
	return meta;
}

char *page_span(const struct frame_page *page, size_t offset, size_t len)
{
	const struct frame_page *meta = page_check_handle(page);
	size_t size = (size_t)MM_PAGE_SIZE << meta->order;

	if (!user_span_ok(size, offset, len))
		return NULL;
	return (char *)page_to_virt(meta) + offset;
}

static struct frame_page *check_handle(const struct frame_page *page)
{
	return page_check_handle(page);
}

struct frame_page *frame_page_alloc(unsigned int order, unsigned int flags)
{
	struct frame_page *page;

	if (order > FRAME_PAGE_MAX_ORDER || (flags & ~FRAME_PAGE_ZERO))
		return NULL;
	page = buddy_alloc(order, PAGE_BLOCK);
	if (!page)
		return NULL;
	page->gen++;
	__atomic_store_n(&page->mapcount, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&page->refcount, 1, __ATOMIC_RELAXED);
	if (flags & FRAME_PAGE_ZERO)
		memset(page_to_virt(page), 0, (size_t)MM_PAGE_SIZE << order);
	return page_handle(page);
}

void frame_page_get(struct frame_page *page)
{
	page_ref_add(check_handle(page), 1);
}

void frame_page_put(struct frame_page *page)
{
	page_ref_sub(check_handle(page), 1);
}

void page_ref_add(struct frame_page *head, uint32_t n)
{
	uint32_t old = __atomic_fetch_add(&head->refcount, n, __ATOMIC_RELAXED);

	/* Taking a reference needs one already: 0 means it was freed. */
	if (!old || old + n < old)
		frame_panic("page handle %p: reference count %u, adding %u",
			    (void *)head, old, n);
}

void page_ref_sub(struct frame_page *head, uint32_t n)
{
	uint32_t old = __atomic_fetch_sub(&head->refcount, n, __ATOMIC_ACQ_REL);

	if (old < n)
		frame_panic("page handle %p: reference count %u, dropping %u "
			    "(a double put)",
			    (void *)head, old, n);
	if (old == n)
		buddy_free(head);
}

unsigned int frame_page_order(const struct frame_page *page)
{
	return check_handle(page)->order;
}

size_t frame_page_size(const struct frame_page *page)
{
	return (size_t)MM_PAGE_SIZE << check_handle(page)->order;
}

unsigned int frame_page_refcount(const struct frame_page *page)
{
	return __atomic_load_n(&check_handle(page)->refcount, __ATOMIC_RELAXED);
}

unsigned int frame_page_mapcount(const struct frame_page *page)
{
	return __atomic_load_n(&check_handle(page)->mapcount, __ATOMIC_RELAXED);
}

void page_map_add(struct frame_page *head, uint32_t n)
{
	__atomic_fetch_add(&head->mapcount, n, __ATOMIC_RELAXED);
	page_ref_add(head, n);
}

void page_map_sub(struct frame_page *head, uint32_t n)
{
	uint32_t old = __atomic_fetch_sub(&head->mapcount, n, __ATOMIC_RELAXED);

	BUG_ON(old < n);
	page_ref_sub(head, n);
}

/* The kernel address of byte @offset of @page, if @len bytes fit there. */
static char *page_bytes(const struct frame_page *page, size_t offset,
			size_t len)
{
	const struct frame_page *meta = check_handle(page);
	size_t size = (size_t)MM_PAGE_SIZE << meta->order;

	if (offset > size || len > size - offset)
		return NULL;
	return (char *)page_to_virt(meta) + offset;
}

int frame_page_read(const struct frame_page *page, size_t offset, void *dst,
		    size_t len)
{
	const char *src = page_bytes(page, offset, len);

	if (!src)
		return -EINVAL;
	memcpy(dst, src, len);
	return 0;
}

int frame_page_write(struct frame_page *page, size_t offset, const void *src,
		     size_t len)
{
	char *dst = page_bytes(page, offset, len);

	if (!dst)
		return -EINVAL;
	memcpy(dst, src, len);
	return 0;
}

int frame_page_fill(struct frame_page *page, size_t offset, int c, size_t len)
{
	char *dst = page_bytes(page, offset, len);

	if (!dst)
		return -EINVAL;
	memset(dst, c, len);
	return 0;
}

int frame_page_copy(struct frame_page *dst, size_t dst_offset,
		    const struct frame_page *src, size_t src_offset, size_t len)
{
	char *to = page_bytes(dst, dst_offset, len);
	const char *from = page_bytes(src, src_offset, len);

	if (!to || !from)
		return -EINVAL;
	/* The same block may be both: then the ranges may overlap. */
	memmove(to, from, len);
	return 0;
}

void frame_page_stats(struct frame_page_stats *out)
{
	buddy_stats(out);
}
