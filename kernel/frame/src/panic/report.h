/* SPDX-License-Identifier: MIT */
/* The pieces of a panic report, shared by frame_panic() and CPU traps. */
#ifndef PANIC_REPORT_H
#define PANIC_REPORT_H

#include <frame/compiler.h>
#include <frame/types.h>

/*
 * frame_panic_enter() - start a panic report on this CPU
 *
 * Disables interrupts and takes the console over. Returns only for the
 * first panic: a panic while reporting one prints a single line and powers
 * off, and a third goes straight to poweroff, so a fault in the reporting
 * code cannot loop.
 */
void frame_panic_enter(void);

/*
 * frame_panic_finish() - end the report and power off
 *
 * Prints "ktest: panic <index>" and stops with POWER_STOP_KTEST_PANIC when
 * a ktest is running, else with POWER_STOP_PANIC (power/power.h).
 */
__noreturn void frame_panic_finish(void);

/* Deepest backtrace printed; deeper stacks end in "...". */
#define BACKTRACE_MAX 32

/*
 * frame_backtrace_capture() - return addresses along the frame-pointer chain
 * @rbp: the frame to start from (its saved return address comes first)
 * @out, @max: where to put them
 *
 * Stops at a null frame pointer (the boot code ends the chain with one), at
 * a pointer that is misaligned, outside the kernel half, or not above the
 * previous frame (stacks grow down, so a chain that does not climb is
 * corrupt), and after @max frames. Returns the number stored.
 */
size_t frame_backtrace_capture(uint64_t rbp, uint64_t *out, size_t max);

/*
 * frame_backtrace_print() - print "backtrace:" and one symbolized line per
 * frame
 * @rip: unless 0, printed first as the exact current address
 * @guess: unless 0, a return address read off the stack rather than found
 *         through a frame record (see arch_trap_guess_return()), printed
 *         next and marked with '?' as possibly wrong
 * @rbp: the frame record to walk from
 */
void frame_backtrace_print(uint64_t rip, uint64_t guess, uint64_t rbp);

#endif /* PANIC_REPORT_H */
