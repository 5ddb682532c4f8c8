/* SPDX-License-Identifier: MIT */
/* The application processors' real-mode trampoline: where and what it takes. */
#ifndef ARCH_X86_64_AP_BOOT_H
#define ARCH_X86_64_AP_BOOT_H

/*
 * An AP starts in real mode at the 4 KiB page a STARTUP IPI names, which
 * must be below 1 MiB. The frame keeps physical memory below 1 MiB out of
 * the allocators and in the direct map, so the SMP code copies the
 * trampoline to AP_TRAMPOLINE_PA and builds three page-table pages after
 * it: a private root whose upper half is the kernel's (the same entries,
 * so the kernel image, the direct map and the vmap window are all there)
 * and whose entry 0 identity-maps the first 2 MiB, which holds the
 * trampoline. The kernel's own tables have no lower half, and the
 * instruction that turns paging on must be mapped where it runs. The AP
 * jumps into the kernel's half at once and loads the kernel's root there.
 *
 * The parameters sit at fixed offsets at the end of the page; the BSP
 * fills them before each STARTUP IPI.
 */
#define AP_TRAMPOLINE_PA    0x70000
#define AP_TRAMPOLINE_ROOT  (AP_TRAMPOLINE_PA + 0x1000)
#define AP_TRAMPOLINE_PDPT  (AP_TRAMPOLINE_PA + 0x2000)
#define AP_TRAMPOLINE_PD    (AP_TRAMPOLINE_PA + 0x3000)
#define AP_TRAMPOLINE_PAGES 4

#define AP_PARAM_CR3   0xfd0 /* u32: the private root */
#define AP_PARAM_EFER  0xfd4 /* u32: EFER bits to set (LME, NXE) */
#define AP_PARAM_STACK 0xfd8 /* u64: initial RSP (kernel address) */
#define AP_PARAM_ENTRY 0xfe0 /* u64: void entry(uint64_t arg) */
#define AP_PARAM_ARG   0xfe8 /* u64: its argument */

#ifndef __ASSEMBLER__

#include <frame/types.h>

/* The trampoline's code, to copy (arch/x86_64/boot/ap_boot.S). */
extern const uint8_t arch_ap_trampoline_start[];
extern const uint8_t arch_ap_trampoline_end[];

#endif /* __ASSEMBLER__ */

#endif /* ARCH_X86_64_AP_BOOT_H */
