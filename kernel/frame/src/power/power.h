/* SPDX-License-Identifier: MIT */
/* The frame's own ways to stop the machine: a panic, inside a ktest or not. */
#ifndef POWER_POWER_H
#define POWER_POWER_H

#include <frame/compiler.h>

enum power_stop {
	POWER_STOP_EXIT,	/* frame_poweroff(): a code */
	POWER_STOP_PANIC,	/* the kernel panicked outside any ktest */
	POWER_STOP_KTEST_PANIC, /* a ktest panicked; osdk resumes after it */
};

/*
 * power_stop() - write the exit record for @kind (and @code for
 * POWER_STOP_EXIT), then end QEMU; never returns. For a panic the
 * isa-debug-exit value is 0x42 (0x43 inside a ktest), so that QEMU's status
 * still tells a panic from a clean poweroff to a host that does not read
 * the record.
 */
__noreturn void power_stop(enum power_stop kind, int code);

#endif /* POWER_POWER_H */
