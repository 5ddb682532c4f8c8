/* SPDX-License-Identifier: MIT */
/* The user program of the user-mode ktests: position-independent, in .rodata. */

#include "arch/x86_64/umode/umode_test.h"

/*
 * The tests copy everything between umode_test_prog_start and
 * umode_test_prog_end to a user page at UT_CODE and set RIP to one of the
 * entry points. Only RIP-relative addressing, so it runs wherever it is
 * copied; its tables are inside the copied range. None of this runs in
 * the kernel: it is data there.
 */

/* Load RAX..R15 (RSP excepted) from a table in enum uctx_reg order. */
.macro LOAD_REGS table
	leaq	\table(%rip), %rax
	movq	1*8(%rax), %rbx
	movq	2*8(%rax), %rcx
	movq	3*8(%rax), %rdx
	movq	4*8(%rax), %rsi
	movq	5*8(%rax), %rdi
	movq	6*8(%rax), %rbp
	movq	8*8(%rax), %r8
	movq	9*8(%rax), %r9
	movq	10*8(%rax), %r10
	movq	11*8(%rax), %r11
	movq	12*8(%rax), %r12
	movq	13*8(%rax), %r13
	movq	14*8(%rax), %r14
	movq	15*8(%rax), %r15
	movq	0*8(%rax), %rax
.endm

/* Exit with code @index + 1 unless %reg equals entry @index of @table. */
.macro CHECK reg, table, index
	cmpq	\table+\index*8(%rip), %\reg
	je	.Lcheck_ok\@
	movl	$(\index + 1), %edi
	jmp	.Lregs_exit
.Lcheck_ok\@:
.endm

.macro CHECK_ALL_BUT_RCX_R11 table
	CHECK	rax, \table, 0
	CHECK	rbx, \table, 1
	CHECK	rdx, \table, 3
	CHECK	rsi, \table, 4
	CHECK	rdi, \table, 5
	CHECK	rbp, \table, 6
	CHECK	r8, \table, 8
	CHECK	r9, \table, 9
	CHECK	r10, \table, 10
	CHECK	r12, \table, 12
	CHECK	r13, \table, 13
	CHECK	r14, \table, 14
	CHECK	r15, \table, 15
.endm

	.section .rodata
	.balign 16
	.globl umode_test_prog_start
umode_test_prog_start:

/* Write a message, add its length and 40, exit with the sum. */
	.globl umode_test_prog_hello
umode_test_prog_hello:
	leaq	umode_test_prog_hello_msg(%rip), %rdi
	movl	$(.Lhello_end - umode_test_prog_hello_msg), %esi
	movl	$UT_SYS_WRITE, %eax
	syscall
	movq	%rax, %rdi
	movl	$40, %esi
	movl	$UT_SYS_ADD, %eax
	syscall
	movq	%rax, %rdi
	movl	$UT_SYS_EXIT, %eax
	syscall
	ud2
	.globl umode_test_prog_hello_msg
umode_test_prog_hello_msg:
	.ascii	"hello from ring 3\n"
.Lhello_end:

/*
 * Registers both ways. Load table P and make a syscall (the test checks
 * them and sets table Q, the complement, into all but RCX and R11: those
 * SYSRET takes); check Q. Then load table R and hit ud2 (the test checks
 * R, sets CF in RFLAGS, and resumes past it, which needs IRETQ); check all
 * of R, and the flags. Exit 0, or with the index + 1 of the first wrong
 * register (17: CF lost, 18: IOPL not 0, 19: IF clear).
 */
	.globl umode_test_prog_regs
umode_test_prog_regs:
	LOAD_REGS umode_test_regs_p
	syscall
	CHECK_ALL_BUT_RCX_R11 umode_test_regs_q
	LOAD_REGS umode_test_regs_r
	.globl umode_test_prog_regs_ud2
umode_test_prog_regs_ud2:
	ud2
	pushfq
	CHECK_ALL_BUT_RCX_R11 umode_test_regs_r
	CHECK	rcx, umode_test_regs_r, 2
	CHECK	r11, umode_test_regs_r, 11
	popq	%rax
	movl	$17, %edi
	testl	$0x1, %eax
	jz	.Lregs_exit
	movl	$18, %edi
	testl	$0x3000, %eax
	jnz	.Lregs_exit
	movl	$19, %edi
	testl	$0x200, %eax
	jz	.Lregs_exit
	xorl	%edi, %edi
.Lregs_exit:
	movl	$UT_SYS_EXIT, %eax
	syscall
	ud2

/* Read 8 bytes at RDI and report them. */
	.globl umode_test_prog_load
umode_test_prog_load:
	movq	(%rdi), %rax
	movq	%rax, %rdi
	movl	$UT_SYS_REPORT, %eax
	syscall
	ud2

/* Write RSI to 8 bytes at RDI and report. */
	.globl umode_test_prog_store
umode_test_prog_store:
	movq	%rsi, (%rdi)
	movl	$UT_SYS_REPORT, %eax
	syscall
	ud2

/* Call the code at RDI. */
	.globl umode_test_prog_call
