/* SPDX-License-Identifier: MIT */
/* FK-INT-TO-PTR: pointers made from numbers. */
#include <frame/types.h>

#define FK_LAPIC ((uint32_t *)0xfee00000)

char *fk_vga(void)
{
	return (char *)0xb8000;
}

void *fk_from_number(unsigned long a)
{
	return (void *)a;
}

int *fk_implicit(long a)
{
	int *p = a;

	return p;
}

uint32_t fk_lapic_id(void)
{
	return FK_LAPIC[8];
}
