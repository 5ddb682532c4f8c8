/* SPDX-License-Identifier: MIT */
/* FK-PTR-TO-INT: addresses turned into numbers. */
#include <frame/types.h>

unsigned long fk_addr(const void *p)
{
	return (unsigned long)p;
}

uintptr_t fk_uintptr(int *p)
{
	return (uintptr_t)p;
}

long fk_implicit(char *p)
{
	long x = p;

	return x;
}
