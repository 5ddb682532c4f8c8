/* SPDX-License-Identifier: MIT */
/* A minimal setjmp/longjmp pair for abandoning a failed ktest. */
#ifndef ARCH_X86_64_SETJMP_H
#define ARCH_X86_64_SETJMP_H

/* Byte offsets in struct arch_jmp_buf, for setjmp.S. */
#define JB_RBX 0
#define JB_RBP 8
#define JB_R12 16
#define JB_R13 24
#define JB_R14 32
#define JB_R15 40
#define JB_RSP 48
#define JB_RIP 56

#ifndef __ASSEMBLER__

#include <frame/compiler.h>
#include <frame/types.h>

/* The callee-saved state of a call to arch_setjmp(). */
struct arch_jmp_buf {
	uint64_t rbx, rbp, r12, r13, r14, r15;
	uint64_t rsp, rip;
};

_Static_assert(__builtin_offsetof(struct arch_jmp_buf, rip) == JB_RIP,
	       "JB_RIP");

/*
 * arch_setjmp() - remember the current call for a later arch_longjmp()
 *
 * Returns 0 when called, and again (non-zero) each time arch_longjmp()
 * jumps back. The buffer is only valid while the function that called
 * arch_setjmp() has not returned. As with C's setjmp, locals of that
 * function that change between the two returns must be volatile.
 */
__attribute__((returns_twice)) int arch_setjmp(struct arch_jmp_buf *buf);

/*
 * arch_longjmp() - return from the arch_setjmp() that filled @buf, with
 * @val (or 1 if @val is 0), discarding every frame in between
 */
__noreturn void arch_longjmp(struct arch_jmp_buf *buf, int val);

#endif /* __ASSEMBLER__ */

#endif /* ARCH_X86_64_SETJMP_H */
