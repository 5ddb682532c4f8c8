/* SPDX-License-Identifier: MIT */
/* ktests for the page-table engine on kernel mappings: huge pages, splits. */
#include "mm/pt.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/page.h>
#include <frame/string.h>

#include "arch/x86_64/trap/fault_probe.h"
#include "mm/kspace.h"
#include "mm/page_meta.h"

#define MIB (1ull << 20)

static void write_byte(void *p)
{
	*(volatile uint8_t *)p = 0x5a;
}

static bool query(uint64_t va, struct pt_mapping *m)
{
	return pt_query(&kspace, va, m);
}

KTEST(kernel_map_query_protect_unmap_with_splits)
{
	struct frame_page_stats before, after;
	struct frame_page *blk;
	struct pt_mapping m;
	struct arch_fault f;
	uint64_t va = VMAP_BASE, pa;
	uint8_t *p = (uint8_t *)(uintptr_t)va;

	frame_page_stats(&before);
	blk = frame_page_alloc(10, FRAME_PAGE_ZERO); /* 4 MiB, 4 MiB-aligned */
	KT_ASSERT_NOT_NULL(blk);
	pa = page_to_phys(page_check_handle(blk)).val;
	KT_ASSERT_OK(mm_kernel_map(va, paddr(pa), 4 * MIB, PT_WRITE));

	/* Two 2 MiB leaves. */
	KT_ASSERT(query(va + 5, &m));
	KT_ASSERT_EQ(m.size, 2 * MIB);
	KT_ASSERT_EQ(m.va, va);
	KT_ASSERT_EQ(m.pa.val, pa);
	KT_ASSERT_EQ(m.attrs & (PT_WRITE | PT_EXEC | PT_GLOBAL | PT_USER),
		     PT_WRITE | PT_GLOBAL);
	KT_ASSERT(query(va + 3 * MIB, &m));
	KT_ASSERT_EQ(m.pa.val, pa + 2 * MIB);
	/* The same memory as the direct map shows. */
	p[4097] = 0x77;
	KT_ASSERT_EQ(((uint8_t *)page_to_virt(page_check_handle(blk)))[4097],
		     0x77);
	KT_ASSERT_ERR(mm_kernel_map(va + 4096, paddr(pa), 4096, 0), -EEXIST);

	/* Read-only in the middle of the first leaf: split into 4 KiB. */
	KT_ASSERT_OK(mm_kernel_protect(va + MIB, 8192, 0));
	KT_ASSERT(query(va + MIB, &m));
	KT_ASSERT_EQ(m.size, 4096);
	KT_ASSERT_EQ(m.pa.val, pa + MIB);
	KT_ASSERT_EQ(m.attrs & PT_WRITE, 0);
	KT_ASSERT(query(va + MIB + 8192, &m));
	KT_ASSERT_EQ(m.size, 4096);
	KT_ASSERT_EQ(m.attrs & PT_WRITE, PT_WRITE);
	KT_ASSERT(query(va + 2 * MIB, &m));
	KT_ASSERT_EQ(m.size, 2 * MIB);
	KT_ASSERT_EQ(arch_fault_probe(write_byte, p + MIB + 4096, &f), 1);
	KT_ASSERT_EQ(f.address, va + MIB + 4096);
	KT_ASSERT_EQ(arch_fault_probe(write_byte, p + MIB + 8192, &f), 0);

	/* A hole in the second leaf. */
	KT_ASSERT_OK(mm_kernel_unmap(va + 3 * MIB, 4096));
	KT_ASSERT(!query(va + 3 * MIB, &m));
	KT_ASSERT(query(va + 3 * MIB + 4096, &m));
	KT_ASSERT_EQ(m.size, 4096);
	KT_ASSERT_EQ(m.pa.val, pa + 3 * MIB + 4096);
	KT_ASSERT(pt_find(&kspace, va + 3 * MIB, va + 4 * MIB, &m));
	KT_ASSERT_EQ(m.va, va + 3 * MIB + 4096);
	KT_ASSERT_EQ(arch_fault_probe(write_byte, p + 3 * MIB, &f), 1);
	KT_ASSERT_EQ(f.error_code & PF_ERR_PRESENT, 0);

	/* All gone, tables included. */
	KT_ASSERT_OK(mm_kernel_unmap(va, 4 * MIB));
	KT_ASSERT(!pt_find(&kspace, va, va + (1ull << 30), &m));
	frame_page_put(blk);
	frame_page_stats(&after);
	KT_ASSERT_EQ(after.free_pages, before.free_pages);
}

