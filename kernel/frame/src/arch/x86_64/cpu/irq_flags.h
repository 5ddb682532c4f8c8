/* SPDX-License-Identifier: MIT */
/* The interrupt flag: disable, enable, save and restore it on this CPU. */
#ifndef ARCH_X86_64_IRQ_FLAGS_H
#define ARCH_X86_64_IRQ_FLAGS_H

#include <frame/types.h>

#include "arch/x86_64/tdx/pv.h"

/*
 * The frame's one place for RFLAGS.IF. Code that must not be interrupted
 * on this CPU brackets itself with a save/restore pair, which nests:
 *
 *	uint64_t flags = arch_irq_save();
 *	...
 *	arch_irq_restore(flags);
 *
 * A bare arch_irq_disable()/arch_irq_enable() pair does not nest and is
 * only for code that knows the state it starts in (the boot path, the
 * interrupt dispatcher running bottom halves). None of this excludes
 * other CPUs: that takes a spinlock (sync/spinlock.h), whose _irqsave
 * form is built on these.
 */

#define ARCH_RFLAGS_IF (1ul << 9)

static inline uint64_t arch_read_rflags(void)
{
	uint64_t v;

	__asm__ volatile("pushfq; popq %0" : "=r"(v) : : "memory");
	return v;
}

/* Whether this CPU takes maskable interrupts now. */
static inline bool arch_irqs_enabled(void)
{
	return arch_read_rflags() & ARCH_RFLAGS_IF;
}

static inline void arch_irq_disable(void)
{
	__asm__ volatile("cli" : : : "memory");
}

static inline void arch_irq_enable(void)
{
	__asm__ volatile("sti" : : : "memory");
}

/*
 * Disable interrupts and return the previous RFLAGS, for a matching
 * arch_irq_restore(): the pair nests, unlike a bare cli/sti.
 */
static inline uint64_t arch_irq_save(void)
{
	uint64_t flags = arch_read_rflags();

	arch_irq_disable();
	return flags;
}

static inline void arch_irq_restore(uint64_t flags)
{
	if (flags & ARCH_RFLAGS_IF)
		arch_irq_enable();
}

/*
 * Enable interrupts and halt until one arrives, with no window between the
 * two in which an interrupt could be taken and the halt then sleep past it
 * (sti delays interrupts by one instruction). Returns with interrupts
 * enabled, after the handler has run: for idle and wait loops.
 */
static inline void arch_irq_enable_and_halt_native(void)
{
	__asm__ volatile("sti; hlt" : : : "memory");
}

/* In a trust domain the host halts the vCPU for it (tdx/pv.h). */
static inline void arch_irq_enable_and_halt(void)
{
	if (arch_tdx_pv_on(ARCH_TDX_PV_HLT))
		arch_tdx_safe_halt();
	else
		arch_irq_enable_and_halt_native();
}

#endif /* ARCH_X86_64_IRQ_FLAGS_H */
