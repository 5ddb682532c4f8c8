/* SPDX-License-Identifier: MIT */
/* Pages of PROT_NONE areas, kept off the page tables until access returns. */
#include "mm_internal.h"

#include <frame/heap.h>
#include <frame/page.h>

/*
 * A page table entry cannot say "no access" (every mapping is readable),
 * so mprotect(PROT_NONE) takes the pages out of the page tables and parks
 * them here, by address. The fault after a later mprotect maps a parked
 * page back instead of a new one. Parked pages exist only inside
 * PROT_NONE areas; munmap, mremap, madvise and fork follow them.
 */
struct mm_parked {
	struct mm_parked *next;
	unsigned long addr;
	struct frame_page *page; /* one reference */
	size_t index;		 /* 4 KiB page of the block */
};

/* Count the 4 KiB pages mapped in [@start, @end), or record them in
 * @nodes (taking references) when it is not NULL. */
static size_t mm_park_walk(struct mm *mm, unsigned long start,
			   unsigned long end, struct mm_parked **nodes)
{
	struct vm_mapping m;
	struct vm_cursor c;
	size_t n = 0;

	if (vm_cursor_open(&c, mm->space, mm_uaddr(start), end - start))
		return 0;
	while (!vm_cursor_find(&c, &m)) {
		unsigned long s = uaddr_value(m.start), e = s + m.size;

		for (unsigned long p = s; p < e; p += MM_PAGE_SIZE) {
			struct mm_parked *k;

			if (p < start || p >= end)
				continue;
			if (nodes) {
				k = nodes[n];
				k->addr = p;
				k->page = m.page;
				k->index =
					m.page_index + (p - s) / MM_PAGE_SIZE;
				frame_page_get(m.page);
				k->next = mm->parked;
				mm->parked = k;
			}
			n++;
		}
		frame_page_put(m.page);
		if (e >= end || vm_cursor_seek(&c, mm_uaddr(e)))
			break;
	}
	vm_cursor_close(&c);
	return n;
}

/*
 * mm_park_range() - park every page mapped in [@start, @end) and unmap
 * them: 0, or -ENOMEM with nothing changed
 */
int mm_park_range(struct mm *mm, unsigned long start, unsigned long end)
{
	size_t n = mm_park_walk(mm, start, end, NULL);
	struct mm_parked **nodes;
	size_t got = 0;
	int ret = 0;

	if (!n)
		return 0;
	nodes = frame_calloc(n, sizeof(*nodes));
	if (!nodes)
		return -ENOMEM;
	for (; got < n; got++) {
		nodes[got] = frame_zalloc(sizeof(**nodes));
		if (!nodes[got]) {
			ret = -ENOMEM;
			break;
		}
	}
	if (!ret) {
		/* mm->lock keeps the page tables as they were counted. */
		mm_park_walk(mm, start, end, nodes);
		mm_unmap_pages(mm, start, end);
	} else {
		while (got)
			frame_free(nodes[--got]);
	}
	frame_free(nodes);
	return ret;
}

/* mm_park_find() - the page parked at @addr, with a reference for the
 * caller (it stays parked), or NULL */
struct frame_page *mm_park_find(struct mm *mm, unsigned long addr,
				size_t *index)
{
	struct mm_parked *k;

	for (k = mm->parked; k; k = k->next) {
		if (k->addr != addr)
			continue;
		frame_page_get(k->page);
		*index = k->index;
		return k->page;
	}
	return NULL;
}

/* mm_park_drop() - forget the pages parked in [@start, @end) */
void mm_park_drop(struct mm *mm, unsigned long start, unsigned long end)
{
	struct mm_parked **pp = &mm->parked, *k;

	while ((k = *pp)) {
		if (k->addr >= start && k->addr < end) {
			*pp = k->next;
			frame_page_put(k->page);
			frame_free(k);
		} else {
			pp = &k->next;
		}
	}
}

/* mm_park_move() - the pages parked in [@from, @from + @len) move to @to;
 * those past @keep bytes are dropped */
void mm_park_move(struct mm *mm, unsigned long from, unsigned long len,
		  unsigned long to, unsigned long keep)
{
	struct mm_parked *k;

	if (keep < len)
		mm_park_drop(mm, from + keep, from + len);
	for (k = mm->parked; k; k = k->next)
		if (k->addr >= from && k->addr < from + len)
			k->addr = k->addr - from + to;
}

/* mm_park_fork() - the child parks the same pages: 0 or -ENOMEM */
int mm_park_fork(struct mm *parent, struct mm *child)
{
	struct mm_parked *k, *n;

	for (k = parent->parked; k; k = k->next) {
		n = frame_zalloc(sizeof(*n));
		if (!n)
			return -ENOMEM;
		n->addr = k->addr;
		n->page = k->page;
		n->index = k->index;
		frame_page_get(n->page);
		n->next = child->parked;
		child->parked = n;
	}
	return 0;
}
