/* SPDX-License-Identifier: MIT */
/* Powering off through QEMU's isa-debug-exit, with the exit record first. */
#include <frame/power.h>

#include <frame/format.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/layout.h"
#include "console/console.h"
#include "cov/cov.h"
#include "power/power.h"

/*
 * See docs/internals/kernel-contract.md, "Exit codes". isa-debug-exit
 * carries only 7 bits to QEMU's exit status, so the whole code travels in a
 * text record on the debugcon port, which osdk reads from a file once QEMU
 * has ended. The record starts on a line of its own: anything else written
 * to the port (firmware debug output) cannot be mistaken for it.
 */
#define DEBUG_EXIT_VALUE(code) (0x40u | ((unsigned int)(code)&0x3fu))

static void write_record(const char *s)
{
	for (; *s; s++)
		arch_outb(DEBUG_CON_PORT, (uint8_t)*s);
}

void power_stop(enum power_stop kind, int code)
{
	char record[48];
	unsigned int value;

	arch_irq_disable();
	code &= 0xff;
	switch (kind) {
	case POWER_STOP_PANIC:
		frame_snprintf(record, sizeof(record), "\nosdk-exit panic\n");
		value = DEBUG_EXIT_VALUE(2);
		break;
	case POWER_STOP_KTEST_PANIC:
		frame_snprintf(record, sizeof(record),
			       "\nosdk-exit ktest-panic\n");
		value = DEBUG_EXIT_VALUE(3);
		break;
	default:
		frame_snprintf(record, sizeof(record), "\nosdk-exit code %d\n",
			       code);
		value = DEBUG_EXIT_VALUE(code);
		break;
	}
	/* Before the record: osdk reads the counters once QEMU has ended. */
	cov_dump();
	write_record(record);
	arch_outl(DEBUG_EXIT_PORT, value);

	/* Still here: there is no exit device (real hardware, other VMMs). */
	frame_console_printf("frame: no isa-debug-exit device at port 0x%x; "
			     "halting (%s, code %d)\n",
			     DEBUG_EXIT_PORT,
			     kind == POWER_STOP_EXIT ? "exit" : "panic", code);
	arch_halt_forever();
}

void frame_poweroff(int code)
{
	power_stop(POWER_STOP_EXIT, code);
}
