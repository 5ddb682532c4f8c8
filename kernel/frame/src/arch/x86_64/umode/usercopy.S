/* SPDX-License-Identifier: MIT */
/* The only code that touches user-chosen addresses, each access fixed up. */

#include "arch/x86_64/trap/extable.h"

/*
 * With SMAP on, the kernel may touch user pages only while RFLAGS.AC is
 * set. STAC and CLAC raise #UD on CPUs without SMAP, hence the test of
 * arch_smap_on first. The callers (mm/user.c) have already checked that
 * every address is a canonical user address; the exception table is for
 * what they cannot check: pages that are not mapped, or not writable.
 */
.macro USER_ACCESS_BEGIN
	testb	$1, arch_smap_on(%rip)
	jz	.Lno_stac\@
	stac
.Lno_stac\@:
.endm

.macro USER_ACCESS_END
	testb	$1, arch_smap_on(%rip)
	jz	.Lno_clac\@
	clac
.Lno_clac\@:
.endm

	.text

/*
 * size_t arch_user_copy_in(void *dst, unsigned long u, size_t n)
 * size_t arch_user_copy_out(unsigned long u, const void *src, size_t n)
 *
 * Return the number of bytes NOT copied: 0, or what was left when a fault
 * stopped the copy. A fault in rep movsb leaves %rcx counting the bytes
 * still to go, so the fixup only has to return it. The two directions are
 * the same instructions; each has its own entry because its C prototype
 * (usercopy.h) says which side is the user's.
 */
.macro USER_COPY name
	.globl \name
	.type \name, @function
\name:
	movq	%rdx, %rcx
	USER_ACCESS_BEGIN
1:	rep movsb
2:	USER_ACCESS_END
	movq	%rcx, %rax
	ret
	EXTABLE 1b, 2b
	.size \name, . - \name
.endm

	USER_COPY arch_user_copy_in
	USER_COPY arch_user_copy_out

/*
 * size_t arch_user_fill(unsigned long u, int c, size_t n)
 *
 * Sets @n bytes at the user's @u to @c; returns the bytes NOT set, as above.
 */
	.globl arch_user_fill
	.type arch_user_fill, @function
arch_user_fill:
	movl	%esi, %eax
	movq	%rdx, %rcx
	USER_ACCESS_BEGIN
1:	rep stosb
2:	USER_ACCESS_END
	movq	%rcx, %rax
	ret
	EXTABLE 1b, 2b
	.size arch_user_fill, . - arch_user_fill

/*
 * long arch_user_strncpy(char *dst, unsigned long u, size_t n)
 *
 * Copies bytes from the user's @u up to and including a NUL, at most @n
 * of them. Returns the string's length when a NUL came within @n bytes,
 * @n when none did, and -1 when reading @u faulted. Only the load touches user
 * memory, so only it has an entry.
 */
	.globl arch_user_strncpy
	.type arch_user_strncpy, @function
arch_user_strncpy:
	xorl	%eax, %eax
	USER_ACCESS_BEGIN
1:	cmpq	%rdx, %rax
	jae	3f
2:	movb	(%rsi,%rax), %cl
	movb	%cl, (%rdi,%rax)
	testb	%cl, %cl
	jz	3f
	incq	%rax
	jmp	1b
3:	USER_ACCESS_END
	ret
4:	USER_ACCESS_END
	movq	$-1, %rax
	ret
	EXTABLE 2b, 4b
	.size arch_user_strncpy, . - arch_user_strncpy

/*
 * The 32-bit atomics on user memory, for futexes. Each returns 0, or -1
 * when the access faulted (then nothing was written); the old value goes
 * to *out. The callers have checked that the word is an aligned user
 * address, so it never straddles a page. A fault leaves the registers as
 * they were, and the fixup only has to close the SMAP window.
 *
 * int arch_user_load32(const uint32_t *u, uint32_t *out)
 */
	.globl arch_user_load32
	.type arch_user_load32, @function
arch_user_load32:
	USER_ACCESS_BEGIN
1:	movl	(%rdi), %eax
	USER_ACCESS_END
	movl	%eax, (%rsi)
	xorl	%eax, %eax
	ret
2:	USER_ACCESS_END
	movl	$-1, %eax
	ret
	EXTABLE 1b, 2b
	.size arch_user_load32, . - arch_user_load32

/* int arch_user_cmpxchg32(uint32_t *u, uint32_t old, uint32_t new,
 *			   uint32_t *out) */
	.globl arch_user_cmpxchg32
	.type arch_user_cmpxchg32, @function
arch_user_cmpxchg32:
	movl	%esi, %eax
	USER_ACCESS_BEGIN
1:	lock cmpxchgl %edx, (%rdi)
	USER_ACCESS_END
	movl	%eax, (%rcx)
	xorl	%eax, %eax
	ret
2:	USER_ACCESS_END
	movl	$-1, %eax
	ret
	EXTABLE 1b, 2b
	.size arch_user_cmpxchg32, . - arch_user_cmpxchg32

/* int arch_user_xchg32(uint32_t *u, uint32_t val, uint32_t *out) */
	.globl arch_user_xchg32
	.type arch_user_xchg32, @function
arch_user_xchg32:
	USER_ACCESS_BEGIN
1:	xchgl	%esi, (%rdi)
	USER_ACCESS_END
	movl	%esi, (%rdx)
	xorl	%eax, %eax
	ret
2:	USER_ACCESS_END
	movl	$-1, %eax
	ret
	EXTABLE 1b, 2b
	.size arch_user_xchg32, . - arch_user_xchg32

/* int arch_user_fetch_add32(uint32_t *u, uint32_t val, uint32_t *out) */
	.globl arch_user_fetch_add32
	.type arch_user_fetch_add32, @function
arch_user_fetch_add32:
	USER_ACCESS_BEGIN
1:	lock xaddl %esi, (%rdi)
	USER_ACCESS_END
	movl	%esi, (%rdx)
	xorl	%eax, %eax
	ret
2:	USER_ACCESS_END
	movl	$-1, %eax
	ret
	EXTABLE 1b, 2b
	.size arch_user_fetch_add32, . - arch_user_fetch_add32

/*
 * OR, AND and XOR have no fetching form: load, compute, and compare-and-
 * exchange until no other writer came in between.
 * int arch_user_fetch_<op>32(uint32_t *u, uint32_t val, uint32_t *out)
 */
.macro USER_FETCH_OP name, insn
	.globl \name
	.type \name, @function
\name:
	USER_ACCESS_BEGIN
1:	movl	(%rdi), %eax
2:	movl	%eax, %ecx
	\insn	%esi, %ecx
3:	lock cmpxchgl %ecx, (%rdi)
	jnz	2b
	USER_ACCESS_END
	movl	%eax, (%rdx)
	xorl	%eax, %eax
	ret
4:	USER_ACCESS_END
	movl	$-1, %eax
	ret
	EXTABLE 1b, 4b
	EXTABLE 3b, 4b
	.size \name, . - \name
.endm

	USER_FETCH_OP arch_user_fetch_or32, orl
	USER_FETCH_OP arch_user_fetch_and32, andl
	USER_FETCH_OP arch_user_fetch_xor32, xorl

	.section .note.GNU-stack, "", @progbits
