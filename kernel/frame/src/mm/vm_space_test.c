/* SPDX-License-Identifier: MIT */
/* ktests for user address spaces: cursors, huge pages, references. */
#include <frame/vm.h>

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/task.h>
#include <frame/page.h>

#include "mm/drain_test.h"

#define MIB (1ul << 20)

static uaddr_t ua(unsigned long v)
{
	return uaddr_from_syscall_arg(v);
}

/*
 * Pages not held by anything: free, or in the heap's slabs (which keep an
 * empty slab cached after the objects in it are freed).
 */
static size_t idle_pages(void)
{
	struct frame_page_stats st;
	struct frame_heap_stats hs;

	frame_page_stats(&st);
	frame_heap_stats(&hs);
	return st.free_pages + hs.slab_pages;
}

KTEST(vm_cursor_maps_queries_and_unmaps)
{
	size_t before = idle_pages();
	struct vm_space *s;
	struct frame_page *p;
	struct vm_mapping m;
	struct vm_cursor c;

	s = vm_space_create();
	KT_ASSERT_NOT_NULL(s);
	p = frame_page_alloc(2, FRAME_PAGE_ZERO);
	KT_ASSERT_NOT_NULL(p);

	KT_ASSERT_OK(vm_cursor_open(&c, s, ua(0x400000), 16 * 4096));
	KT_ASSERT_ERR(vm_cursor_query(&c, &m), -ENOENT);
	KT_ASSERT_OK(vm_cursor_map(&c, p, VM_PROT_READ | VM_PROT_WRITE));
	KT_ASSERT_EQ(uaddr_value(vm_cursor_pos(&c)), 0x404000);
	/* Each mapped page holds a reference. */
	KT_ASSERT_EQ(frame_page_refcount(p), 5);
	/* Page 1 of the block again, elsewhere, read-only and executable. */
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(0x408000)));
	KT_ASSERT_OK(
		vm_cursor_map_pages(&c, p, 1, 1, VM_PROT_READ | VM_PROT_EXEC));
	KT_ASSERT_EQ(frame_page_refcount(p), 6);

	KT_ASSERT_OK(vm_cursor_seek(&c, ua(0x402000)));
	KT_ASSERT_OK(vm_cursor_query(&c, &m));
	frame_page_put(m.page); /* the mapping keeps it */
	KT_ASSERT_EQ(uaddr_value(m.start), 0x402000);
	KT_ASSERT_EQ(m.size, VM_PAGE_SIZE);
	KT_ASSERT_EQ(m.prot, VM_PROT_READ | VM_PROT_WRITE);
	KT_ASSERT_EQ(m.page, p);
	KT_ASSERT_EQ(m.page_index, 2);
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(0x408000)));
	KT_ASSERT_OK(vm_cursor_query(&c, &m));
	frame_page_put(m.page); /* the mapping keeps it */
	KT_ASSERT_EQ(m.prot, VM_PROT_READ | VM_PROT_EXEC);
	KT_ASSERT_EQ(m.page_index, 1);

	/* Find skips the hole between the two runs. */
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(0x404000)));
	KT_ASSERT_OK(vm_cursor_find(&c, &m));
	frame_page_put(m.page); /* the mapping keeps it */
	KT_ASSERT_EQ(uaddr_value(vm_cursor_pos(&c)), 0x408000);
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(0x409000)));
	KT_ASSERT_ERR(vm_cursor_find(&c, &m), -ENOENT);
	KT_ASSERT_EQ(uaddr_value(vm_cursor_pos(&c)), 0x410000);

	/* Protect across mapped pages and a hole. */
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(0x403000)));
	KT_ASSERT_OK(vm_cursor_protect(&c, 0x6000, VM_PROT_READ));
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(0x403000)));
	KT_ASSERT_OK(vm_cursor_query(&c, &m));
	frame_page_put(m.page); /* the mapping keeps it */
	KT_ASSERT_EQ(m.prot, VM_PROT_READ);
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(0x405000)));
	KT_ASSERT_ERR(vm_cursor_query(&c, &m), -ENOENT);

	/* Unmap part: references go with the pages. */
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(0x401000)));
	KT_ASSERT_OK(vm_cursor_unmap(&c, 2 * 4096));
	KT_ASSERT_EQ(frame_page_refcount(p), 4);
	KT_ASSERT_EQ(uaddr_value(vm_cursor_pos(&c)), 0x403000);
	vm_cursor_close(&c);

	/* The last references go with the space. */
	vm_space_put(s);
	KT_ASSERT_EQ(frame_page_refcount(p), 1);
	frame_page_put(p);
	KT_ASSERT_EQ(idle_pages(), before);
}

