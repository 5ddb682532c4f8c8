/* SPDX-License-Identifier: MIT */
/* FK-VOLATILE: volatile objects, fields, typedefs, parameters and casts. */
#include <fk_volatile.h>

volatile int fk_flag;

typedef volatile unsigned char fk_vbyte;

int fk_read(volatile int *p)
{
	return *p;
}

int fk_cast(int *p)
{
	return *(volatile int *)p;
}

volatile int *fk_result(void)
{
	return 0;
}

int fk_local(void)
{
	int volatile spin = 1;

	return spin;
}
