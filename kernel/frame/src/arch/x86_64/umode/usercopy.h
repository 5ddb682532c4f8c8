/* SPDX-License-Identifier: MIT */
/* The assembly routines that read and write user memory (usercopy.S). */
#ifndef ARCH_X86_64_USERCOPY_H
#define ARCH_X86_64_USERCOPY_H

#include <frame/types.h>

/*
 * Each routine may take a page fault or a general-protection fault on the
 * user side; the exception table then resumes it, and it reports how far
 * it got instead of panicking. The caller must have checked that the user
 * side lies entirely in the canonical user half, and must pass a kernel
 * side that is valid for the whole length: a fault there is recovered just
 * the same, which would hide a kernel bug, so mm/user.c never lets it
 * happen.
 *
 * The ACSL contracts below are what the proofs of mm/user_logic.c take on
 * trust about this assembly (docs/prove.md lists them): a copy reports at
 * most the bytes it was asked for, and touches no byte outside them.
 */

/* Copy @n bytes; returns the bytes NOT copied (0 on success). */
/*@
  assigns ((char *)dst)[0 .. n - 1];
  ensures \result <= n;
*/
size_t arch_user_copy(void *dst, const void *src, size_t n);

/* Set @n bytes at @dst to @c; returns the bytes NOT set. */
/*@
  assigns ((char *)dst)[0 .. n - 1];
  ensures \result <= n;
*/
size_t arch_user_fill(void *dst, int c, size_t n);

/*
 * Copy a string of at most @n bytes including its NUL; returns its length
 * when the NUL came within @n bytes, @n when it did not, -1 on a fault.
 */
/*@
  assigns dst[0 .. n - 1];
  ensures -1 <= \result <= n;
  ensures \result >= 0 && \result < n ==> dst[\result] == 0;
*/
long arch_user_strncpy(char *dst, const char *src, size_t n);

/*
 * 32-bit atomics on an aligned user word (futexes): 0, or -1 on a fault
 * (nothing written). The old value goes to *@out.
 */
int arch_user_load32(const uint32_t *u, uint32_t *out);
int arch_user_cmpxchg32(uint32_t *u, uint32_t old, uint32_t new_val,
			uint32_t *out);
int arch_user_xchg32(uint32_t *u, uint32_t val, uint32_t *out);
int arch_user_fetch_add32(uint32_t *u, uint32_t val, uint32_t *out);
int arch_user_fetch_or32(uint32_t *u, uint32_t val, uint32_t *out);
int arch_user_fetch_and32(uint32_t *u, uint32_t val, uint32_t *out);
int arch_user_fetch_xor32(uint32_t *u, uint32_t val, uint32_t *out);

#endif /* ARCH_X86_64_USERCOPY_H */
