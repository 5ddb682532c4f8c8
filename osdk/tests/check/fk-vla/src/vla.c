/* SPDX-License-Identifier: MIT */
/* FK-VLA: stack allocations sized at run time. */
#include <frame/types.h>

int fk_sum(int n)
{
	int a[n];
	int s = 0;

	for (int i = 0; i < n; i++)
		s += a[i] = i;
	return s;
}

int fk_rows(int n)
{
	typedef int fk_row[n];
	fk_row r;

	r[0] = n;
	return r[0];
}

void fk_alloca(unsigned n)
{
	void *p = __builtin_alloca(n);

	(void)p;
}
