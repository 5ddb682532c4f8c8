/* SPDX-License-Identifier: MIT */
/* The ipc service's boot. */
#include <ipc/ipc.h>

#include "fifo.h"

int ipc_init(void)
{
	fifo_register();
	return 0;
}
