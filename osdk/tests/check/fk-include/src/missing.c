/* SPDX-License-Identifier: MIT */
/* FK-INCLUDE: a frame-internal header by the frame's own path. */
#include <frame/types.h>
#include <internal.h>

int fk_missing(void)
{
	return 0;
}
