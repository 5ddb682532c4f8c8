/* SPDX-License-Identifier: MIT */
/* The register snapshot that trap_entry.S saves on every interrupt. */
#ifndef ARCH_X86_64_TRAP_FRAME_H
#define ARCH_X86_64_TRAP_FRAME_H

/* Byte offsets, for trap_entry.S; C checks them against the struct. */
#define TF_RBP	  64
#define TF_VECTOR 120
#define TF_RIP	  136
#define TF_SIZE	  176

#ifdef __ASSEMBLER__

/*
 * The general-purpose registers of a trap frame, saved and restored in the
 * one order struct arch_trap_frame describes. Every entry path that builds
 * a frame (exceptions, interrupts, SYSCALL) uses these, so the layout is
 * written down once.
 */
.macro TRAP_FRAME_SAVE_GPRS
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
.endm

.macro TRAP_FRAME_RESTORE_GPRS
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
.endm

#else /* !__ASSEMBLER__ */

#include <frame/types.h>

/*
 * Lowest address first: the general-purpose registers in the reverse of
 * the order trap_entry.S pushes them, the vector and error code it pushes,
 * then what the CPU pushed.
 */
struct arch_trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;
	uint64_t error_code; /* 0 for vectors without one */
	uint64_t rip, cs, rflags, rsp, ss;
};

_Static_assert(__builtin_offsetof(struct arch_trap_frame, rbp) == TF_RBP,
	       "TF_RBP");
_Static_assert(__builtin_offsetof(struct arch_trap_frame, vector) == TF_VECTOR,
	       "TF_VECTOR");
_Static_assert(__builtin_offsetof(struct arch_trap_frame, rip) == TF_RIP,
	       "TF_RIP");
_Static_assert(sizeof(struct arch_trap_frame) == TF_SIZE, "TF_SIZE");

#endif /* __ASSEMBLER__ */

#endif /* ARCH_X86_64_TRAP_FRAME_H */
