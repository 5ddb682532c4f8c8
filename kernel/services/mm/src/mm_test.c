/* SPDX-License-Identifier: MIT */
/* ktests for areas, faults, copy-on-write, fork, stack, vDSO and backings. */
#include "mm_test.h"

#include <frame/page.h>
#include <frame/vdso.h>

KTEST(mm_anon_demand_paging_and_rss)
{
	struct mm *mm = mm_create();
	unsigned long a;

	KT_ASSERT_NOT_NULL(mm);
	a = map_anon(mm, A, 4 * P);
	KT_ASSERT_EQ(a, A);
	KT_ASSERT_EQ(mm_rss_pages(mm), 0ul);
	/* A write across a page boundary faults both pages in. */
	KT_ASSERT_OK(mm_write(mm, ua(A + P - 3), "hello", 5));
	expect_bytes(mm, A + P - 3, "hello", 5);
	KT_ASSERT_EQ(mm_rss_pages(mm), 2ul);
	/* A read of a fresh page is zero; a user fault maps one more. */
	expect_bytes(mm, A + 2 * P, "\0\0\0\0", 4);
	KT_ASSERT_EQ(fault(mm, A + 3 * P + 8, MM_PF_WRITE), 0);
	KT_ASSERT_EQ(mm_rss_pages(mm), 4ul);
	/* Outside every area. */
	KT_ASSERT_EQ(fault(mm, A + 4 * P, 0), MAPERR);
	KT_ASSERT_EQ(fault(mm, 0x1000, 0), MAPERR);
	KT_ASSERT_ERR(mm_write(mm, ua(A + 4 * P - 2), "xyz", 3), -EFAULT);
	check_vmas(mm);
	mm_put(mm);
}

