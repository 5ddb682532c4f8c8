/* SPDX-License-Identifier: MIT */
/* Port I/O of every width, for the frame's device-register code. */
#ifndef ARCH_X86_64_PORTIO_H
#define ARCH_X86_64_PORTIO_H

#include <frame/types.h>

#include "arch/x86_64/tdx/pv.h"

/*
 * One instruction each, as in cpu.h; these serve io/ (granted port ranges
 * and the PCI configuration ports), which needs 16- and 32-bit reads and
 * writes besides the byte accesses the frame's own devices use. In a
 * trust domain the host does the access for the guest (tdx/pv.h); the
 * _native forms are the instruction alone, for tdx-sim's backend.
 */

static inline uint8_t arch_port_in8_native(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline uint16_t arch_port_in16_native(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline uint32_t arch_port_in32_native(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline void arch_port_out8_native(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void arch_port_out16_native(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void arch_port_out32_native(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

#define ARCH_PORT_IO(bits)                                                \
	static inline uint##bits##_t arch_port_in##bits(uint16_t port)    \
	{                                                                 \
		if (arch_tdx_pv_on(ARCH_TDX_PV_IO))                       \
			return (uint##bits##_t)arch_tdx_port_in(port,     \
								bits / 8); \
		return arch_port_in##bits##_native(port);                 \
	}                                                                 \
	static inline void arch_port_out##bits(uint16_t port,             \
					       uint##bits##_t v)          \
	{                                                                 \
		if (arch_tdx_pv_on(ARCH_TDX_PV_IO))                       \
			arch_tdx_port_out(port, bits / 8, v);             \
		else                                                      \
			arch_port_out##bits##_native(port, v);            \
	}
ARCH_PORT_IO(8)
ARCH_PORT_IO(16)
ARCH_PORT_IO(32)
#undef ARCH_PORT_IO

#endif /* ARCH_X86_64_PORTIO_H */
