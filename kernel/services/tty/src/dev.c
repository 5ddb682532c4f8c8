/* SPDX-License-Identifier: MIT */
/* The console terminal's device nodes. */
#include "console.h"

int tty_dev_register(void)
{
	return 0;
}
