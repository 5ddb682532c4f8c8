/* SPDX-License-Identifier: MIT */
/* The 256 interrupt and exception entry stubs and their common path. */

#include "arch/x86_64/trap/trap_frame.h"

/* The vectors for which the CPU pushes an error code itself. */
#define HAS_ERROR_CODE(v)                                             \
	(((v) == 8) || (((v) >= 10) && ((v) <= 14)) || ((v) == 17) || \
	 ((v) == 21) || ((v) == 29) || ((v) == 30))

/*
 * One stub per vector: make the stack look the same for every vector (a
 * zero where the CPU pushed no error code), push the vector number, and go
 * to the common path. Each stub's address goes into arch_trap_stubs[],
 * which arch_idt_init() copies into the IDT.
 */
.macro trap_stub vector
	.text
	.balign 16
1:
	.if HAS_ERROR_CODE(\vector) == 0
	pushq	$0
	.endif
	pushq	$(\vector)
	jmp	arch_trap_common
	.section .rodata
	.quad	1b
.endm

.macro trap_stubs16 base
	trap_stub \base+0
	trap_stub \base+1
	trap_stub \base+2
	trap_stub \base+3
	trap_stub \base+4
	trap_stub \base+5
	trap_stub \base+6
	trap_stub \base+7
	trap_stub \base+8
	trap_stub \base+9
	trap_stub \base+10
	trap_stub \base+11
	trap_stub \base+12
	trap_stub \base+13
	trap_stub \base+14
	trap_stub \base+15
.endm

	/* A function symbol over all stubs, so that backtraces name them. */
	.text
	.balign 16
	.type arch_trap_stubs_text, @function
arch_trap_stubs_text:

	.section .rodata
	.balign 8
	.globl arch_trap_stubs
	.type arch_trap_stubs, @object
arch_trap_stubs:
	trap_stubs16 0
	trap_stubs16 16
	trap_stubs16 32
	trap_stubs16 48
	trap_stubs16 64
	trap_stubs16 80
	trap_stubs16 96
	trap_stubs16 112
	trap_stubs16 128
	trap_stubs16 144
	trap_stubs16 160
	trap_stubs16 176
	trap_stubs16 192
	trap_stubs16 208
	trap_stubs16 224
	trap_stubs16 240
	.size arch_trap_stubs, . - arch_trap_stubs

	.text
	.size arch_trap_stubs_text, . - arch_trap_stubs_text

/*
 * Save every general-purpose register into a struct arch_trap_frame, call
 * arch_trap_dispatch(frame), restore and return. Above the frame sits a
 * fake frame record (interrupted %rbp, interrupted %rip) that %rbp points
 * to, so a backtrace taken inside a handler walks on into the code that
 * was interrupted.
 */
	.type arch_trap_common, @function
arch_trap_common:
	TRAP_FRAME_SAVE_GPRS
	cld
	/*
	 * A trap may interrupt a user-copy routine with RFLAGS.AC set; the
	 * handler must not run with SMAP suspended. iretq restores AC.
	 */
	testb	$1, arch_smap_on(%rip)
	jz	1f
	clac
1:
	/*
	 * From user mode: this CPU's GS base first (the per-CPU area). An
	 * NMI is served below and returns to the user code; every other trap
	 * ends the user context's run (umode_entry.S).
	 */
	testb	$3, (TF_RIP + 8)(%rsp)		/* CS */
	jz	2f
	swapgs
	cmpq	$2, TF_VECTOR(%rsp)		/* NMI */
	jne	arch_umode_trap
2:
	pushq	TF_RIP(%rsp)
	pushq	(TF_RBP + 8)(%rsp)
	movq	%rsp, %rbp
	leaq	16(%rsp), %rdi
	call	arch_trap_dispatch
	addq	$16, %rsp
	TRAP_FRAME_RESTORE_GPRS
	addq	$16, %rsp			/* vector and error code */
	testb	$3, 8(%rsp)			/* back to user mode: its GS */
	jz	3f
	swapgs
3:	iretq
	.size arch_trap_common, . - arch_trap_common

	.section .note.GNU-stack, "", @progbits