KTEST(vm_cursor_huge_pages_split_on_partial_change)
{
	struct vm_space *s = vm_space_create();
	struct frame_page *p = frame_page_alloc(10, 0); /* 4 MiB */
	struct vm_mapping m;
	struct vm_cursor c;
	const unsigned long base = 0x40000000;

	KT_ASSERT_NOT_NULL(s);
	KT_ASSERT_NOT_NULL(p);
	KT_ASSERT_OK(vm_cursor_open(&c, s, ua(base), 8 * MIB));
	KT_ASSERT_OK(vm_cursor_map(&c, p, VM_PROT_READ | VM_PROT_WRITE));
	KT_ASSERT_EQ(frame_page_refcount(p), 1 + 1024);
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(base + MIB)));
	KT_ASSERT_OK(vm_cursor_query(&c, &m));
	frame_page_put(m.page); /* the mapping keeps it */
	KT_ASSERT_EQ(m.size, VM_HUGE_PAGE_SIZE);
	KT_ASSERT_EQ(uaddr_value(m.start), base);
	KT_ASSERT_EQ(m.page_index, 0);

	/* Protect one page in the second leaf: it becomes 4 KiB leaves. */
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(base + 3 * MIB)));
	KT_ASSERT_OK(vm_cursor_protect(&c, 4096, VM_PROT_READ));
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(base + 3 * MIB)));
	KT_ASSERT_OK(vm_cursor_query(&c, &m));
	frame_page_put(m.page); /* the mapping keeps it */
	KT_ASSERT_EQ(m.size, VM_PAGE_SIZE);
	KT_ASSERT_EQ(m.prot, VM_PROT_READ);
	KT_ASSERT_EQ(m.page_index, 768);
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(base + 3 * MIB + 4096)));
	KT_ASSERT_OK(vm_cursor_query(&c, &m));
	frame_page_put(m.page); /* the mapping keeps it */
	KT_ASSERT_EQ(m.size, VM_PAGE_SIZE);
	KT_ASSERT_EQ(m.prot, VM_PROT_READ | VM_PROT_WRITE);
	KT_ASSERT_EQ(m.page_index, 769);
	KT_ASSERT_EQ(frame_page_refcount(p), 1 + 1024);

	/* Unmap a page of the first leaf: 511 of its pages stay mapped. */
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(base + 4096)));
	KT_ASSERT_OK(vm_cursor_unmap(&c, 4096));
	KT_ASSERT_EQ(frame_page_refcount(p), 1024);
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(base)));
	KT_ASSERT_OK(vm_cursor_query(&c, &m));
	frame_page_put(m.page); /* the mapping keeps it */
	KT_ASSERT_EQ(m.size, VM_PAGE_SIZE);
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(base + 4096)));
	KT_ASSERT_ERR(vm_cursor_query(&c, &m), -ENOENT);

	/* Not 2 MiB-aligned in physical memory: 4 KiB leaves only. */
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(base + 4 * MIB)));
	KT_ASSERT_OK(vm_cursor_map_pages(&c, p, 1, 512, VM_PROT_READ));
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(base + 4 * MIB)));
	KT_ASSERT_OK(vm_cursor_query(&c, &m));
	frame_page_put(m.page); /* the mapping keeps it */
	KT_ASSERT_EQ(m.size, VM_PAGE_SIZE);

	KT_ASSERT_OK(vm_cursor_seek(&c, ua(base)));
	KT_ASSERT_OK(vm_cursor_unmap(&c, 8 * MIB));
	KT_ASSERT_EQ(frame_page_refcount(p), 1);
	vm_cursor_close(&c);
	vm_space_put(s);
	frame_page_put(p);
}

