/* SPDX-License-Identifier: MIT */
/* FK-PRIVATE: the member of a user address, the first private member. */
#include <frame/user.h>

unsigned long fk_raw(uaddr_t a)
{
	return a.raw_;
}

unsigned long *fk_member_address(uaddr_t *a)
{
	return &a->raw_;
}

uaddr_t fk_forge(unsigned long v)
{
	uaddr_t a = { .raw_ = v };

	return a;
}

uaddr_t fk_forge_positional(unsigned long v)
{
	return (uaddr_t){ v };
}

/* Fine: the frame's helpers. */
uaddr_t fk_next(uaddr_t a)
{
	return uaddr_add(a, uaddr_value(a) & 1);
}
