/* SPDX-License-Identifier: MIT */
/* The AP trampoline: real mode to long mode, then into the kernel's half. */

#include "arch/x86_64/boot/ap_boot.h"

/* A linear address inside the copied trampoline. */
#define TR(label) (AP_TRAMPOLINE_PA + ((label) - arch_ap_trampoline_start))

	.section .rodata
	.balign 16
	.globl arch_ap_trampoline_start, arch_ap_trampoline_end

	.code16
arch_ap_trampoline_start:
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds
	lgdtl	(ap_gdt_ptr - arch_ap_trampoline_start)
	movl	%cr0, %eax
	orl	$1, %eax		/* PE */
	movl	%eax, %cr0
	ljmpl	$0x08, $TR(ap_protected)

	.code32
ap_protected:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movl	%cr4, %eax
	orl	$(1 << 5), %eax		/* PAE */
	movl	%eax, %cr4
	movl	(AP_TRAMPOLINE_PA + AP_PARAM_CR3), %eax
	movl	%eax, %cr3
	movl	$0xc0000080, %ecx	/* EFER */
	rdmsr
	orl	(AP_TRAMPOLINE_PA + AP_PARAM_EFER), %eax
	wrmsr
	movl	%cr0, %eax
	orl	$0x80010001, %eax	/* PG, WP, PE */
	movl	%eax, %cr0
	ljmpl	$0x18, $TR(ap_long)

	.code64
ap_long:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movq	(AP_TRAMPOLINE_PA + AP_PARAM_STACK), %rsp
	movq	(AP_TRAMPOLINE_PA + AP_PARAM_ARG), %rdi
	movq	(AP_TRAMPOLINE_PA + AP_PARAM_ENTRY), %rax
	xorl	%ebp, %ebp
	pushq	$0			/* ends backtraces */
	jmpq	*%rax

	.balign 8
ap_gdt:
	.quad	0
	.quad	0x00cf9a000000ffff	/* 0x08: 32-bit code */
	.quad	0x00cf92000000ffff	/* 0x10: data */
	.quad	0x00af9a000000ffff	/* 0x18: 64-bit code */
ap_gdt_end:
ap_gdt_ptr:
	.word	ap_gdt_end - ap_gdt - 1
	.long	TR(ap_gdt)
arch_ap_trampoline_end:

	.section .note.GNU-stack, "", @progbits