KTEST(vm_cursor_refuses_bad_requests)
{
	struct vm_space *s = vm_space_create();
	struct frame_page *p = frame_page_alloc(0, 0);
	struct vm_cursor c;

	KT_ASSERT_NOT_NULL(s);
	KT_ASSERT_NOT_NULL(p);
	KT_ASSERT_ERR(vm_cursor_open(&c, s, ua(0x400001), 4096), -EINVAL);
	KT_ASSERT_ERR(vm_cursor_open(&c, s, ua(0x400000), 0), -EINVAL);
	KT_ASSERT_ERR(vm_cursor_open(&c, s, ua(0), 4096), -EINVAL);
	KT_ASSERT_ERR(vm_cursor_open(&c, s, ua(VM_USER_MAX), 4096), -EINVAL);
	KT_ASSERT_ERR(vm_cursor_open(&c, s, ua(VM_USER_MAX - 4096), 8192),
		      -EINVAL);
	KT_ASSERT_ERR(vm_cursor_open(&c, s, ua(0xffff800000000000), 4096),
		      -EINVAL);

	KT_ASSERT_OK(vm_cursor_open(&c, s, ua(0x400000), 2 * 4096));
	KT_ASSERT_ERR(vm_cursor_map(&c, p, VM_PROT_WRITE), -EINVAL);
	KT_ASSERT_ERR(vm_cursor_map(&c, p, VM_PROT_READ | 0x10), -EINVAL);
	KT_ASSERT_ERR(vm_cursor_map_pages(&c, p, 1, 1, VM_PROT_READ), -EINVAL);
	KT_ASSERT_ERR(vm_cursor_map_pages(&c, p, 0, 0, VM_PROT_READ), -EINVAL);
	KT_ASSERT_ERR(vm_cursor_seek(&c, ua(0x403000)), -EINVAL);
	KT_ASSERT_ERR(vm_cursor_seek(&c, ua(0x400800)), -EINVAL);
	KT_ASSERT_OK(vm_cursor_map(&c, p, VM_PROT_READ));
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(0x400000)));
	KT_ASSERT_ERR(vm_cursor_map(&c, p, VM_PROT_READ), -EEXIST);
	KT_ASSERT_EQ(frame_page_refcount(p), 2);
	KT_ASSERT_ERR(vm_cursor_unmap(&c, 3 * 4096), -EINVAL);
	KT_ASSERT_ERR(vm_cursor_unmap(&c, 100), -EINVAL);
	KT_ASSERT_ERR(vm_cursor_protect(&c, 4096, 0), -EINVAL);
	/* At the end of the range nothing more fits. */
	KT_ASSERT_OK(vm_cursor_seek(&c, ua(0x402000)));
	KT_ASSERT_ERR(vm_cursor_map(&c, p, VM_PROT_READ), -EINVAL);
	vm_cursor_close(&c);
	vm_space_put(s);
	KT_ASSERT_EQ(frame_page_refcount(p), 1);
	frame_page_put(p);
}

KTEST(vm_space_activation_holds_a_reference)
{
	size_t before = idle_pages();
	struct vm_space *s, *cur;

	s = vm_space_create();
	KT_ASSERT_NOT_NULL(s);
	KT_ASSERT_NULL(vm_space_current());
	vm_space_activate(s);
	cur = vm_space_current();
	KT_ASSERT_EQ(cur, s);
	/* vm_space_current() took a reference of its own. */
	vm_space_put(cur);
	/* Dropping the creator's reference leaves the active one. */
	vm_space_put(s);
	vm_space_activate(NULL);
	KT_ASSERT_NULL(vm_space_current());
	/* Its root table went back with it. */
	KT_ASSERT_EQ(idle_pages(), before);
}

KTEST(vm_and_heap_fail_cleanly_without_memory)
{
	struct vm_space *s = vm_space_create();
	struct frame_page *p = frame_page_alloc(0, 0), *chain;
	struct frame_slab *cache = frame_slab_create("test-empty", 64, 0, 0);
	struct task_stats tasks;
	struct vm_mapping m;
	struct vm_cursor c;
	void *obj;
	int ret;

	/* Draining memory needs a quiet machine (see buddy_test.c). */
	task_stats(&tasks);
	KT_ASSERT_EQ(tasks.live, 0);
	KT_ASSERT_NOT_NULL(s);
	KT_ASSERT_NOT_NULL(p);
	KT_ASSERT_NOT_NULL(cache);
	chain = mm_test_drain(NULL);
	/* A new space needs new page tables for its first page. */
	KT_ASSERT_OK(vm_cursor_open(&c, s, ua(0x40000000), 4096));
	ret = vm_cursor_map(&c, p, VM_PROT_READ);
	vm_cursor_close(&c);
	obj = frame_slab_alloc(cache);
	mm_test_refill(chain);

	KT_ASSERT_ERR(ret, -ENOMEM);
	KT_ASSERT_NULL(obj);
	KT_ASSERT_EQ(frame_page_refcount(p), 1);
	KT_ASSERT_OK(vm_cursor_open(&c, s, ua(0x40000000), 4096));
	KT_ASSERT_ERR(vm_cursor_query(&c, &m), -ENOENT);
	/* With memory back, the same request works. */
	KT_ASSERT_OK(vm_cursor_map(&c, p, VM_PROT_READ));
	vm_cursor_close(&c);
	KT_ASSERT_EQ(frame_page_refcount(p), 2);
	obj = frame_slab_alloc(cache);
	KT_ASSERT_NOT_NULL(obj);
	frame_slab_free(cache, obj);
	KT_ASSERT_OK(frame_slab_destroy(cache));
	vm_space_put(s);
	frame_page_put(p);
}
