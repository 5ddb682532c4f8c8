/* SPDX-License-Identifier: MIT */
/* The local APIC: interrupt acceptance, EOI, IPIs and the timer, per CPU. */
#ifndef ARCH_X86_64_LAPIC_H
#define ARCH_X86_64_LAPIC_H

#include <frame/types.h>

/*
 * Every CPU has a local APIC; each function here acts on the calling
 * CPU's own, except arch_lapic_init(), which decides the mode for all.
 * x2APIC mode (MSR access, 32-bit IDs) is used when CPUID offers it and
 * the command line has no `nox2apic`; otherwise xAPIC mode through an
 * uncached mapping of the APIC page. Every CPU must use the same mode:
 * arch_lapic_init_cpu() switches each AP into it.
 */

/*
 * arch_lapic_init() - choose the mode, enable this (the boot) CPU's APIC
 * and set it up with arch_lapic_init_cpu(). Panics without an APIC (every
 * x86-64 CPU has one) or when its page cannot be mapped.
 */
void arch_lapic_init(void);

/*
 * arch_lapic_init_cpu() - set up the calling CPU's APIC: software-enabled
 * with ARCH_VECTOR_SPURIOUS as its spurious vector, task priority 0 (take
 * every vector), LINT0 masked (the 8259s are not used), LINT1 delivering
 * NMIs, errors on ARCH_VECTOR_APIC_ERROR, the timer and every other local
 * source masked, stale errors and interrupts cleared. For each AP too,
 * once the SMP code starts them.
 */
void arch_lapic_init_cpu(void);

/*
 * arch_lapic_enabled() - whether this CPU's APIC is enabled both globally
 * (IA32_APIC_BASE) and in software (the spurious vector register), with
 * ARCH_VECTOR_SPURIOUS as its spurious vector
 */
bool arch_lapic_enabled(void);

/* arch_lapic_x2apic() - whether the APICs run in x2APIC mode */
bool arch_lapic_x2apic(void);

/* arch_lapic_id() - the calling CPU's APIC ID (8 bits in xAPIC mode) */
uint32_t arch_lapic_id(void);

/* arch_lapic_base() - the physical address of the APIC page (xAPIC) */
uint64_t arch_lapic_base(void);

/* arch_lapic_eoi() - end the interrupt in service with the highest priority */
void arch_lapic_eoi(void);

/*
 * arch_lapic_in_service() - whether @vector is in service on this CPU
 *
 * A vector delivered by the APIC stays in service until its EOI; one
 * raised by an `int` instruction, and the APIC's own spurious interrupt,
 * never are. The dispatcher asks before ending vectors it does not know:
 * an EOI without an in-service vector would end another one.
 */
bool arch_lapic_in_service(unsigned int vector);

/*
 * arch_lapic_send_ipi() - a fixed, edge-triggered interrupt on @vector to
 * the CPU with APIC ID @apic_id (physical destination). Vectors below 16
 * are illegal (BUG). In xAPIC mode it waits until the APIC has accepted
 * the previous IPI, so it must not run with the ICR half-written by an
 * interrupted caller: it disables interrupts around the two writes.
 */
void arch_lapic_send_ipi(uint32_t apic_id, unsigned int vector);

/*
 * Starting an AP (the INIT-SIPI-SIPI sequence, Intel SDM vol. 3, "MP
 * Initialization"): arch_lapic_send_init() resets the CPU with APIC ID
 * @apic_id to wait for a STARTUP IPI; arch_lapic_send_startup() starts it
 * in real mode at the 4 KiB-aligned @page_pa below 1 MiB. The caller
 * waits between them as the SDM says.
 */
void arch_lapic_send_init(uint32_t apic_id);
void arch_lapic_send_startup(uint32_t apic_id, uint64_t page_pa);

/* arch_lapic_send_self_ipi() - arch_lapic_send_ipi() to the calling CPU */
void arch_lapic_send_self_ipi(unsigned int vector);

/* arch_lapic_error_status() - read (and so clear) the error status */
uint32_t arch_lapic_error_status(void);

/*
 * The timer, counting down at the APIC timer frequency (the bus or core
 * crystal clock divided by ARCH_LAPIC_TIMER_DIVIDE), which time/clock.c
 * measures. arch_lapic_timer_oneshot() interrupts once on
 * ARCH_VECTOR_TIMER after @count ticks (0 is taken as 1);
 * arch_lapic_timer_free_run() counts down from the maximum with the
 * interrupt masked, for calibration; arch_lapic_timer_stop() stops it.
 */
#define ARCH_LAPIC_TIMER_DIVIDE 16
void arch_lapic_timer_oneshot(uint32_t count);

/*
 * TSC-deadline mode: used when CPUID.1:ECX[24] offers it and the command
 * line has no `notscdeadline`. arch_lapic_timer_deadline() interrupts once
 * on ARCH_VECTOR_TIMER when the TSC reaches @tsc (at once for a value in
 * the past; 0 is taken as 1, since 0 would disarm), replacing any
 * one-shot count. Only when arch_lapic_tsc_deadline() (BUG otherwise).
 */
bool arch_lapic_tsc_deadline(void);
void arch_lapic_timer_deadline(uint64_t tsc);
void arch_lapic_timer_free_run(void);
void arch_lapic_timer_stop(void);
uint32_t arch_lapic_timer_current(void);

#endif /* ARCH_X86_64_LAPIC_H */
