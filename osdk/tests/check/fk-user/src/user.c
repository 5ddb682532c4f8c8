/* SPDX-License-Identifier: MIT */
/* FK-USER: a user address taken apart instead of read through the frame.
 * Naming its member is FK-PRIVATE (fk-private/src/uaddr.c). */
#include <frame/string.h>
#include <frame/user.h>

void *fk_as_void(uaddr_t *a)
{
	return a;
}

unsigned long *fk_as_number(uaddr_t *a)
{
	return (unsigned long *)a;
}

union fk_pun {
	uaddr_t u;
	unsigned long n;
};

void fk_peek(uaddr_t a, unsigned long *out)
{
	memcpy(out, &a, sizeof(a));
}
