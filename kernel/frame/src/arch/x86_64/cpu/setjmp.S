/* SPDX-License-Identifier: MIT */
/* arch_setjmp/arch_longjmp: the non-local jump that abandons a failed ktest. */

#include "arch/x86_64/cpu/setjmp.h"

/*
 * int arch_setjmp(struct arch_jmp_buf *buf)
 *
 * Saves the callee-saved registers, the caller's stack pointer and the
 * return address; returns 0. Only general-purpose state exists in the
 * kernel (-mgeneral-regs-only), so there is no FPU state to keep.
 */
	.text
	.globl arch_setjmp
	.type arch_setjmp, @function
arch_setjmp:
	movq	%rbx, JB_RBX(%rdi)
	movq	%rbp, JB_RBP(%rdi)
	movq	%r12, JB_R12(%rdi)
	movq	%r13, JB_R13(%rdi)
	movq	%r14, JB_R14(%rdi)
	movq	%r15, JB_R15(%rdi)
	leaq	8(%rsp), %rax			/* %rsp after our ret */
	movq	%rax, JB_RSP(%rdi)
	movq	(%rsp), %rax
	movq	%rax, JB_RIP(%rdi)
	xorl	%eax, %eax
	ret
	.size arch_setjmp, . - arch_setjmp

/*
 * void arch_longjmp(struct arch_jmp_buf *buf, int val)
 *
 * Restores what arch_setjmp() saved and returns from that call again, with
 * @val (1 if @val is 0, so the two returns stay distinguishable).
 */
	.globl arch_longjmp
	.type arch_longjmp, @function
arch_longjmp:
	movl	%esi, %eax
	testl	%eax, %eax
	jnz	1f
	incl	%eax
1:	movq	JB_RBX(%rdi), %rbx
	movq	JB_RBP(%rdi), %rbp
	movq	JB_R12(%rdi), %r12
	movq	JB_R13(%rdi), %r13
	movq	JB_R14(%rdi), %r14
	movq	JB_R15(%rdi), %r15
	movq	JB_RSP(%rdi), %rsp
	jmpq	*JB_RIP(%rdi)
	.size arch_longjmp, . - arch_longjmp

	.section .note.GNU-stack, "", @progbits
