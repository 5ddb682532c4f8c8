/* SPDX-License-Identifier: MIT */
/* Into user mode through SYSRET or IRETQ, and back through SYSCALL or a trap. */

#include "arch/x86_64/layout.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/trap/trap_frame.h"
#include "arch/x86_64/umode/uctx.h"

/*
 * The kernel side of a run of user code is one call: umode_run() calls
 * arch_umode_enter(), which saves the callee-saved registers on the
 * kernel stack and leaves for ring 3. Every way back builds a struct
 * arch_trap_frame just below those saved registers (the TSS's RSP0 and
 * this CPU's kernel_rsp both point there), has arch_umode_trap_save()
 * copy it into the context, and then returns from arch_umode_enter() as
 * if from an ordinary call.
 */

/* Load the registers of the frame at %rdi that both exits load alike. */
.macro LOAD_COMMON_REGS
	movq	UF_RAX(%rdi), %rax
	movq	UF_RBX(%rdi), %rbx
	movq	UF_RDX(%rdi), %rdx
	movq	UF_RSI(%rdi), %rsi
	movq	UF_RBP(%rdi), %rbp
	movq	UF_R8(%rdi), %r8
	movq	UF_R9(%rdi), %r9
	movq	UF_R10(%rdi), %r10
	movq	UF_R12(%rdi), %r12
	movq	UF_R13(%rdi), %r13
	movq	UF_R14(%rdi), %r14
	movq	UF_R15(%rdi), %r15
.endm

	.text

/*
 * void arch_umode_enter(const struct arch_trap_frame *regs, bool sysret)
 *
 * Interrupts are off (umode_run()) and stay off until the return to user
 * mode loads the user's RFLAGS. After SWAPGS, GS_BASE is the user's and
 * KERNEL_GS_BASE this CPU's area, until the next entry swaps them back.
 */
	.globl arch_umode_enter
	.type arch_umode_enter, @function
arch_umode_enter:
	pushq	%rbp
	movq	%rsp, %rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	pushq	$0			/* keeps the frame below 16-byte aligned */
	movq	%rsp, %gs:PCPU_KERNEL_RSP
	movq	%rsp, %gs:(PCPU_TSS + TSS_RSP0)
	testb	%sil, %sil
	jz	1f

	/*
	 * SYSRET: RIP from RCX, RFLAGS from R11; the caller checked that the
	 * context's own RCX and R11 hold exactly those. From the load of the
	 * user's RSP on, this CPU runs in ring 0 on a user stack: an NMI or
	 * machine check there must come on an IST stack.
	 */
	movq	UF_RIP(%rdi), %rcx
	movq	UF_RFLAGS(%rdi), %r11
	LOAD_COMMON_REGS
	movq	UF_RSP(%rdi), %rsp
	movq	UF_RDI(%rdi), %rdi
	swapgs
	sysretq

	/* IRETQ: everything from the frame it pops, on the kernel stack. */
1:	pushq	$USER_DS
	pushq	UF_RSP(%rdi)
	pushq	UF_RFLAGS(%rdi)
	pushq	$USER_CS
	pushq	UF_RIP(%rdi)
	movq	UF_RCX(%rdi), %rcx
	movq	UF_R11(%rdi), %r11
	LOAD_COMMON_REGS
	movq	UF_RDI(%rdi), %rdi
	swapgs
	iretq
	.size arch_umode_enter, . - arch_umode_enter

/*
 * SYSCALL lands here (MSR_LSTAR) in ring 0 with interrupts, single-step,
 * DF and AC cleared (MSR_FMASK), RCX = the user's RIP, R11 = its RFLAGS,
 * and still the user's RSP and GS base. Build the same trap frame an
 * exception would, with vector UMODE_VECTOR_SYSCALL, and leave as traps
 * leave.
 */
	.globl arch_syscall_entry
	.type arch_syscall_entry, @function
arch_syscall_entry:
	swapgs
	movq	%rsp, %gs:PCPU_USER_RSP
	movq	%gs:PCPU_KERNEL_RSP, %rsp
	pushq	$USER_DS			/* ss */
	pushq	%gs:PCPU_USER_RSP		/* rsp */
	pushq	%r11				/* rflags */
	pushq	$USER_CS			/* cs */
	pushq	%rcx				/* rip */
	pushq	$0				/* error code */
	pushq	$UMODE_VECTOR_SYSCALL		/* vector */
	TRAP_FRAME_SAVE_GPRS
	jmp	arch_umode_trap
	.size arch_syscall_entry, . - arch_syscall_entry

/*
 * The common way back, with the trap frame at %rsp and this CPU's GS base
 * in place: from the SYSCALL entry above, and from trap_entry.S for every
 * exception and interrupt taken in user mode (NMIs excepted).
 *
 * The kernel stack pointer to return on is read before the C call and
 * kept in a callee-saved register: an interrupt handler called from
 * arch_umode_trap_save() may switch to another thread, whose own
 * umode_run() then changes this CPU's kernel_rsp. %rbp points at the
 * frame record arch_umode_enter() made, so backtraces taken inside go on
 * into umode_run() and its caller, not into user memory.
 */
	.globl arch_umode_trap
	.type arch_umode_trap, @function
arch_umode_trap:
	movq	%gs:PCPU_KERNEL_RSP, %rbx
	leaq	48(%rbx), %rbp
	movq	%rsp, %rdi
	call	arch_umode_trap_save
	movq	%rbx, %rsp
	addq	$8, %rsp			/* the alignment slot */
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size arch_umode_trap, . - arch_umode_trap

	.section .note.GNU-stack, "", @progbits
