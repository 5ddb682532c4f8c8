/* SPDX-License-Identifier: MIT */
/* deeper: nothing the rules forbid. */
#include <deeper.h>

int deeper_value(void)
{
	return 42;
}
