/* SPDX-License-Identifier: MIT */
/* ktests for the syscalls, the fault hook, out of memory and user mode. */
#include "mm_test.h"

#include <frame/heap.h>
#include <frame/page.h>
#include <frame/smp.h>
#include <frame/umode.h>
#include <frame/vm.h>

KTEST(mm_sys_mmap_flags_and_errors)
{
	struct mm *mm = attach_new();
	long a;

	KT_ASSERT_EQ(sc(sys_mmap, 0, 0, RW, ANON, -1, 0), (long)-EINVAL);
	KT_ASSERT_EQ(sc(sys_mmap, A + 1, P, RW, ANON | MAP_FIXED, -1, 0),
		     (long)-EINVAL);
	KT_ASSERT_EQ(sc(sys_mmap, 0, P, RW, MAP_ANONYMOUS, -1, 0),
		     (long)-EINVAL);
	KT_ASSERT_EQ(sc(sys_mmap, 0, P, RW, ANON, -1, 100), (long)-EINVAL);
	KT_ASSERT_EQ(sc(sys_mmap, 0, P, 0x10 | RW, ANON, -1, 0), (long)-EINVAL);
	KT_ASSERT_EQ(sc(sys_mmap, 0, P, RW, MAP_PRIVATE, 3, 0), (long)-EBADF);
	KT_ASSERT_EQ(sc(sys_mmap, 0, 1ul << 47, RW, ANON, -1, 0),
		     (long)-ENOMEM);
	KT_ASSERT_EQ(sc(sys_mmap, 0, ~0ul, RW, ANON, -1, 0), (long)-ENOMEM);
	KT_ASSERT_EQ(sc(sys_mmap, 0x1000, P, RW, ANON | MAP_FIXED, -1, 0),
		     (long)-EPERM);
	/* Unknown flags: refused for files with MAP_SHARED_VALIDATE only. */
	KT_ASSERT_GT(sc(sys_mmap, 0, P, RW,
			MAP_SHARED_VALIDATE | MAP_ANONYMOUS | 0x200000, -1, 0),
		     0l);
	/* A free hint is taken as is (rounded down to its page). */
	a = sc(sys_mmap, A + 123, 2 * P, RW, ANON | MAP_NORESERVE, -1, 0);
	KT_ASSERT_EQ(a, (long)A);
	KT_ASSERT_OK(mm_write(mm, ua(A), "keep", 4));
	/* A taken hint is not: the area goes elsewhere. */
	a = sc(sys_mmap, A, P, RW, ANON, -1, 0);
	KT_ASSERT_GT(a, 0l);
	KT_ASSERT_NE(a, (long)A);
	KT_ASSERT_EQ(
		sc(sys_mmap, A + P, P, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0),
		(long)-EEXIST);
	/* MAP_FIXED replaces what was there: fresh zero memory. */
	KT_ASSERT_EQ(sc(sys_mmap, A, P, RW, ANON | MAP_FIXED, -1, 0), (long)A);
	expect_bytes(mm, A, "\0\0\0\0", 4);
	/* MAP_POPULATE maps every page at once. */
	a = sc(sys_mmap, 0, 3 * P, RW, ANON | MAP_POPULATE, -1, 0);
	KT_ASSERT_GT(a, 0l);
	KT_ASSERT_EQ(mm_rss_pages(mm), 4ul);
	/* MAP_32BIT stays below 2 GiB; GROWSDOWN makes a stack area. */
	a = sc(sys_mmap, 0, P, RW, ANON | MAP_32BIT, -1, 0);
	KT_ASSERT_LT(a, 0x80000000l);
	a = sc(sys_mmap, 0x50000000ul, 4 * P, RW, ANON | MAP_GROWSDOWN, -1, 0);
	KT_ASSERT_EQ(a, 0x50000000l);
	KT_ASSERT_EQ(fault(mm, 0x50000000ul - 3 * P, MM_PF_WRITE), 0);
	KT_ASSERT_EQ(sc(sys_munmap, A, P, 0, 0, 0, 0), 0l);
	KT_ASSERT_EQ(sc(sys_munmap, A + 5, P, 0, 0, 0, 0), (long)-EINVAL);
	check_vmas(mm);
	detach();
}

