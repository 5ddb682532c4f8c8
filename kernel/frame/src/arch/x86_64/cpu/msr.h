/* SPDX-License-Identifier: MIT */
/* Model-specific registers of the system-call and segment-base machinery. */
#ifndef ARCH_X86_64_MSR_H
#define ARCH_X86_64_MSR_H

/*
 * Numbers and bits from the Intel SDM vol. 4 ("Model-Specific Registers")
 * and vol. 3, "Fast System Calls in 64-Bit Mode". mmu.c keeps its own copy
 * of EFER and its NXE bit from before this header existed.
 */
#define MSR_SYSENTER_CS	   0x00000174
#define MSR_EFER	   0xc0000080
#define MSR_STAR	   0xc0000081 /* SYSCALL and SYSRET selectors */
#define MSR_LSTAR	   0xc0000082 /* SYSCALL entry point, 64-bit mode */
#define MSR_CSTAR	   0xc0000083 /* same, compatibility mode (AMD) */
#define MSR_FMASK	   0xc0000084 /* RFLAGS bits SYSCALL clears */
#define MSR_FS_BASE	   0xc0000100
#define MSR_GS_BASE	   0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102 /* what SWAPGS exchanges GS_BASE with */
#define MSR_TSC_AUX	   0xc0000103 /* what RDTSCP and RDPID read: the CPU */

#define EFER_SCE (1ull << 0) /* SYSCALL/SYSRET enabled */

/*
 * STAR: SYSCALL loads CS from bits 47:32 and SS from that + 8; SYSRET to
 * 64-bit mode loads CS from bits 63:48 + 16 and SS from bits 63:48 + 8,
 * with their requested privilege level forced to 3.
 */
#define MSR_STAR_VALUE(kernel_cs, user_base)     \
	((unsigned long long)(user_base) << 48 | \
	 (unsigned long long)(kernel_cs) << 32)

#endif /* ARCH_X86_64_MSR_H */
