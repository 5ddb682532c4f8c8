/* SPDX-License-Identifier: MIT */
/* Powering off through QEMU's isa-debug-exit device. */
#include <frame/power.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/layout.h"
#include "console/console.h"

/* See docs/internals/kernel-contract.md, "Exit codes". */
#define DEBUG_EXIT_VALUE(code) (0x40u | ((unsigned int)(code)&0x3fu))

void frame_poweroff(int code)
{
	arch_irq_disable();
	arch_outl(DEBUG_EXIT_PORT, DEBUG_EXIT_VALUE(code));

	/* Still here: there is no exit device (real hardware, other VMMs). */
	frame_console_printf("frame: no isa-debug-exit device at port 0x%x; "
			     "halting with exit code %d\n",
			     DEBUG_EXIT_PORT, code & 0x3f);
	arch_halt_forever();
}
