/* SPDX-License-Identifier: MIT */
/* libs/ring: nothing the rules forbid. */
#include <ring.h>

unsigned ring_used(const struct ring *r)
{
	return r->head - r->tail;
}
