/* SPDX-License-Identifier: MIT */
/* Addresses, selectors and boot-protocol numbers shared by assembly and C. */
#ifndef ARCH_X86_64_LAYOUT_H
#define ARCH_X86_64_LAYOUT_H

/*
 * The kernel image runs at KERNEL_VMA + its physical address: the top 2 GiB
 * of the address space, which is what -mcmodel=kernel assumes. The linker
 * script has the same number; the two must agree.
 */
#define KERNEL_VMA 0xffffffff80000000

/*
 * How much the early page tables (entry.S) map, from physical address 0:
 * all of it at its own address (so that the boot code and the loader's
 * structures stay reachable), and the first EARLY_HIGH_GIB also at
 * KERNEL_VMA, in 2 MiB pages. They live only until mm_init() loads the
 * kernel's own page tables, which have no identity mapping at all.
 */
#define EARLY_IDENTITY_GIB 4
#define EARLY_HIGH_GIB	   2

/*
 * The virtual address space once mm_init() has run (48-bit, 4-level):
 *
 *   0 .. USER_ADDR_END                 user half, per address space; empty
 *                                      in the kernel's own page tables
 *   DIRECT_MAP_BASE + pa               every RAM and ACPI range of the
 *                                      memory map, read-write, no-execute,
 *                                      in 1 GiB / 2 MiB / 4 KiB pages
 *   IOMAP_BASE .. + IOMAP_SIZE         device memory the frame maps
 *                                      uncached (mm_iomap())
 *   VMAP_BASE .. + VMAP_SIZE           empty, for frame mappings built
 *                                      with mm_kernel_map() (kernel stacks
 *                                      with guard pages, say)
 *   KERNEL_VMA + pa                    the kernel image, W^X per segment
 *
 * The kernel half's top-level (PML4) entries are made at boot and never
 * change, so every user address space can share them by copying.
 *
 * For the AP trampoline the SMP code will need: physical memory below
 * LOW_MEMORY_END is never given to the page allocator, and its usable part
 * is in the direct map, so a real-mode trampoline can be written there. The
 * kernel's PML4 is allocated below 4 GiB, so a 32-bit CR3 load can reach
 * it; the trampoline page itself needs a temporary identity mapping in the
 * page tables the AP starts with, since the kernel's have none.
 */
#define USER_ADDR_END	0x0000800000000000
#define DIRECT_MAP_BASE 0xffff800000000000
#define DIRECT_MAP_SIZE 0x0000400000000000 /* 64 TiB of physical space */
#define IOMAP_BASE	0xffffc00000000000
#define IOMAP_SIZE	0x0000008000000000 /* one PML4 slot, 512 GiB */
#define VMAP_BASE	0xffffc08000000000
#define VMAP_SIZE	0x0000008000000000 /* the next slot */
#define LOW_MEMORY_END	0x100000

/* GDT selectors. The boot GDT and the final one agree on the first three. */
#define GDT_KERNEL_CS 0x08
#define GDT_KERNEL_DS 0x10
#define GDT_TSS	      0x18 /* a TSS descriptor takes two slots */

/*
 * The user segments. SYSRET takes both from one base in MSR_STAR: SS from
 * base + 8, the 64-bit CS from base + 16 (Intel SDM vol. 2, SYSRET). The
 * slot at the base itself would hold a 32-bit user code segment; Keel has
 * no compatibility mode, so it stays not present and a far jump to it
 * faults in user mode.
 */
#define GDT_USER_BASE 0x28
#define GDT_USER_DS   0x30
#define GDT_USER_CS   0x38
#define GDT_ENTRIES   8

/* Selectors as user mode holds them: requested privilege level 3. */
#define SEL_RPL_USER 3
#define USER_CS	     (GDT_USER_CS | SEL_RPL_USER)
#define USER_DS	     (GDT_USER_DS | SEL_RPL_USER)

/* The IST slot (1-based, as the IDT gate names it) for double faults. */
#define IST_DOUBLE_FAULT 1

/* Which entry the boot code came through (first argument to C). */
#define BOOT_PROTO_MULTIBOOT2 1
#define BOOT_PROTO_PVH	      2
#define BOOT_PROTO_LINUX      3

/* Multiboot2: the header's magic, and what the loader puts in %eax. */
#define MB2_HEADER_MAGIC     0xe85250d6
#define MB2_BOOTLOADER_MAGIC 0x36d76289

/* PVH: the ELF note type with the 32-bit entry, and hvm_start_info.magic. */
#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define PVH_START_MAGIC		 0x336ec578

/* I/O ports the boot code uses before C runs (see power.c, serial.c). */
#define COM1_PORT	0x3f8
#define DEBUG_EXIT_PORT 0xf4
/* QEMU's debugcon, where the frame writes its exit record for osdk. */
#define DEBUG_CON_PORT 0xe9
/* A second debugcon, for a coverage build's counters (cov/gcov.c). */
#define COV_PORT 0x4e9

#define PAGE_SIZE 4096

#endif /* ARCH_X86_64_LAYOUT_H */
