/* SPDX-License-Identifier: MIT */
/* How the frame divides the 256 interrupt vectors. */
#ifndef ARCH_X86_64_VECTORS_H
#define ARCH_X86_64_VECTORS_H

/*
 * 0x00 .. 0x1f   CPU exceptions (trap.c)
 * 0x20 .. 0x2f   the legacy PICs after arch_pic_disable(): every line is
 *                masked, but an 8259 can still raise a spurious IRQ 7 or
 *                15 here; such arrivals are counted as spurious
 * 0x30 .. 0xdf   device lines (irq/irq.c hands them out one by one, to
 *                I/O APIC pins and MSIs)
 * 0xe0 .. 0xfd   frame-internal vectors with fixed purposes, below
 * 0xfe           the local APIC's error interrupt
 * 0xff           the local APIC's spurious vector
 *
 * The local APIC prioritizes by the vector's top four bits, so the frame's
 * own vectors sit above every device line: the timer and IPIs are never
 * held up behind a device. Vectors 0x00-0x0f are not deliverable as
 * interrupts at all.
 */
#define ARCH_VECTOR_EXCEPTIONS_END 0x20
#define ARCH_VECTOR_PIC_FIRST	   0x20
#define ARCH_VECTOR_PIC_LAST	   0x2f
#define ARCH_VECTOR_DEVICE_FIRST   0x30
#define ARCH_VECTOR_DEVICE_LAST	   0xdf
#define ARCH_VECTOR_SYSTEM_FIRST   0xe0

/* The local APIC timer: the tick and one-shot timers (time/timer.c). */
#define ARCH_VECTOR_TIMER 0xec
/* A self-IPI that runs pending bottom halves soon (irq/bh.c). */
#define ARCH_VECTOR_BH_KICK 0xed
/* Inter-processor interrupts (task/sched.c, smp/smp.c). */
#define ARCH_VECTOR_RESCHED	 0xe0 /* run the scheduler on return */
#define ARCH_VECTOR_CALL	 0xe1 /* run queued cross-CPU calls */
#define ARCH_VECTOR_TLB_SHOOTDOWN 0xe2 /* flush TLB entries */
/*
 * task_interrupt()'s IPI, which ends a run of user code (task/sched.c).
 * Above the timer, so that when both are pending the kick is taken first
 * and umode_run() reports it as what ended the run.
 */
#define ARCH_VECTOR_KICK 0xf0
/* Free: 0xe3 .. 0xeb and 0xf1 .. 0xfd. */

#define ARCH_VECTOR_APIC_ERROR 0xfe
#define ARCH_VECTOR_SPURIOUS   0xff

#define ARCH_VECTOR_DEVICE_COUNT \
	(ARCH_VECTOR_DEVICE_LAST - ARCH_VECTOR_DEVICE_FIRST + 1)

#endif /* ARCH_X86_64_VECTORS_H */