KTEST(mm_sys_brk_grows_and_shrinks)
{
	struct mm *mm = attach_new();
	unsigned long base = 0x600000;
	long b;

	mm_set_brk_base(mm, ua(base - 100));
	KT_ASSERT_EQ(sc(sys_brk, 0, 0, 0, 0, 0, 0), (long)base);
	KT_ASSERT_EQ(uaddr_value(mm_brk(mm)), base);
	b = sc(sys_brk, base + 3 * P + 5, 0, 0, 0, 0, 0);
	KT_ASSERT_EQ(b, (long)(base + 3 * P + 5));
	KT_ASSERT_OK(mm_write(mm, ua(base + 3 * P), "heap", 4));
	KT_ASSERT_EQ(fault(mm, base + 4 * P, MM_PF_WRITE), MAPERR);
	/* Shrinking drops the pages; growing again gives zeroes. */
	KT_ASSERT_EQ(sc(sys_brk, base + P, 0, 0, 0, 0, 0), (long)(base + P));
	KT_ASSERT_EQ(fault(mm, base + 3 * P, 0), MAPERR);
	KT_ASSERT_EQ(sc(sys_brk, base + 4 * P, 0, 0, 0, 0, 0),
		     (long)(base + 4 * P));
	expect_bytes(mm, base + 3 * P, "\0\0\0\0", 4);
	KT_ASSERT_EQ(nr_vmas(mm), 1);
	/* Below the base, or into another mapping: the old break. */
	KT_ASSERT_EQ(sc(sys_brk, base - P, 0, 0, 0, 0, 0),
		     (long)(base + 4 * P));
	map_anon(mm, base + 8 * P, P);
	KT_ASSERT_EQ(sc(sys_brk, base + 9 * P, 0, 0, 0, 0, 0),
		     (long)(base + 4 * P));
	KT_ASSERT_EQ(uaddr_value(mm_brk(mm)), base + 4 * P);
	check_vmas(mm);
	detach();
}

KTEST(mm_sys_mremap_moves_contents)
{
	struct mm *mm = attach_new();
	long r;

	map_anon(mm, A, 2 * P);
	map_anon(mm, A + 2 * P, P); /* merged: one area of 3 pages */
	KT_ASSERT_EQ(nr_vmas(mm), 1);
	KT_ASSERT_OK(mm_protect(mm, ua(A + 2 * P), P, PROT_READ));
	KT_ASSERT_OK(mm_write(mm, ua(A), "zero", 4));
	KT_ASSERT_OK(mm_write(mm, ua(A + P), "one", 3));
	/* Growing into the next area needs MREMAP_MAYMOVE. */
	KT_ASSERT_EQ(sc(sys_mremap, A, 2 * P, 4 * P, 0, 0, 0), (long)-ENOMEM);
	r = sc(sys_mremap, A, 2 * P, 4 * P, 1, 0, 0);
	KT_ASSERT_GT(r, 0l);
	KT_ASSERT_NE(r, (long)A);
	expect_bytes(mm, (unsigned long)r, "zero", 4);
	expect_bytes(mm, (unsigned long)r + P, "one", 3);
	expect_bytes(mm, (unsigned long)r + 3 * P, "\0", 1);
	KT_ASSERT_EQ(fault(mm, A, 0), MAPERR);
	KT_ASSERT_EQ(fault(mm, A + 2 * P, 0), 0);
	/* Shrink in place, then grow in place into the freed room. */
	KT_ASSERT_EQ(sc(sys_mremap, r, 4 * P, P, 0, 0, 0), r);
	KT_ASSERT_EQ(fault(mm, (unsigned long)r + P, 0), MAPERR);
	KT_ASSERT_EQ(sc(sys_mremap, r, P, 2 * P, 0, 0, 0), r);
	expect_bytes(mm, (unsigned long)r + P, "\0\0\0", 3);
	/* MREMAP_FIXED to a chosen address. */
	KT_ASSERT_EQ(sc(sys_mremap, r, 2 * P, 2 * P, 3, 0x70000000, 0),
		     0x70000000l);
	expect_bytes(mm, 0x70000000, "zero", 4);
	/* Errors. */
	KT_ASSERT_EQ(sc(sys_mremap, 0x70000000, P, 0, 1, 0, 0), (long)-EINVAL);
	KT_ASSERT_EQ(sc(sys_mremap, 0x70000001, P, P, 1, 0, 0), (long)-EINVAL);
	KT_ASSERT_EQ(sc(sys_mremap, 0x70000000, P, P, 2, 0x71000000, 0),
		     (long)-EINVAL);
	KT_ASSERT_EQ(sc(sys_mremap, 0x7000000, P, 2 * P, 1, 0, 0),
		     (long)-EFAULT);
	KT_ASSERT_EQ(sc(sys_mremap, 0x70000000, P, P, 0x10, 0, 0),
		     (long)-EINVAL);
	check_vmas(mm);
	detach();
}