KTEST(kernel_map_is_all_or_nothing)
{
	struct frame_page *blk = frame_page_alloc(2, 0);
	uint64_t va = VMAP_BASE + (1ull << 30), pa;
	struct pt_mapping m;

	KT_ASSERT_NOT_NULL(blk);
	pa = page_to_phys(page_check_handle(blk)).val;
	KT_ASSERT_OK(mm_kernel_map(va + 3 * 4096, paddr(pa), 4096, 0));
	KT_ASSERT_ERR(mm_kernel_map(va, paddr(pa), 4 * 4096, PT_WRITE),
		      -EEXIST);
	KT_ASSERT(!query(va, &m));
	KT_ASSERT(!query(va + 2 * 4096, &m));
	KT_ASSERT(query(va + 3 * 4096, &m));
	KT_ASSERT_OK(mm_kernel_unmap(va, 4 * 4096));
	KT_ASSERT(!query(va + 3 * 4096, &m));
	/* Bad arguments. */
	KT_ASSERT_ERR(mm_kernel_map(va + 1, paddr(pa), 4096, 0), -EINVAL);
	KT_ASSERT_ERR(mm_kernel_map(va, paddr(pa + 1), 4096, 0), -EINVAL);
	KT_ASSERT_ERR(mm_kernel_map(va, paddr(pa), 0, 0), -EINVAL);
	KT_ASSERT_ERR(mm_kernel_map(0x400000, paddr(pa), 4096, 0), -EINVAL);
	KT_ASSERT_ERR(mm_kernel_map(va, paddr(pa), 4096, PT_USER), -EINVAL);
	/* Kernel half, but under no top-level entry: never mappable. */
	KT_ASSERT_ERR(mm_kernel_map(0xffffd00000000000, paddr(pa), 4096, 0),
		      -EINVAL);
	KT_ASSERT_ERR(mm_kernel_unmap(0xffffd00000000000, 4096), -EINVAL);
	frame_page_put(blk);
}

KTEST(iomap_maps_uncached)
{
	struct frame_page *p = frame_page_alloc(0, 0);
	struct pt_mapping m;
	uint8_t *io;

	KT_ASSERT_NOT_NULL(p);
	KT_ASSERT_OK(frame_page_write(p, 0x123, "mmio", 4));
	io = mm_iomap(page_to_phys(page_check_handle(p)).val + 0x120, 8);
	KT_ASSERT_NOT_NULL(io);
	KT_ASSERT_GE((uint64_t)(uintptr_t)io, IOMAP_BASE);
	KT_ASSERT(!memcmp(io + 3, "mmio", 4));
	KT_ASSERT(query((uint64_t)(uintptr_t)io, &m));
	KT_ASSERT(m.attrs & PT_UNCACHED);
	KT_ASSERT(!(m.attrs & PT_EXEC));
	mm_iounmap(io, 8);
	KT_ASSERT(!query((uint64_t)(uintptr_t)io, &m));
	KT_ASSERT_NULL(mm_iomap(0, 0));
	frame_page_put(p);
}

KTEST(pt_walks_refuse_ranges_outside_their_half)
{
	struct pt_space s;
	struct pt_mapping m;

	KT_ASSERT_OK(pt_user_init(&s, &kspace, NULL));
	/* A user space's walk may not reach the kernel half... */
	KT_ASSERT_ERR(pt_map(&s, USER_ADDR_END - 4096, paddr(0), 8192, 0,
			     4096),
		      -EINVAL);
	KT_ASSERT_ERR(pt_unmap(&s, USER_ADDR_END, 4096), -EINVAL);
	KT_ASSERT_ERR(pt_protect(&s, USER_ADDR_END - 4096, 8192, 0), -EINVAL);
	KT_ASSERT_ERR(pt_replace(&s, USER_ADDR_END, paddr(0), 0), -EINVAL);
	KT_ASSERT(!pt_query(&s, USER_ADDR_END - 4096, &m));
	/* ...its last page is its own... */
	KT_ASSERT_OK(pt_map(&s, USER_ADDR_END - 4096, paddr(0), 4096, 0, 4096));
	KT_ASSERT(pt_query(&s, USER_ADDR_END - 4096, &m));
	KT_ASSERT_OK(pt_replace(&s, USER_ADDR_END - 4096, paddr(8192), 0));
	KT_ASSERT(pt_query(&s, USER_ADDR_END - 4096, &m));
	KT_ASSERT_EQ(m.pa.val, 8192);
	KT_ASSERT_OK(pt_unmap(&s, USER_ADDR_END - 4096, 4096));
	pt_user_destroy(&s);
	/* ...and no walk's end wraps past the top of the address space. */
	KT_ASSERT_ERR(pt_unmap(&kspace, 0xfffffffffffff000ull, 8192), -EINVAL);
	KT_ASSERT_ERR(pt_replace(&kspace, 0xfffffffffffff000ull, paddr(0), 0),
		      -EINVAL);
}
