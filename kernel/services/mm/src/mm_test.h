/* SPDX-License-Identifier: MIT */
/* Helpers shared by mm's ktests. */
#ifndef MM_TEST_H
#define MM_TEST_H

#include <mm/mm.h>
#include <mm/syscalls.h>

#include "mm_internal.h"

#include <frame/ktest.h>
#include <frame/page.h>
#include <frame/string.h>
#include <frame/task.h>

#define P MM_PAGE_SIZE
#define A 0x40000000ul /* where the tests put their mappings */

static inline uaddr_t ua(unsigned long v)
{
	return uaddr_from_syscall_arg(v);
}

static inline unsigned long map_at(struct mm *mm, unsigned long addr,
				   size_t len, unsigned int prot,
				   unsigned int flags)
{
	struct mm_map_req req = {
		.addr = ua(addr),
		.len = len,
		.prot = prot,
		.flags = flags,
	};
	uaddr_t out;

	KT_ASSERT_OK(mm_map(mm, &req, &out));
	return uaddr_value(out);
}

static inline unsigned long map_anon(struct mm *mm, unsigned long addr,
				     size_t len)
{
	return map_at(mm, addr, len, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
}

static inline int nr_vmas(struct mm *mm)
{
	int n = 0;

	for (struct mm_vma *v = mm->vmas; v; v = v->next)
		n++;
	return n;
}

/* The area list's invariants: sorted, page-aligned, non-empty, disjoint,
 * linked both ways. */
static inline void check_vmas(struct mm *mm)
{
	struct mm_vma *prev = NULL;

	for (struct mm_vma *v = mm->vmas; v; prev = v, v = v->next) {
		KT_ASSERT(v->prev == prev);
		KT_ASSERT_LT(v->start, v->end);
		KT_ASSERT_EQ(v->start % MM_PAGE_SIZE, 0ul);
		KT_ASSERT_EQ(v->end % MM_PAGE_SIZE, 0ul);
		if (prev)
			KT_ASSERT_LE(prev->end, v->start);
	}
}

static inline int fault(struct mm *mm, unsigned long addr, unsigned int pf)
{
	int code = 0;
	int ret = mm_fault(mm, addr, pf | MM_PF_USER, &code);

	return ret ? ret * 100 - code : 0; /* the errno and si_code both */
}

#define MAPERR (-EFAULT * 100 - MM_SEGV_MAPERR)
#define ACCERR (-EFAULT * 100 - MM_SEGV_ACCERR)

static inline void expect_bytes(struct mm *mm, unsigned long addr,
				const char *s, size_t n)
{
	char buf[64];

	KT_ASSERT_LE(n, sizeof(buf));
	KT_ASSERT_OK(mm_read(mm, ua(addr), buf, n));
	KT_ASSERT_EQ(memcmp(buf, s, n), 0);
}

static inline long sc(long (*fn)(const uint64_t a[6]), uint64_t a0, uint64_t a1,
		      uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	const uint64_t a[6] = { a0, a1, a2, a3, a4, a5 };

	return fn(a);
}

#define RW   (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

/* The calling test task gets @mm as its current one (and a reference). */
static inline struct mm *attach_new(void)
{
	struct mm *mm = mm_create();

	KT_ASSERT_NOT_NULL(mm);
	mm_attach(task_current(), mm);
	mm_put(mm);
	return mm;
}

static inline void detach(void)
{
	mm_attach(task_current(), NULL);
}

/* A file of three pages, "f0", "f1", "f2", for the mappings to use. */
struct test_backing {
	struct mm_backing b;
	struct frame_page *pages[3];
	int refs;
};

static inline struct test_backing *tb_of(struct mm_backing *b)
{
	return container_of(b, struct test_backing, b);
}

static inline int tb_get_page(struct mm_backing *b, uint64_t pgoff,
			      struct frame_page **out)
{
	struct test_backing *t = tb_of(b);

	if (pgoff >= 3)
		return -EIO;
	frame_page_get(t->pages[pgoff]);
	*out = t->pages[pgoff];
	return 0;
}

static inline void tb_get(struct mm_backing *b)
{
	tb_of(b)->refs++;
}

static inline void tb_put(struct mm_backing *b)
{
	tb_of(b)->refs--;
}

static const struct mm_backing_ops tb_ops = {
	.get_page = tb_get_page,
	.get = tb_get,
	.put = tb_put,
};

static inline void tb_init(struct test_backing *t)
{
	char name[3] = { 'f', '0', 0 };

	t->b.ops = &tb_ops;
	t->refs = 1;
	for (int i = 0; i < 3; i++) {
		t->pages[i] = frame_page_alloc(0, FRAME_PAGE_ZERO);
		KT_ASSERT_NOT_NULL(t->pages[i]);
		name[1] = (char)('0' + i);
		KT_ASSERT_OK(frame_page_write(t->pages[i], 0, name, 2));
	}
}

static inline void tb_expect(struct test_backing *t, int i, const char *s)
{
	char buf[8] = { 0 };

	KT_ASSERT_OK(frame_page_read(t->pages[i], 0, buf, 2));
	KT_ASSERT_EQ(memcmp(buf, s, 2), 0);
}

static inline unsigned long map_file(struct mm *mm, unsigned long addr,
				     size_t len, unsigned int flags,
				     struct test_backing *t, uint64_t off)
{
	struct mm_map_req req = {
		.addr = ua(addr),
		.len = len,
		.prot = PROT_READ | PROT_WRITE,
		.flags = flags | MAP_FIXED,
		.backing = &t->b,
		.offset = off,
	};
	uaddr_t out;

	KT_ASSERT_OK(mm_map(mm, &req, &out));
	return uaddr_value(out);
}

#endif /* MM_TEST_H */
