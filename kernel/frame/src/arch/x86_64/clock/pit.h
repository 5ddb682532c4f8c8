/* SPDX-License-Identifier: MIT */
/* The 8254 programmable interval timer, as a fixed-rate reference clock. */
#ifndef ARCH_X86_64_PIT_H
#define ARCH_X86_64_PIT_H

#include <frame/types.h>

/* The PIT's input clock, the same on every PC: 1.193182 MHz. */
#define ARCH_PIT_HZ 1193182u

/*
 * Channel 2 counts down once from a loaded value and raises its output,
 * which port 0x61 shows; its gate is on port 0x61 too, and it has no
 * interrupt. So it can time a window without interrupts and without
 * disturbing channel 0 (the firmware's tick, masked at every controller).
 *
 * arch_pit_window_start() starts a window of @ticks PIT ticks (1..65535);
 * arch_pit_window_done() tells whether it has ended. The caller polls,
 * and bounds its polling: a machine without a PIT never ends a window.
 */
void arch_pit_window_start(uint16_t ticks);
bool arch_pit_window_done(void);

#endif /* ARCH_X86_64_PIT_H */