KTEST(mm_fault_checks_the_area_protection)
{
	struct mm *mm = mm_create();

	KT_ASSERT_NOT_NULL(mm);
	map_at(mm, A, P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
	map_at(mm, A + P, P, PROT_NONE,
	       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
	map_at(mm, A + 2 * P, P, PROT_READ | PROT_EXEC,
	       MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED);
	KT_ASSERT_EQ(fault(mm, A, 0), 0);
	KT_ASSERT_EQ(fault(mm, A, MM_PF_WRITE | MM_PF_PRESENT), ACCERR);
	KT_ASSERT_EQ(fault(mm, A, MM_PF_INSTR), ACCERR);
	KT_ASSERT_EQ(fault(mm, A + P, 0), ACCERR);
	KT_ASSERT_EQ(fault(mm, A + 2 * P, MM_PF_INSTR), 0);
	KT_ASSERT_EQ(fault(mm, A + 2 * P, MM_PF_WRITE), ACCERR);
	/* The kernel's forced write copies a private read-only page, but
	 * never writes a read-only shared one. */
	KT_ASSERT_OK(mm_write(mm, ua(A + 5), "ro", 2));
	expect_bytes(mm, A + 5, "ro", 2);
	KT_ASSERT_ERR(mm_write(mm, ua(A + 2 * P), "x", 1), -EFAULT);
	KT_ASSERT_ERR(mm_read(mm, ua(A + P), (char[1]){ 0 }, 1), -EFAULT);
	check_vmas(mm);
	mm_put(mm);
}

KTEST(mm_fork_copies_private_pages_on_write)
{
	struct mm *parent = mm_create(), *child;

	KT_ASSERT_NOT_NULL(parent);
	map_anon(parent, A, 3 * P);
	KT_ASSERT_OK(mm_write(parent, ua(A), "parent", 6));
	KT_ASSERT_OK(mm_write(parent, ua(A + P), "second", 6));
	child = mm_fork(parent);
	KT_ASSERT_NOT_NULL(child);
	KT_ASSERT_EQ(nr_vmas(child), 1);
	KT_ASSERT_EQ(mm_rss_pages(child), 2ul);
	expect_bytes(child, A, "parent", 6);
	/* The child's write copies; the parent keeps its bytes. */
	KT_ASSERT_OK(mm_write(child, ua(A), "child!", 6));
	expect_bytes(parent, A, "parent", 6);
	expect_bytes(child, A, "child!", 6);
	/* A user-mode write fault in the parent copies as well. */
	KT_ASSERT_EQ(fault(parent, A + P, MM_PF_WRITE | MM_PF_PRESENT), 0);
	KT_ASSERT_OK(mm_write(parent, ua(A + P), "PARENT", 6));
	expect_bytes(child, A + P, "second", 6);
	/* A page untouched before fork is each side's own zero page. */
	KT_ASSERT_OK(mm_write(parent, ua(A + 2 * P), "late", 4));
	expect_bytes(child, A + 2 * P, "\0\0\0\0", 4);
	mm_put(parent);
	/* The child outlives the parent with its pages. */
	expect_bytes(child, A + P, "second", 6);
	mm_put(child);
}

KTEST(mm_fork_reuses_a_page_left_with_one_owner)
{
	struct mm *parent = mm_create(), *child;
	struct vm_mapping m;
	struct vm_cursor c;

	KT_ASSERT_NOT_NULL(parent);
	map_anon(parent, A, P);
	KT_ASSERT_OK(mm_write(parent, ua(A), "one", 3));
	child = mm_fork(parent);
	KT_ASSERT_NOT_NULL(child);
	mm_put(child);
	/* The only mapping left: a write fault makes it writable in place. */
	KT_ASSERT_EQ(fault(parent, A, MM_PF_WRITE | MM_PF_PRESENT), 0);
	KT_ASSERT_OK(vm_cursor_open(&c, mm_space(parent), ua(A), P));
	KT_ASSERT_OK(vm_cursor_query(&c, &m));
	vm_cursor_close(&c);
	KT_ASSERT(m.prot & VM_PROT_WRITE);
	frame_page_put(m.page);
	expect_bytes(parent, A, "one", 3);
	mm_put(parent);
}

KTEST(mm_fork_keeps_shared_mappings_shared)
{
	struct mm *parent = mm_create(), *child;

	KT_ASSERT_NOT_NULL(parent);
	map_at(parent, A, 2 * P, PROT_READ | PROT_WRITE,
	       MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED);
	KT_ASSERT_OK(mm_write(parent, ua(A), "before", 6));
	child = mm_fork(parent);
	KT_ASSERT_NOT_NULL(child);
	KT_ASSERT_OK(mm_write(child, ua(A), "child", 5));
	expect_bytes(parent, A, "child", 5);
	/* Also a page neither side had touched before the fork. */
	KT_ASSERT_OK(mm_write(child, ua(A + P), "late", 4));
	expect_bytes(parent, A + P, "late", 4);
	KT_ASSERT_OK(mm_write(parent, ua(A + P), "back", 4));
	expect_bytes(child, A + P, "back", 4);
	mm_put(child);
	mm_put(parent);
}

KTEST(mm_munmap_splits_areas)
{
	struct mm *mm = mm_create();
	char tag[2] = { 'p', 0 };

	KT_ASSERT_NOT_NULL(mm);
	map_anon(mm, A, 8 * P);
	for (int i = 0; i < 8; i++) {
		tag[1] = (char)('0' + i);
		KT_ASSERT_OK(mm_write(mm, ua(A + i * P), tag, 2));
	}
	KT_ASSERT_EQ(nr_vmas(mm), 1);
	KT_ASSERT_OK(mm_unmap(mm, ua(A + 2 * P), 2 * P - 100));
	KT_ASSERT_EQ(nr_vmas(mm), 2);
	KT_ASSERT_EQ(mm_rss_pages(mm), 6ul);
	expect_bytes(mm, A + P, "p1", 2);
	expect_bytes(mm, A + 4 * P, "p4", 2);
	KT_ASSERT_EQ(fault(mm, A + 3 * P, 0), MAPERR);
	/* The upper part keeps its pages at their addresses. */
	KT_ASSERT_OK(mm_unmap(mm, ua(A + 6 * P), P));
	KT_ASSERT_EQ(nr_vmas(mm), 3);
	expect_bytes(mm, A + 7 * P, "p7", 2);
	/* A range over holes is fine; errors as munmap(2). */
	KT_ASSERT_OK(mm_unmap(mm, ua(A), 16 * P));
	KT_ASSERT_EQ(nr_vmas(mm), 0);
	KT_ASSERT_EQ(mm_rss_pages(mm), 0ul);
	KT_ASSERT_ERR(mm_unmap(mm, ua(A + 1), P), -EINVAL);
	KT_ASSERT_ERR(mm_unmap(mm, ua(A), 0), -EINVAL);
	check_vmas(mm);
	mm_put(mm);
}

KTEST(mm_mprotect_splits_and_merges)
{
	struct mm *mm = mm_create();

	KT_ASSERT_NOT_NULL(mm);
	map_anon(mm, A, 4 * P);
	KT_ASSERT_OK(mm_write(mm, ua(A + P), "data", 4));
	KT_ASSERT_OK(mm_protect(mm, ua(A + P), 2 * P, PROT_READ));
	KT_ASSERT_EQ(nr_vmas(mm), 3);
	KT_ASSERT_EQ(fault(mm, A + P, MM_PF_WRITE | MM_PF_PRESENT), ACCERR);
	KT_ASSERT_EQ(fault(mm, A, MM_PF_WRITE), 0);
	expect_bytes(mm, A + P, "data", 4);
	KT_ASSERT_OK(mm_protect(mm, ua(A + P), 2 * P, PROT_READ | PROT_WRITE));
	KT_ASSERT_EQ(nr_vmas(mm), 1);
	KT_ASSERT_EQ(fault(mm, A + P, MM_PF_WRITE | MM_PF_PRESENT), 0);
	expect_bytes(mm, A + P, "data", 4);
	/* PROT_NONE keeps the contents for a later mprotect. */
	KT_ASSERT_OK(mm_protect(mm, ua(A), 4 * P, PROT_NONE));
	KT_ASSERT_EQ(fault(mm, A + P, 0), ACCERR);
	KT_ASSERT_OK(mm_protect(mm, ua(A), 4 * P, PROT_READ));
	expect_bytes(mm, A + P, "data", 4);
	/* Errors: a hole, an unaligned start, unknown bits. */
	KT_ASSERT_ERR(mm_protect(mm, ua(A), 5 * P, PROT_READ), -ENOMEM);
	KT_ASSERT_ERR(mm_protect(mm, ua(A + 1), P, PROT_READ), -EINVAL);
	KT_ASSERT_ERR(mm_protect(mm, ua(A), P, 0x10), -EINVAL);
	KT_ASSERT_OK(mm_protect(mm, ua(A), 0, PROT_READ));
	check_vmas(mm);
	mm_put(mm);
}

KTEST(mm_file_mappings_through_a_backing)
{
	struct test_backing t = { 0 };
	struct mm *mm = mm_create(), *child;

	KT_ASSERT_NOT_NULL(mm);
	tb_init(&t);
	/* Private, from page 1: reads see the file, writes stay private. */
	map_file(mm, A, 3 * P, MAP_PRIVATE, &t, P);
	KT_ASSERT_EQ(t.refs, 2);
	expect_bytes(mm, A, "f1", 2);
	KT_ASSERT_OK(mm_write(mm, ua(A + 1), "X", 1));
	expect_bytes(mm, A, "fX", 2);
	tb_expect(&t, 1, "f1");
	/* A write fault on a file page mapped for reading copies it. */
	expect_bytes(mm, A + P, "f2", 2);
	KT_ASSERT_EQ(fault(mm, A + P, MM_PF_WRITE | MM_PF_PRESENT), 0);
	KT_ASSERT_OK(mm_write(mm, ua(A + P), "Y", 1));
	tb_expect(&t, 2, "f2");
	/* Past the end of the file: SIGBUS. */
	{
		int code = 0;

		KT_ASSERT_ERR(mm_fault(mm, A + 2 * P, MM_PF_USER, &code), -EIO);
		KT_ASSERT_EQ(code, MM_BUS_ADRERR);
	}
	/* Shared: writes reach the file's page, also from a fork. */
	map_file(mm, A + 4 * P, 2 * P, MAP_SHARED, &t, 0);
	KT_ASSERT_EQ(t.refs, 3);
	KT_ASSERT_OK(mm_write(mm, ua(A + 4 * P), "S", 1));
	tb_expect(&t, 0, "S0");
	child = mm_fork(mm);
	KT_ASSERT_NOT_NULL(child);
	KT_ASSERT_EQ(t.refs, 5);
	KT_ASSERT_OK(mm_write(child, ua(A + 5 * P), "C", 1));
	tb_expect(&t, 1, "C1");
	expect_bytes(mm, A + 5 * P, "C1", 2);
	expect_bytes(child, A, "fX", 2);
	/* Splitting an area takes a reference for the new part. */
	KT_ASSERT_OK(mm_unmap(mm, ua(A + P), P));
	KT_ASSERT_EQ(t.refs, 6);
	expect_bytes(mm, A + 2 * P - P, "\0", 0);
	mm_put(child);
	mm_put(mm);
	KT_ASSERT_EQ(t.refs, 1);
	for (int i = 0; i < 3; i++) {
		KT_ASSERT_EQ(frame_page_refcount(t.pages[i]), 1u);
		frame_page_put(t.pages[i]);
	}
}

KTEST(mm_mprotect_cannot_make_a_no_write_shared_area_writable)
{
	struct test_backing t = { 0 };
	struct mm *mm = mm_create();
	struct mm_map_req req = {
		.addr = ua(A),
		.len = 3 * P,
		.prot = PROT_READ,
		.flags = MAP_SHARED | MAP_FIXED,
		.backing = &t.b,
		.no_write = true,
	};
	uaddr_t out;

	KT_ASSERT_NOT_NULL(mm);
	tb_init(&t);
	KT_ASSERT_OK(mm_map(mm, &req, &out));
	/* Private areas of the same object stay free to become writable. */
	req.addr = ua(A + 4 * P);
	req.flags = MAP_PRIVATE | MAP_FIXED;
	KT_ASSERT_OK(mm_map(mm, &req, &out));
	KT_ASSERT_OK(
		mm_protect(mm, ua(A + 4 * P), 3 * P, PROT_READ | PROT_WRITE));
	/* Any page of the shared area refuses PROT_WRITE, and nothing of
	 * a refused range changes. */
	KT_ASSERT_ERR(mm_protect(mm, ua(A + P), P, PROT_WRITE), -EACCES);
	KT_ASSERT_ERR(
		mm_protect(mm, ua(A + 2 * P), 4 * P, PROT_READ | PROT_WRITE),
		-EACCES);
	/* The first problem in address order wins, as on Linux. */
	KT_ASSERT_ERR(mm_protect(mm, ua(A - P), 8 * P, PROT_WRITE), -ENOMEM);
	KT_ASSERT_ERR(mm_protect(mm, ua(A), 8 * P, PROT_WRITE), -EACCES);
	KT_ASSERT_EQ(nr_vmas(mm), 2);
	KT_ASSERT_OK(mm_protect(mm, ua(A), 3 * P, PROT_READ | PROT_EXEC));
	KT_ASSERT_OK(mm_protect(mm, ua(A + P), P, PROT_NONE));
	KT_ASSERT_EQ(nr_vmas(mm), 4);
	KT_ASSERT_ERR(mm_protect(mm, ua(A + P), P, PROT_READ | PROT_WRITE),
		      -EACCES);
	KT_ASSERT_EQ(fault(mm, A, MM_PF_WRITE), ACCERR);
	check_vmas(mm);
	mm_put(mm);
	for (int i = 0; i < 3; i++)
		frame_page_put(t.pages[i]);
}

KTEST(mm_mprotect_cannot_make_a_no_exec_area_executable)
{
	struct test_backing t = { 0 };
	struct mm *mm = mm_create();
	struct mm_map_req req = {
		.addr = ua(A),
		.len = 2 * P,
		.prot = PROT_READ,
		.flags = MAP_PRIVATE | MAP_FIXED,
		.backing = &t.b,
		.no_exec = true,
	};
	uaddr_t out;

	KT_ASSERT_NOT_NULL(mm);
	tb_init(&t);
	KT_ASSERT_OK(mm_map(mm, &req, &out));
	/* Writable yes (private), executable never, nothing changed. */
	KT_ASSERT_OK(mm_protect(mm, ua(A), 2 * P, PROT_READ | PROT_WRITE));
	KT_ASSERT_ERR(mm_protect(mm, ua(A + P), P, PROT_READ | PROT_EXEC),
		      -EACCES);
	KT_ASSERT_EQ(nr_vmas(mm), 1);
	check_vmas(mm);
	mm_put(mm);
	for (int i = 0; i < 3; i++)
		frame_page_put(t.pages[i]);
}

KTEST(mm_stack_grows_down_within_its_limit)
{
	struct mm *mm = mm_create();
	unsigned long top;
	uaddr_t t;

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT_OK(mm_map_stack(mm, 32 * P, &t));
	top = uaddr_value(t);
	KT_ASSERT_EQ(top, MM_STACK_TOP);
	KT_ASSERT_EQ(uaddr_value(mm_stack_top(mm)), MM_STACK_TOP);
	KT_ASSERT_OK(mm_write(mm, ua(top - 8), "topmost", 8));
	/* Below the area: it grows to the faulting page. */
	KT_ASSERT_EQ(fault(mm, top - 100 * P, MM_PF_WRITE), 0);
	KT_ASSERT_EQ(mm->vmas->start, top - 100 * P);
	KT_ASSERT_OK(mm_write(mm, ua(top - 99 * P - 16), "deep", 4));
	/* Not beyond MM_STACK_MAX. */
	KT_ASSERT_EQ(fault(mm, top - MM_STACK_MAX - P, MM_PF_WRITE), MAPERR);
	/* Nor into the guard gap above another mapping. */
	map_anon(mm, top - 160 * P - MM_STACK_GUARD, P);
	KT_ASSERT_EQ(fault(mm, top - 160 * P, MM_PF_WRITE), MAPERR);
	KT_ASSERT_EQ(fault(mm, top - 159 * P, MM_PF_WRITE), 0);
	/* mmap without a hint keeps clear of the stack. */
	{
		uaddr_t out;
		struct mm_map_req req = {
			.len = P,
			.prot = PROT_READ,
			.flags = MAP_PRIVATE | MAP_ANONYMOUS,
		};

		KT_ASSERT_OK(mm_map(mm, &req, &out));
		KT_ASSERT_LE(uaddr_value(out), MM_MMAP_TOP - P);
	}
	check_vmas(mm);
	mm_put(mm);
}

KTEST(mm_vdso_is_mapped_and_forked)
{
	struct mm *mm = mm_create(), *child;
	struct frame_vdso_layout l;
	uaddr_t ehdr;

	KT_ASSERT_NOT_NULL(mm);
	frame_vdso_layout(&l);
	KT_ASSERT_OK(mm_map_vdso(mm, &ehdr));
	expect_bytes(mm, uaddr_value(ehdr), "\177ELF", 4);
	KT_ASSERT_EQ(mm_rss_pages(mm), l.size / P);
	KT_ASSERT_EQ(fault(mm, uaddr_value(ehdr), MM_PF_WRITE | MM_PF_PRESENT),
		     ACCERR);
	child = mm_fork(mm);
	KT_ASSERT_NOT_NULL(child);
	expect_bytes(child, uaddr_value(ehdr), "\177ELF", 4);
	mm_put(mm);
	mm_put(child);
}

KTEST(mm_attach_sets_the_current_mm)
{
	struct mm *mm = mm_create();

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT_NULL(mm_current());
	mm_attach(task_current(), mm);
	KT_ASSERT(mm_current() == mm);
	KT_ASSERT_EQ(mm->refs, 2ul);
	mm_attach(task_current(), NULL);
	KT_ASSERT_NULL(mm_current());
	KT_ASSERT_EQ(mm->refs, 1ul);
	check_vmas(mm);
	mm_put(mm);
}

KTEST(mm_prot_none_parks_pages_until_access_returns)
{
	struct mm *mm = mm_create(), *child;

	KT_ASSERT_NOT_NULL(mm);
	map_anon(mm, A, 3 * P);
	KT_ASSERT_OK(mm_write(mm, ua(A), "zero", 4));
	KT_ASSERT_OK(mm_write(mm, ua(A + P), "one", 3));
	KT_ASSERT_OK(mm_protect(mm, ua(A), 2 * P, PROT_NONE));
	/* Out of the page tables: no user access can reach them. */
	KT_ASSERT_EQ(mm_rss_pages(mm), 0ul);
	KT_ASSERT_EQ(fault(mm, A, 0), ACCERR);
	KT_ASSERT_ERR(mm_read(mm, ua(A), (char[4]){ 0 }, 4), -EFAULT);
	child = mm_fork(mm);
	KT_ASSERT_NOT_NULL(child);
	KT_ASSERT_OK(mm_protect(mm, ua(A), 2 * P, PROT_READ | PROT_WRITE));
	expect_bytes(mm, A, "zero", 4);
	KT_ASSERT_OK(mm_write(mm, ua(A + P), "ONE", 3));
	/* The child's parked copy is its own. */
	KT_ASSERT_OK(mm_protect(child, ua(A), 2 * P, PROT_READ));
	expect_bytes(child, A + P, "one", 3);
	mm_put(child);
	/* Unmapping a parked range drops its pages. */
	KT_ASSERT_OK(mm_protect(mm, ua(A), 2 * P, PROT_NONE));
	KT_ASSERT_OK(mm_unmap(mm, ua(A + P), P));
	KT_ASSERT_OK(mm_protect(mm, ua(A), P, PROT_READ));
	expect_bytes(mm, A, "zero", 4);
	KT_ASSERT_NULL(mm->parked);
	check_vmas(mm);
	mm_put(mm);
}

KTEST(mm_fork_chain_keeps_three_generations_apart)
{
	struct mm *a = mm_create(), *b, *c;

	KT_ASSERT_NOT_NULL(a);
	map_anon(a, A, 2 * P);
	KT_ASSERT_OK(mm_write(a, ua(A), "gen-a", 5));
	b = mm_fork(a);
	KT_ASSERT_NOT_NULL(b);
	c = mm_fork(b);
	KT_ASSERT_NOT_NULL(c);
	/* Three holders of one page: each write copies it once. */
	KT_ASSERT_OK(mm_write(b, ua(A), "gen-b", 5));
	KT_ASSERT_OK(mm_write(c, ua(A), "gen-c", 5));
	expect_bytes(a, A, "gen-a", 5);
	expect_bytes(b, A, "gen-b", 5);
	expect_bytes(c, A, "gen-c", 5);
	/* The last holder writes in place. */
	KT_ASSERT_OK(mm_write(a, ua(A), "again", 5));
	expect_bytes(c, A, "gen-c", 5);
	mm_put(b);
	expect_bytes(a, A, "again", 5);
	expect_bytes(c, A, "gen-c", 5);
	check_vmas(c);
	mm_put(c);
	mm_put(a);
}
