/* SPDX-License-Identifier: MIT */
/* FK-FN-CAST: calling code through a type it was not defined with. */
#include <frame/types.h>

typedef int (*fk_op)(int);

static long fk_twice(long x)
{
	return 2 * x;
}

fk_op fk_wrong_type(void)
{
	return (fk_op)fk_twice;
}

void *fk_code_as_data(void)
{
	return (void *)fk_twice;
}

fk_op fk_data_as_code(void *p)
{
	return (fk_op)p;
}

unsigned long fk_code_as_number(void)
{
	return (unsigned long)fk_twice;
}
