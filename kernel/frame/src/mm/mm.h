/* SPDX-License-Identifier: MIT */
/* Frame-internal memory management: physical addresses, the kernel's maps. */
#ifndef MM_MM_H
#define MM_MM_H

#include <frame/compiler.h>
#include <frame/types.h>

#include "arch/x86_64/layout.h"

/*
 * A physical address. A one-member struct, so that the compiler rejects
 * passing one where a virtual address or a plain count is expected. Only
 * the frame has them; services see struct frame_page handles instead.
 */
typedef struct {
	uint64_t val;
} paddr_t;

/*@ assigns \nothing; ensures \result.val == val; */
static inline paddr_t paddr(uint64_t val)
{
	return (paddr_t){val};
}

#define MM_PAGE_SIZE  4096ull
#define MM_PAGE_SHIFT 12

/*
 * mm_init() - bring up physical and virtual memory and the kernel heap
 *
 * Reads the memory map from frame_bootinfo, builds the kernel's page
 * tables (direct map, W^X image, the I/O window), switches to them, which
 * drops the early identity mapping, turns on SMEP/SMAP, then starts the
 * page allocator and the heap. Called once, by frame_boot_main(), after
 * the boot information is copied; panics when memory cannot be set up.
 */
void mm_init(void);

/* mm_ready() - whether mm_init() has finished */
bool mm_ready(void);

/*
 * mm_phys_to_virt() - the kernel address of physical memory
 *
 * Through the direct map; valid only for direct-mapped physical memory
 * (RAM and ACPI ranges of the memory map), which mm_phys_is_mapped() tells.
 * Before the kernel page tables are live, page-table pages (the only thing
 * the frame touches then) are below 4 GiB and reached through the early
 * identity mapping instead.
 */
void *mm_phys_to_virt(paddr_t pa);

/*
 * mm_virt_to_phys() - the physical address behind a direct-map or kernel
 * image address; BUG for anything else
 */
paddr_t mm_virt_to_phys(const void *va);

/* mm_phys_is_mapped() - whether [@pa, @pa + @len) is in the direct map */
bool mm_phys_is_mapped(uint64_t pa, uint64_t len);

/*
 * mm_kernel_readable() - whether @len bytes at kernel address @va can be
 * read without faulting
 *
 * Walks the kernel page tables, so it is exact but not fast: for the panic
 * path, which must not fault while it walks a possibly corrupt stack.
 * Before mm_init() it accepts what the early tables map at KERNEL_VMA.
 */
bool mm_kernel_readable(uint64_t va, uint64_t len);

/*
 * Kernel mappings. The attribute bits of mm/pt.h; kernel mappings are
 * always supervisor-only and global. Used by the frame for its own needs
 * (the I/O window, the vmap window, tests); services never see kernel
 * page tables. 0 or -EEXIST (something is mapped there), -ENOMEM,
 * -EINVAL (unaligned, empty, PT_USER, or not inside the windows whose
 * top-level entries boot made: the direct map, IOMAP, VMAP, the image).
 * Takes the kernel page-table lock with interrupts off.
 */
int mm_kernel_map(uint64_t va, paddr_t pa, uint64_t len, unsigned int attrs);
int mm_kernel_unmap(uint64_t va, uint64_t len);
int mm_kernel_protect(uint64_t va, uint64_t len, unsigned int attrs);

/*
 * mm_direct_set_shared() - mark the direct map of [@pa, @pa + @len)
 * shared with the host of a TDX trust domain (@shared) or private, keeping
 * its other attributes; huge leaves are split as needed
 *
 * The conversion itself (MapGPA, acceptance) is tdx/'s. 0, -EINVAL for an
 * unaligned range or one outside the direct map, -ENOMEM when a split
 * cannot get a table (the range then changed up to there).
 */
int mm_direct_set_shared(paddr_t pa, uint64_t len, bool shared);

/*
 * mm_iomap() - map device memory uncached into the I/O window
 * @pa, @len: the physical range (need not be page-aligned)
 *
 * Returns the kernel address of @pa, or NULL when the window is full or
 * page tables cannot be allocated. Shared with the host (PT_SHARED) in a
 * TDX trust domain. Virtual space is handed out once and
 * not reused after mm_iounmap(): 512 GiB last a kernel's lifetime.
 */
void *mm_iomap(uint64_t pa, uint64_t len);
void mm_iounmap(void *va, uint64_t len);

/*
 * Page-table pages, for mm/pt.c: zeroed, below 4 GiB during boot (reached
 * through the identity mapping until the kernel tables are live), from the
 * page allocator after. mm_table_alloc() returns -ENOMEM when there is no
 * memory; mm_table_free() gives back one that was unlinked and flushed.
 */
int mm_table_alloc(paddr_t *out);
void mm_table_free(paddr_t pa);

/* Whether the kernel's page tables are loaded (mm/pt.c flushes then). */
bool mm_kernel_tables_live(void);

#endif /* MM_MM_H */
