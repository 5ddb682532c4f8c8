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
 * How much the early page tables map, from physical address 0: all of it
 * at its own address (so that the boot code and the loader's structures
 * stay reachable), and the first EARLY_HIGH_GIB also at KERNEL_VMA. Page 0
 * is unmapped from both once the boot information is read, so that null
 * pointers fault.
 */
#define EARLY_IDENTITY_GIB 4
#define EARLY_HIGH_GIB	   2

/* GDT selectors. The boot GDT and the final one agree on the first three. */
#define GDT_KERNEL_CS 0x08
#define GDT_KERNEL_DS 0x10
#define GDT_TSS	      0x18

/* The IST slot (1-based, as the IDT gate names it) for double faults. */
#define IST_DOUBLE_FAULT 1

/* Which entry the boot code came through (first argument to C). */
#define BOOT_PROTO_MULTIBOOT2 1
#define BOOT_PROTO_PVH	      2

/* Multiboot2: the header's magic, and what the loader puts in %eax. */
#define MB2_HEADER_MAGIC     0xe85250d6
#define MB2_BOOTLOADER_MAGIC 0x36d76289

/* PVH: the ELF note type with the 32-bit entry, and hvm_start_info.magic. */
#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define PVH_START_MAGIC		 0x336ec578

/* I/O ports the boot code uses before C runs (see power.c, serial.c). */
#define COM1_PORT	0x3f8
#define DEBUG_EXIT_PORT 0xf4

#define PAGE_SIZE 4096

#endif /* ARCH_X86_64_LAYOUT_H */
