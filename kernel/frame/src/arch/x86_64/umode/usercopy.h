/* SPDX-License-Identifier: MIT */
/* The assembly routines that read and write user memory (usercopy.S). */
#ifndef ARCH_X86_64_USERCOPY_H
#define ARCH_X86_64_USERCOPY_H

#include <frame/types.h>

#include "arch/x86_64/layout.h"

/*
 * Each routine may take a page fault or a general-protection fault on the
 * user side; the exception table then resumes it, and it reports how far
 * it got instead of panicking. The caller must have checked that the user
 * side lies entirely in the canonical user half, and must pass a kernel
 * side that is valid for the whole length: a fault there is recovered just
 * the same, which would hide a kernel bug, so mm/user.c never lets it
 * happen.
 *
 * The user side is a number, not a C pointer: user memory is no object of
 * the kernel's C, and the proofs of mm/user.c must not mistake it for one
 * (a store through a user pointer could, for WP, change the reader that
 * holds the position). The copy has one entry per direction so that each
 * has a contract of its own.
 *
 * The ACSL contracts below are what the proofs of mm/user.c take on trust
 * about this assembly (docs/prove.md lists them): a routine touches user
 * bytes only inside [@u, @u + @n), which the caller proves lies in the user
 * half, writes kernel memory only in the @n bytes of the kernel side, and
 * reports at most the bytes it was asked for. `assigns \nothing` for the
 * writes to user memory means no kernel object: the user half holds none.
 */

/*@
  // The user side of an access: all of it below the end of the user half.
  predicate user_side(integer u, integer n) = u + n <= USER_ADDR_END;
*/

/* Copy @n bytes from the user at @u to @dst; returns the bytes NOT copied
 * (0 on success). */
/*@
  requires user_side(u, n);
  requires \valid((char *)dst + (0 .. n - 1));
  assigns ((char *)dst)[0 .. n - 1];
  ensures \result <= n;
*/
size_t arch_user_copy_in(void *dst, unsigned long u, size_t n);

/* Copy @n bytes from @src to the user at @u; returns the bytes NOT
 * copied. */
/*@
  requires user_side(u, n);
  requires \valid_read((const char *)src + (0 .. n - 1));
  assigns \nothing;
  ensures \result <= n;
*/
size_t arch_user_copy_out(unsigned long u, const void *src, size_t n);

/* Set @n bytes at the user's @u to @c; returns the bytes NOT set. */
/*@
  requires user_side(u, n);
  assigns \nothing;
  ensures \result <= n;
*/
size_t arch_user_fill(unsigned long u, int c, size_t n);

/*
 * Copy a string of at most @n bytes including its NUL from the user at @u;
 * returns its length when the NUL came within @n bytes, @n when it did
 * not, -1 on a fault.
 */
/*@
  requires user_side(u, n);
  requires \valid(dst + (0 .. n - 1));
  assigns dst[0 .. n - 1];
  ensures -1 <= \result <= n;
  ensures \result >= 0 && \result < n ==> dst[\result] == 0;
*/
long arch_user_strncpy(char *dst, unsigned long u, size_t n);

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
