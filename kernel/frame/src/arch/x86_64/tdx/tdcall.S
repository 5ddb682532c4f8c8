/* SPDX-License-Identifier: MIT */
/* The TDCALL instruction, with the register image of struct tdx_args. */

/* Offsets of struct tdx_args (tdx.h): eleven 64-bit registers in order. */
#define TA_RAX 0
#define TA_RCX 8
#define TA_RDX 16
#define TA_R8  24
#define TA_R9  32
#define TA_R10 40
#define TA_R11 48
#define TA_R12 56
#define TA_R13 64
#define TA_R14 72
#define TA_R15 80

/*
 * uint64_t tdx_tdcall_hw(struct tdx_args *a)
 *
 * Loads RAX, RCX, RDX and R8-R15 from @a, executes TDCALL and stores the
 * same registers back; returns RAX, the completion status. The leaves
 * (TDX Module ABI spec) and TDG.VP.VMCALL's sub-functions (GHCI spec) may
 * write any of them; RBX, RBP, RSI and RDI are neither inputs nor
 * outputs here. R12-R15 are callee-saved in the SysV ABI, so they are
 * kept, and so are RBX and RBP, in case a module version does not
 * preserve registers the call does not name; @a travels on the stack
 * across the call. The
 * instruction is spelled in bytes (66 0f 01 cc) for assemblers that do
 * not know it.
 */
	.text
	.globl tdx_tdcall_hw
	.type tdx_tdcall_hw, @function
tdx_tdcall_hw:
	pushq	%rbp
	movq	%rsp, %rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	pushq	%rdi

	movq	TA_RAX(%rdi), %rax
	movq	TA_RCX(%rdi), %rcx
	movq	TA_RDX(%rdi), %rdx
	movq	TA_R8(%rdi), %r8
	movq	TA_R9(%rdi), %r9
	movq	TA_R10(%rdi), %r10
	movq	TA_R11(%rdi), %r11
	movq	TA_R12(%rdi), %r12
	movq	TA_R13(%rdi), %r13
	movq	TA_R14(%rdi), %r14
	movq	TA_R15(%rdi), %r15

	.byte	0x66, 0x0f, 0x01, 0xcc		/* tdcall */

	popq	%rdi
	movq	%rax, TA_RAX(%rdi)
	movq	%rcx, TA_RCX(%rdi)
	movq	%rdx, TA_RDX(%rdi)
	movq	%r8, TA_R8(%rdi)
	movq	%r9, TA_R9(%rdi)
	movq	%r10, TA_R10(%rdi)
	movq	%r11, TA_R11(%rdi)
	movq	%r12, TA_R12(%rdi)
	movq	%r13, TA_R13(%rdi)
	movq	%r14, TA_R14(%rdi)
	movq	%r15, TA_R15(%rdi)

	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size tdx_tdcall_hw, . - tdx_tdcall_hw
