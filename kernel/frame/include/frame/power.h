/* SPDX-License-Identifier: MIT */
/* Powering the machine off with an exit code. */
#ifndef FRAME_POWER_H
#define FRAME_POWER_H

#include <frame/compiler.h>

/*
 * Exit codes the frame itself powers off with (see
 * docs/internals/kernel-contract.md, "Exit codes"). A kernel's main returns
 * any code from 0 to 255 and `osdk run` exits with it; a panic is reported
 * as a panic, never as a code a kernel could return.
 */
enum frame_exit_code {
	FRAME_EXIT_SUCCESS = 0, /* main returned 0, or every ktest passed */
	FRAME_EXIT_FAILURE = 1, /* a ktest failed */
};

/*
 * frame_poweroff() - stop the machine and report @code to the host
 * @code: 0..255; higher bits are dropped
 *
 * Under QEMU as osdk starts it, this writes the record "osdk-exit code
 * N" to the debugcon port 0xe9 (osdk reads it from a file) and then
 * 0x40 | (code & 0x3f) to the isa-debug-exit device at port 0xf4, which
 * ends QEMU with status 129 + 2 * (code & 0x3f). Without those devices
 * the writes do nothing; the CPU then halts forever with interrupts off,
 * after saying so on the console.
 *
 * Why in the frame: it is port I/O and stops every CPU. Safety: callable
 * from any context, including panic; it never returns.
 */
__noreturn void frame_poweroff(int code);

#endif /* FRAME_POWER_H */
