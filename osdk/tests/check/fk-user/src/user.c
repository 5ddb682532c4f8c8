/* SPDX-License-Identifier: MIT */
/* FK-USER: a user address taken apart instead of read through the frame. */
#include <frame/string.h>
#include <frame/user.h>

unsigned long fk_raw(uaddr_t a)
{
	return a.raw_;
}

unsigned long *fk_member_address(uaddr_t *a)
{
	return &a->raw_;
}

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

uaddr_t fk_forge(unsigned long v)
{
	uaddr_t a = { .raw_ = v };

	return a;
}

void fk_peek(uaddr_t a, unsigned long *out)
{
	memcpy(out, &a, sizeof(a));
}
