/* SPDX-License-Identifier: MIT */
/* The kernel's own address space, for the rest of mm/. */
#ifndef MM_KSPACE_H
#define MM_KSPACE_H

#include "mm/mm.h"
#include "mm/pt.h"

/*
 * The kernel's page tables. Their top half is shared by every user space;
 * their bottom half is empty. Changed only through mm_kernel_map() and
 * friends (mm.h), which take the lock, after boot.
 */
extern struct pt_space kspace;

/*
 * kspace_init() - build the kernel's page tables and switch to them
 *
 * Direct map of phys_layout.mapped (1 GiB pages where the CPU has them),
 * the image segments at KERNEL_VMA with their own permissions (text RX,
 * rodata and ksyms R, data RW, all but text NX) and the same permissions
 * on the image's direct-map alias, the top-level entries of the I/O and
 * vmap windows. Then loads CR3, which drops the early identity map, and
 * turns on global pages, SMEP and SMAP. Tables come from the boot
 * allocator, below 4 GiB. Panics if memory runs out.
 */
void kspace_init(void);

/* kspace_use_buddy() - take page tables from the buddy allocator now */
void kspace_use_buddy(void);

#endif /* MM_KSPACE_H */