umode_test_prog_call:
	call	*%rdi
	ud2

/* Divide 7 by ECX (0 at first); report the quotient. */
	.globl umode_test_prog_div
umode_test_prog_div:
	xorl	%ecx, %ecx
	movl	$7, %eax
	xorl	%edx, %edx
	.globl umode_test_prog_div_insn
umode_test_prog_div_insn:
	divl	%ecx
	movl	%eax, %edi
	movl	$UT_SYS_REPORT, %eax
	syscall
	ud2

/* Count RDI down to 0, then say so: an interrupt should come first. */
	.globl umode_test_prog_spin
umode_test_prog_spin:
	movq	%rdi, %rcx
1:	decq	%rcx
	jnz	1b
	movl	$UT_SYS_TIMEOUT, %eax
	syscall
	ud2

/* Instructions to single-step through, then exit 0. */
	.globl umode_test_prog_nops
umode_test_prog_nops:
	nop
	nop
	xorl	%edi, %edi
	movl	$UT_SYS_EXIT, %eax
	syscall
	ud2

/* Report 8 bytes at FS:0 and 8 bytes at GS:8. */
	.globl umode_test_prog_segbase
umode_test_prog_segbase:
	movq	%fs:0, %rdi
	movq	%gs:8, %rsi
	movl	$UT_SYS_REPORT, %eax
	syscall
	ud2

/* Ways into the kernel that are closed to user code. */
	.globl umode_test_prog_sysenter
umode_test_prog_sysenter:
	sysenter
	ud2
	.globl umode_test_prog_int80
umode_test_prog_int80:
	int	$0x80
	ud2

/*
 * Vector state across a syscall. RDI: a seed; RSI: non-zero to use the
 * 256-bit YMM registers, else XMM; RDX: a 2 KiB buffer; R8: an MXCSR
 * value; R9: an x87 control word. Fill the buffer's first 512 bytes with
 * qwords seed + i * 0x0101010101010101, load them into the 16 vector
 * registers, load MXCSR and the control word, and yield. Then store it
 * all again at +512 (MXCSR at +1024, the control word at +1028) and
 * report how many qwords differ, plus 0x100 if MXCSR and 0x200 if the
 * control word did not survive.
 */
	.globl umode_test_prog_vec
umode_test_prog_vec:
	movq	%rdx, %r12
	movl	%r8d, 1032(%r12)
	movw	%r9w, 1036(%r12)
	movabsq	$0x0101010101010101, %r10
	movq	%rdi, %rax
	xorl	%ecx, %ecx
1:	movq	%rax, (%r12,%rcx,8)
	addq	%r10, %rax
	incl	%ecx
	cmpl	$64, %ecx
	jb	1b
	testq	%rsi, %rsi
	jz	2f
	vmovdqu	0*32(%r12), %ymm0
	vmovdqu	1*32(%r12), %ymm1
	vmovdqu	2*32(%r12), %ymm2
	vmovdqu	3*32(%r12), %ymm3
	vmovdqu	4*32(%r12), %ymm4
	vmovdqu	5*32(%r12), %ymm5
	vmovdqu	6*32(%r12), %ymm6
	vmovdqu	7*32(%r12), %ymm7
	vmovdqu	8*32(%r12), %ymm8
	vmovdqu	9*32(%r12), %ymm9
	vmovdqu	10*32(%r12), %ymm10
	vmovdqu	11*32(%r12), %ymm11
	vmovdqu	12*32(%r12), %ymm12
	vmovdqu	13*32(%r12), %ymm13
	vmovdqu	14*32(%r12), %ymm14
	vmovdqu	15*32(%r12), %ymm15
	jmp	3f
2:	movdqu	0*16(%r12), %xmm0
	movdqu	1*16(%r12), %xmm1
	movdqu	2*16(%r12), %xmm2
	movdqu	3*16(%r12), %xmm3
	movdqu	4*16(%r12), %xmm4
	movdqu	5*16(%r12), %xmm5
	movdqu	6*16(%r12), %xmm6
	movdqu	7*16(%r12), %xmm7
	movdqu	8*16(%r12), %xmm8
	movdqu	9*16(%r12), %xmm9
	movdqu	10*16(%r12), %xmm10
	movdqu	11*16(%r12), %xmm11
	movdqu	12*16(%r12), %xmm12
	movdqu	13*16(%r12), %xmm13
	movdqu	14*16(%r12), %xmm14
	movdqu	15*16(%r12), %xmm15
