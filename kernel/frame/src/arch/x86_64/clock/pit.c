/* SPDX-License-Identifier: MIT */
/* The 8254 programmable interval timer, as a fixed-rate reference clock. */
#include "arch/x86_64/clock/pit.h"

#include "arch/x86_64/cpu/cpu.h"

/* Ports (Intel 8254 datasheet; the PC's port 0x61 for channel 2). */
#define PIT_CHANNEL2 0x42
#define PIT_COMMAND  0x43
#define PC_PORT_B    0x61

/* Port B bits: channel 2's gate, the speaker enable, channel 2's output. */
#define PORT_B_GATE2   (1u << 0)
#define PORT_B_SPEAKER (1u << 1)
#define PORT_B_OUT2    (1u << 5)

/* Command: channel 2, low then high byte, mode 0 (interrupt on terminal
 * count: the output goes high when the count reaches zero), binary. */
#define PIT_CMD_CH2_MODE0 ((2u << 6) | (3u << 4) | (0u << 1))

void arch_pit_window_start(uint16_t ticks)
{
	uint8_t b = arch_inb(PC_PORT_B);

	/* Gate low while loading, speaker off. */
	arch_outb(PC_PORT_B, (uint8_t)(b & ~(PORT_B_GATE2 | PORT_B_SPEAKER)));
	arch_outb(PIT_COMMAND, PIT_CMD_CH2_MODE0);
	arch_outb(PIT_CHANNEL2, (uint8_t)ticks);
	arch_outb(PIT_CHANNEL2, (uint8_t)(ticks >> 8));
	/* The count runs while the gate is high: start now. */
	arch_outb(PC_PORT_B, (uint8_t)((b & ~PORT_B_SPEAKER) | PORT_B_GATE2));
}

bool arch_pit_window_done(void)
{
	return arch_inb(PC_PORT_B) & PORT_B_OUT2;
}
