/* SPDX-License-Identifier: MIT */
/* Port I/O of every width, for the frame's device-register code. */
#ifndef ARCH_X86_64_PORTIO_H
#define ARCH_X86_64_PORTIO_H

#include <frame/types.h>

/*
 * One instruction each, as in cpu.h; these serve io/ (granted port ranges
 * and the PCI configuration ports), which needs 16- and 32-bit reads and
 * writes besides the byte accesses the frame's own devices use.
 */

static inline uint8_t arch_port_in8(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline uint16_t arch_port_in16(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline uint32_t arch_port_in32(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline void arch_port_out8(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void arch_port_out16(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void arch_port_out32(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

#endif /* ARCH_X86_64_PORTIO_H */
