/* SPDX-License-Identifier: MIT */
/* FK-INTERNAL: a frame-internal function reached through its header. */
#include "../../frame/src/internal.h"

void fk_stop(void)
{
	arch_halt();
}
