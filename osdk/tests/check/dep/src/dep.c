/* SPDX-License-Identifier: MIT */
/* dep: uses its own dependencies, as it may. */
#include <deeper.h>
#include <dep.h>
#include <ring.h>

#include "private.h"

int dep_private_value(void)
{
	return 1;
}

int dep_value(void)
{
	struct ring r = { 2, 1 };

	return deeper_value() + dep_private_value() + (int)(r.head - r.tail);
}