/* The frame's user copies, made by a task whose space is the mm's, fault
 * through the hook. */
KTEST(mm_fault_hook_serves_user_copies_and_syscalls)
{
	struct mm *mm = attach_new();
	unsigned char vec[4] = { 9, 9, 9, 9 };
	char buf[8] = { 0 };

	map_anon(mm, A, 4 * P);
	map_at(mm, A + 8 * P, P, PROT_READ,
	       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
	vm_space_activate(mm_space(mm));
	KT_ASSERT_OK(frame_copy_to_user(ua(A + 100), "user", 4));
	KT_ASSERT_OK(frame_copy_from_user(buf, ua(A + 100), 4));
	KT_ASSERT_EQ(memcmp(buf, "user", 4), 0);
	KT_ASSERT_ERR(frame_copy_to_user(ua(A + 8 * P), "x", 1), -EFAULT);
	KT_ASSERT_ERR(frame_copy_to_user(ua(A + 5 * P), "x", 1), -EFAULT);
	/* mincore: the vector is itself user memory (page 3). */
	KT_ASSERT_EQ(sc(sys_mincore, A, 3 * P, A + 3 * P, 0, 0, 0), 0l);
	KT_ASSERT_OK(frame_copy_from_user(vec, ua(A + 3 * P), 3));
	KT_ASSERT_EQ(vec[0], 1);
	KT_ASSERT_EQ(vec[1], 0);
	KT_ASSERT_EQ(vec[2], 0);
	KT_ASSERT_EQ(sc(sys_mincore, A + 1, P, A + 3 * P, 0, 0, 0),
		     (long)-EINVAL);
	KT_ASSERT_EQ(sc(sys_mincore, A, 6 * P, A + 3 * P, 0, 0, 0),
		     (long)-ENOMEM);
	KT_ASSERT_EQ(sc(sys_mincore, A, P, 0x20000, 0, 0, 0), (long)-EFAULT);
	/* madvise(DONTNEED) zaps private pages: zeroes come back. */
	KT_ASSERT_EQ(mm_rss_pages(mm), 2ul);
	KT_ASSERT_EQ(sc(sys_madvise, A, P, 4, 0, 0, 0), 0l);
	KT_ASSERT_EQ(mm_rss_pages(mm), 1ul);
	KT_ASSERT_OK(frame_copy_from_user(buf, ua(A + 100), 4));
	KT_ASSERT_EQ(memcmp(buf, "\0\0\0\0", 4), 0);
	vm_space_activate(NULL);
	for (int adv = 0; adv <= 3; adv++)
		KT_ASSERT_EQ(sc(sys_madvise, A, P, adv, 0, 0, 0), 0l);
	KT_ASSERT_EQ(sc(sys_madvise, A, P, 77, 0, 0, 0), (long)-EINVAL);
	KT_ASSERT_EQ(sc(sys_madvise, A + 1, P, 0, 0, 0, 0), (long)-EINVAL);
	/* A hole: ENOMEM, but what is mapped was dropped all the same. */
	KT_ASSERT_EQ(sc(sys_madvise, A, 6 * P, 4, 0, 0, 0), (long)-ENOMEM);
	KT_ASSERT_EQ(mm_rss_pages(mm), 0ul);
	/* msync */
	KT_ASSERT_EQ(sc(sys_msync, A, P, 4, 0, 0, 0), 0l);
	KT_ASSERT_EQ(sc(sys_msync, A, P, 5, 0, 0, 0), (long)-EINVAL);
	KT_ASSERT_EQ(sc(sys_msync, A, P, 8, 0, 0, 0), (long)-EINVAL);
	KT_ASSERT_EQ(sc(sys_msync, A + 1, P, 1, 0, 0, 0), (long)-EINVAL);
	KT_ASSERT_EQ(sc(sys_msync, A, 6 * P, 1, 0, 0, 0), (long)-ENOMEM);
	/* mlock populates; errors as Linux. */
	KT_ASSERT_EQ(sc(sys_mlock, A + 10, 2 * P, 0, 0, 0, 0), 0l);
	KT_ASSERT_EQ(mm_rss_pages(mm), 3ul); /* [A, A + 3P) */
	KT_ASSERT_EQ(sc(sys_mlock, A, 6 * P, 0, 0, 0, 0), (long)-ENOMEM);
	KT_ASSERT_EQ(sc(sys_munlock, A, 2 * P, 0, 0, 0, 0), 0l);
	KT_ASSERT_EQ(sc(sys_mlock2, A, P, 2, 0, 0, 0), (long)-EINVAL);
	KT_ASSERT_EQ(sc(sys_mlockall, 0, 0, 0, 0, 0, 0), (long)-EINVAL);
	KT_ASSERT_EQ(sc(sys_mlockall, 4, 0, 0, 0, 0, 0), (long)-EINVAL);
	KT_ASSERT_EQ(sc(sys_mlockall, 3, 0, 0, 0, 0, 0), 0l);
	KT_ASSERT_EQ(mm_rss_pages(mm), 5ul);
	/* MCL_FUTURE: new mappings come populated, until munlockall. */
	KT_ASSERT_EQ(sc(sys_mlockall, 2, 0, 0, 0, 0, 0), 0l);
	KT_ASSERT_GT(sc(sys_mmap, 0, 2 * P, RW, ANON, -1, 0), 0l);
	KT_ASSERT_EQ(mm_rss_pages(mm), 7ul);
	KT_ASSERT_EQ(sc(sys_munlockall, 0, 0, 0, 0, 0, 0), 0l);
	KT_ASSERT_GT(sc(sys_mmap, 0, 2 * P, RW, ANON, -1, 0), 0l);
	KT_ASSERT_EQ(mm_rss_pages(mm), 7ul);
	check_vmas(mm);
	detach();
}

/* Take every free page (largest blocks first) into @held, at most @max. */
static size_t drain(struct frame_page **held, size_t max)
{
	size_t n = 0;

	for (int order = FRAME_PAGE_MAX_ORDER; order >= 0; order--) {
		while (n < max) {
			struct frame_page *p = frame_page_alloc(order, 0);

			if (!p)
				break;
			held[n++] = p;
		}
	}
	return n;
}

KTEST(mm_out_of_memory_is_an_error_not_a_panic)
{
	struct mm *mm = mm_create(), *child;
	struct frame_page **held = frame_calloc(16384, sizeof(*held));
	struct frame_page_stats st;
	size_t n, got = 0;
	int ret = 0;

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT_NOT_NULL(held);
	map_anon(mm, A, 1ul << 30);
	KT_ASSERT_OK(mm_write(mm, ua(A), "kept", 4));
	n = drain(held, 16384);
	frame_page_stats(&st);
	KT_ASSERT_EQ(st.free_pages, 0ul);
	/* Give back a few pages: the mm takes them, then is refused. */
	for (int i = 0; i < 8 && n; i++)
		frame_page_put(held[--n]);
	for (unsigned long a = A + P; a < A + (1ul << 30); a += P) {
		ret = mm_zero(mm, ua(a), P);
		if (ret)
			break;
		got++;
	}
	/* (Pages freed late by earlier tests may come back meanwhile.) */
	KT_ASSERT_EQ(ret, -ENOMEM);
	KT_ASSERT_LT(got, 65536ul);
	{
		int code;

		KT_ASSERT_ERR(
			mm_fault(mm, A + (32ul << 20), MM_PF_WRITE, &code),
			-ENOMEM);
	}
	child = mm_fork(mm);
	if (child)
		mm_put(child);
	while (n)
		frame_page_put(held[--n]);
	frame_free(held);
	/* Memory is back: the mm works again and kept its data. */
	KT_ASSERT_OK(mm_zero(mm, ua(A + (32ul << 20)), P));
	expect_bytes(mm, A, "kept", 4);
	mm_put(mm);
}

/* Run @code at 0x40000000 in @mm's space until its SYSCALL, serving page
 * faults with mm_fault(); returns how many faults it took. */
static int run_user(struct mm *mm)
{
	struct uctx *ctx = uctx_create();
	struct umode_trap trap;
	int faults = 0;

	KT_ASSERT_NOT_NULL(ctx);
	uctx_set_rip(ctx, A);
	for (;;) {
		int code = 0;

		KT_ASSERT_OK(umode_run(ctx, mm_space(mm), &trap));
		if (trap.reason == UMODE_SYSCALL)
			break;
		if (trap.reason == UMODE_INTERRUPT)
			continue;
		KT_ASSERT_EQ(trap.reason, UMODE_PAGE_FAULT);
		KT_ASSERT_OK(mm_fault(mm, trap.fault_addr,
				      (unsigned int)trap.error_code, &code));
		KT_ASSERT_LT(++faults, 10);
	}
	uctx_destroy(ctx);
	vm_space_activate(NULL);
	return faults;
}

KTEST(mm_user_program_faults_in_and_copies_on_write)
{
	/* mov byte [0x40100000], 0x42; syscall; jmp . */
	static const unsigned char prog[] = {
		0xc6, 0x04, 0x25, 0x00, 0x00, 0x10,
		0x40, 0x42, 0x0f, 0x05, 0xeb, 0xfe,
	};
	struct mm *mm = mm_create(), *child;
	unsigned char b = 0;

	KT_ASSERT_NOT_NULL(mm);
	map_at(mm, A, P, PROT_READ | PROT_EXEC,
	       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
	KT_ASSERT_OK(mm_write(mm, ua(A), prog, sizeof(prog)));
	map_anon(mm, A + 0x100000, P);
	/* The data page is demand-zero: one fault, then the store. */
	KT_ASSERT_EQ(run_user(mm), 1);
	KT_ASSERT_OK(mm_read(mm, ua(A + 0x100000), &b, 1));
	KT_ASSERT_EQ(b, 0x42);
	/* The child stores 0x43 to the page it shares with the parent:
	 * the write-protection fault copies it. */
	child = mm_fork(mm);
	KT_ASSERT_NOT_NULL(child);
	b = 0x43;
	KT_ASSERT_OK(mm_write(child, ua(A + 7), &b, 1));
	KT_ASSERT_EQ(run_user(child), 1);
	KT_ASSERT_OK(mm_read(child, ua(A + 0x100000), &b, 1));
	KT_ASSERT_EQ(b, 0x43);
	KT_ASSERT_OK(mm_read(mm, ua(A + 0x100000), &b, 1));
	KT_ASSERT_EQ(b, 0x42);
	/* The parent's code page was not touched by the child's write. */
	KT_ASSERT_OK(mm_read(mm, ua(A + 7), &b, 1));
	KT_ASSERT_EQ(b, 0x42);
	mm_put(child);
	mm_put(mm);
}

/* A user thread on another CPU that reads one page in a loop. */
struct tlb_reader {
	struct task_entry entry;
	struct mm *mm;
	struct frame_spinlock lock;
	bool stop;
	int interrupts;
	uint64_t fault_addr;
};

static int tlb_reader_run(struct task_entry *e)
{
	struct tlb_reader *r = container_of(e, struct tlb_reader, entry);
	struct uctx *ctx = uctx_create();
	struct umode_trap trap;

	if (!ctx)
		return -ENOMEM;
	uctx_set_rip(ctx, A);
	for (;;) {
		bool stop;

		frame_spin_lock(&r->lock);
		stop = r->stop;
		frame_spin_unlock(&r->lock);
		if (stop || umode_run(ctx, mm_space(r->mm), &trap))
			break;
		frame_spin_lock(&r->lock);
		if (trap.reason == UMODE_PAGE_FAULT)
			r->fault_addr = trap.fault_addr;
		else
			r->interrupts++;
		frame_spin_unlock(&r->lock);
		if (trap.reason == UMODE_PAGE_FAULT)
			break;
	}
	uctx_destroy(ctx);
	vm_space_activate(NULL);
	return 0;
}

/* Poll @r until @cond holds or two seconds pass. */
static bool tlb_reader_wait(struct tlb_reader *r, bool want_fault)
{
	for (int i = 0; i < 2000; i++) {
		bool done;

		frame_spin_lock(&r->lock);
		done = want_fault ? r->fault_addr != 0 : r->interrupts >= 3;
		frame_spin_unlock(&r->lock);
		if (done)
			return true;
		task_sleep_ns(1000000);
	}
	return false;
}

/*
 * Start a reader on another CPU running @prog (a loop on the page at
 * A + 1 MiB), let it cache the translation, then unmap the page or make it
 * read-only: the reader must fault at once (the cursor's shootdown), not
 * go on with a stale TLB entry.
 */
static void tlb_check(const unsigned char *prog, size_t len, bool unmap)
{
	struct tlb_reader r = { .lock = FRAME_SPINLOCK_INIT };
	int cpu = (smp_this_cpu() + 1) % smp_cpu_count();
	struct task *t;
	bool started, faulted;

	r.mm = mm_create();
	KT_ASSERT_NOT_NULL(r.mm);
	map_at(r.mm, A, P, PROT_READ | PROT_EXEC,
	       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
	KT_ASSERT_OK(mm_write(r.mm, ua(A), prog, len));
	map_anon(r.mm, A + 0x100000, P);
	KT_ASSERT_OK(mm_write(r.mm, ua(A + 0x100000), "d", 1));
	task_entry_init(&r.entry, tlb_reader_run);
	t = task_spawn_on("mm-tlb", &r.entry, task_prio(task_current()), cpu);
	KT_ASSERT_NOT_NULL(t);
	started = tlb_reader_wait(&r, false);
	if (unmap)
		KT_ASSERT_OK(mm_unmap(r.mm, ua(A + 0x100000), P));
	else
		KT_ASSERT_OK(mm_protect(r.mm, ua(A + 0x100000), P, PROT_READ));
	faulted = tlb_reader_wait(&r, true);
	frame_spin_lock(&r.lock);
	r.stop = true;
	frame_spin_unlock(&r.lock);
	KT_ASSERT_OK(task_join(t));
	KT_ASSERT(started);
	KT_ASSERT(faulted);
	KT_ASSERT_EQ(r.fault_addr, (uint64_t)(A + 0x100000));
	mm_put(r.mm);
}

KTEST(mm_munmap_leaves_no_stale_tlb_entry_on_another_cpu)
{
	/* loop: mov al, [0x40100000]; jmp loop */
	static const unsigned char prog[] = {
		0x8a, 0x04, 0x25, 0x00, 0x00, 0x10, 0x40, 0xeb, 0xf7,
	};

	tlb_check(prog, sizeof(prog), true);
}

KTEST(mm_mprotect_leaves_no_stale_tlb_entry_on_another_cpu)
{
	/* loop: mov byte [0x40100000], 0x42; jmp loop */
	static const unsigned char prog[] = {
		0xc6, 0x04, 0x25, 0x00, 0x00, 0x10, 0x40, 0x42, 0xeb, 0xf6,
	};

	tlb_check(prog, sizeof(prog), false);
}

/* A resolver standing in for fs: fd 5 is the test file, 6 is /dev/zero,
 * 7 is not readable. */
static struct test_backing *resolver_file;

static int test_resolve(int fd, unsigned int prot, unsigned int flags,
			struct mm_backing **out, bool *anon)
{
	(void)prot;
	(void)flags;
	switch (fd) {
	case 5:
		resolver_file->b.ops->get(&resolver_file->b);
		*out = &resolver_file->b;
		return 0;
	case 6:
		*anon = true;
		return 0;
	case 7:
		return -EACCES;
	default:
		return -EBADF;
	}
}

static const struct mm_file_resolver test_resolver = {
	.resolve = test_resolve,
};

KTEST(mm_sys_mmap_of_a_descriptor_goes_through_the_resolver)
{
	const struct mm_file_resolver *saved = mm_get_file_resolver();
	struct test_backing t = { 0 };
	struct mm *mm = attach_new();
	long a, z;

	tb_init(&t);
	resolver_file = &t;
	mm_set_file_resolver(&test_resolver);
	a = sc(sys_mmap, 0, 2 * P, RW, MAP_SHARED, 5, P);
	KT_ASSERT_GT(a, 0l);
	KT_ASSERT_EQ(t.refs, 2); /* the resolver's reference was dropped */
	expect_bytes(mm, (unsigned long)a, "f1", 2);
	KT_ASSERT_OK(mm_write(mm, ua((unsigned long)a + P), "W", 1));
	tb_expect(&t, 2, "W2");
	/* /dev/zero: anonymous memory, shared or private. */
	z = sc(sys_mmap, 0, P, RW, MAP_SHARED, 6, 0);
	KT_ASSERT_GT(z, 0l);
	expect_bytes(mm, (unsigned long)z, "\0\0", 2);
	KT_ASSERT_EQ(sc(sys_mmap, 0, P, RW, MAP_PRIVATE, 7, 0), (long)-EACCES);
	KT_ASSERT_EQ(sc(sys_mmap, 0, P, RW, MAP_PRIVATE, 9, 0), (long)-EBADF);
	/* Unknown flags with MAP_SHARED_VALIDATE on a file. */
	KT_ASSERT_EQ(
		sc(sys_mmap, 0, P, RW, MAP_SHARED_VALIDATE | 0x200000, 5, 0),
		(long)-EOPNOTSUPP);
	KT_ASSERT_EQ(t.refs, 2);
	mm_set_file_resolver(saved);
	detach();
	KT_ASSERT_EQ(t.refs, 1);
	for (int i = 0; i < 3; i++)
		frame_page_put(t.pages[i]);
}
