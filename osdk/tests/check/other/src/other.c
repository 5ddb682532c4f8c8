/* SPDX-License-Identifier: MIT */
/* other: nothing the rules forbid. */
#include <other.h>

int other_value(void)
{
	return 7;
}
