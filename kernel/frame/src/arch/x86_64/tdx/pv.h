/* SPDX-License-Identifier: MIT */
/* The one test that sends port I/O, CPUID, MSRs and HLT through TDVMCALL. */
#ifndef ARCH_X86_64_TDX_PV_H
#define ARCH_X86_64_TDX_PV_H

#include <frame/compiler.h>
#include <frame/types.h>

/*
 * In a trust domain the host cannot see the guest's registers, so an
 * instruction it would emulate (IN/OUT, CPUID, RDMSR/WRMSR, HLT) raises a
 * #VE instead, which tdx/ve.c turns into a TDVMCALL. The frame's own
 * wrappers (cpu.h, portio.h, irq_flags.h) skip that round trip and make
 * the TDVMCALL themselves when these bits say so; outside a TD the bits
 * are 0, written once at boot, and each wrapper pays one well-predicted
 * branch on a read-mostly byte.
 *
 * - ARCH_TDX_PV_IO: port I/O (a real TD and tdx-sim);
 * - ARCH_TDX_PV_HLT: the idle halt, with interrupts enabled (both);
 * - ARCH_TDX_PV_CPU: CPUID and MSRs (tdx-sim only: in a real TD the
 *   module answers most CPUID leaves and owns most MSRs itself, and only
 *   what it does not own reaches the host, through #VE).
 */
#define ARCH_TDX_PV_IO	0x01
#define ARCH_TDX_PV_HLT 0x02
#define ARCH_TDX_PV_CPU 0x04

extern uint8_t arch_tdx_pv;

static inline bool arch_tdx_pv_on(uint8_t what)
{
	return unlikely(arch_tdx_pv & what);
}

/* The TDVMCALL side of each wrapper (tdx/tdx.c). A port read the host
 * refuses reads as all ones, a refused write is dropped, as for a missing
 * device; a refused MSR access panics, as the #GP would have. */
uint32_t arch_tdx_port_in(uint16_t port, unsigned int size);
void arch_tdx_port_out(uint16_t port, unsigned int size, uint32_t v);
void arch_tdx_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4]);
uint64_t arch_tdx_rdmsr(uint32_t msr);
void arch_tdx_wrmsr(uint32_t msr, uint64_t v);
void arch_tdx_safe_halt(void);

/*
 * arch_tdx_early_init() - find out whether the kernel is a TD, before
 * anything touches a port: CPUID leaf 0x21 names the TDX module. Called
 * first thing at boot. arch_tdx_init() - once the command line and the
 * IDT are there: tdx-sim when `tdx=sim` asks for it, the #VE handler.
 */
void arch_tdx_early_init(void);
void arch_tdx_init(void);

#endif /* ARCH_X86_64_TDX_PV_H */