3:	ldmxcsr	1032(%r12)
	fldcw	1036(%r12)
	movl	$UT_SYS_YIELD, %eax
	syscall
	testq	%rsi, %rsi
	jz	4f
	vmovdqu	%ymm0, 512+0*32(%r12)
	vmovdqu	%ymm1, 512+1*32(%r12)
	vmovdqu	%ymm2, 512+2*32(%r12)
	vmovdqu	%ymm3, 512+3*32(%r12)
	vmovdqu	%ymm4, 512+4*32(%r12)
	vmovdqu	%ymm5, 512+5*32(%r12)
	vmovdqu	%ymm6, 512+6*32(%r12)
	vmovdqu	%ymm7, 512+7*32(%r12)
	vmovdqu	%ymm8, 512+8*32(%r12)
	vmovdqu	%ymm9, 512+9*32(%r12)
	vmovdqu	%ymm10, 512+10*32(%r12)
	vmovdqu	%ymm11, 512+11*32(%r12)
	vmovdqu	%ymm12, 512+12*32(%r12)
	vmovdqu	%ymm13, 512+13*32(%r12)
	vmovdqu	%ymm14, 512+14*32(%r12)
	vmovdqu	%ymm15, 512+15*32(%r12)
	movl	$64, %ecx
	jmp	5f
4:	movdqu	%xmm0, 512+0*16(%r12)
	movdqu	%xmm1, 512+1*16(%r12)
	movdqu	%xmm2, 512+2*16(%r12)
	movdqu	%xmm3, 512+3*16(%r12)
	movdqu	%xmm4, 512+4*16(%r12)
	movdqu	%xmm5, 512+5*16(%r12)
	movdqu	%xmm6, 512+6*16(%r12)
	movdqu	%xmm7, 512+7*16(%r12)
	movdqu	%xmm8, 512+8*16(%r12)
	movdqu	%xmm9, 512+9*16(%r12)
	movdqu	%xmm10, 512+10*16(%r12)
	movdqu	%xmm11, 512+11*16(%r12)
	movdqu	%xmm12, 512+12*16(%r12)
	movdqu	%xmm13, 512+13*16(%r12)
	movdqu	%xmm14, 512+14*16(%r12)
	movdqu	%xmm15, 512+15*16(%r12)
	movl	$32, %ecx
5:	stmxcsr	1024(%r12)
	fnstcw	1028(%r12)
	xorl	%edi, %edi
6:	movq	-8(%r12,%rcx,8), %rax
	cmpq	512-8(%r12,%rcx,8), %rax
	je	7f
	incl	%edi
7:	decl	%ecx
	jnz	6b
	movl	1024(%r12), %eax
	cmpl	1032(%r12), %eax
	je	8f
	addl	$0x100, %edi
8:	movzwl	1028(%r12), %eax
	cmpw	1036(%r12), %ax
	je	9f
	addl	$0x200, %edi
9:	movl	$UT_SYS_REPORT, %eax
	syscall
	ud2

/* Report the low qword of XMM0 and MXCSR. */
	.globl umode_test_prog_xmm0
umode_test_prog_xmm0:
	movq	%xmm0, %rdi
	subq	$8, %rsp
	stmxcsr	(%rsp)
	movl	(%rsp), %esi
	addq	$8, %rsp
	movl	$UT_SYS_REPORT, %eax
	syscall
	ud2

/* The register tables, in enum uctx_reg order; RSP's slot is unused. */
	.balign 8
	.globl umode_test_regs_p
umode_test_regs_p:
	.quad	UT_SYS_REPORT, 0x1b1b1b1b1b1b1b1b, 0x1c1c1c1c1c1c1c1c
	.quad	0x1d1d1d1d1d1d1d1d, 0x5151515151515151, 0xd1d1d1d1d1d1d1d1
	.quad	0xb9b9b9b9b9b9b9b9, 0, 0x0808080808080808, 0x0909090909090909
	.quad	0x1010101010101010, 0x1111111111111111, 0x1212121212121212
	.quad	0x1313131313131313, 0x1414141414141414, 0x1515151515151515
	.globl umode_test_regs_q
umode_test_regs_q:
	.quad	~UT_SYS_REPORT, ~0x1b1b1b1b1b1b1b1b, ~0x1c1c1c1c1c1c1c1c
	.quad	~0x1d1d1d1d1d1d1d1d, ~0x5151515151515151, ~0xd1d1d1d1d1d1d1d1
	.quad	~0xb9b9b9b9b9b9b9b9, 0, ~0x0808080808080808, ~0x0909090909090909
	.quad	~0x1010101010101010, ~0x1111111111111111, ~0x1212121212121212
	.quad	~0x1313131313131313, ~0x1414141414141414, ~0x1515151515151515
	.globl umode_test_regs_r
umode_test_regs_r:
	.quad	0xa0a1a2a3a4a5a6a7, 0xb0b1b2b3b4b5b6b7, 0xc0c1c2c3c4c5c6c7
	.quad	0xd0d1d2d3d4d5d6d7, 0x5051525354555657, 0xe0e1e2e3e4e5e6e7
	.quad	0xf0f1f2f3f4f5f6f7, 0, 0x8081828384858687, 0x9091929394959697
	.quad	0x0a0b0c0d0e0f0102, 0x1a1b1c1d1e1f1112, 0x2a2b2c2d2e2f2122
	.quad	0x3a3b3c3d3e3f3132, 0x4a4b4c4d4e4f4142, 0x6a6b6c6d6e6f6162

	.globl umode_test_prog_end
umode_test_prog_end:

	.section .note.GNU-stack, "", @progbits
