/* SPDX-License-Identifier: MIT */
/* Powering the machine off with an exit code. */
#ifndef FRAME_POWER_H
#define FRAME_POWER_H

#include <frame/compiler.h>

/*
 * Exit codes with a fixed meaning (see docs/internals/kernel-contract.md).
 * A kernel's main may return any other code from 4 to 63 for its own use.
 */
enum frame_exit_code {
	FRAME_EXIT_SUCCESS = 0,	    /* main returned 0, or every ktest passed */
	FRAME_EXIT_FAILURE = 1,	    /* a ktest failed */
	FRAME_EXIT_PANIC = 2,	    /* the kernel panicked */
	FRAME_EXIT_KTEST_PANIC = 3, /* the kernel panicked inside a ktest */
};

/*
 * frame_poweroff() - stop the machine and report @code to the host
 * @code: 0..63; higher bits are dropped
 *
 * Under QEMU with an isa-debug-exit device at port 0xf4 this writes
 * 0x40 | code there and QEMU exits with status 129 + 2 * code. Without the
 * device the write does nothing; the CPU then halts forever with
 * interrupts off, after saying so on the console.
 *
 * Why in the frame: it is port I/O and stops every CPU. Safety: callable
 * from any context, including panic; it never returns.
 */
__noreturn void frame_poweroff(int code);

#endif /* FRAME_POWER_H */
