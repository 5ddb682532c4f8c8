/* SPDX-License-Identifier: MIT */
/* The vDSO ktests' user code: calls into the vDSO the way libc does. */

#include "arch/x86_64/umode/umode_test.h"

/*
 * Copied to a user page and run there (vdso_test.c); position-independent.
 * None of this runs in the kernel: it is data there.
 */
	.section .rodata
	.balign 16
	.globl vdso_test_prog_start
vdso_test_prog_start:

/*
 * Call the function at R12 with the arguments in RDI, RSI and RDX, as the
 * System V ABI wants it (the stack 16-byte aligned at the call), and
 * report what it returned.
 */
	.globl vdso_test_prog_call
vdso_test_prog_call:
	andq	$-16, %rsp
	call	*%r12
	movq	%rax, %rdi
	movl	$UT_SYS_REPORT, %eax
	syscall
	ud2

	.globl vdso_test_prog_end
vdso_test_prog_end:

	.section .note.GNU-stack, "", @progbits
