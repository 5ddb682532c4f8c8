/* SPDX-License-Identifier: MIT */
/* Frame-internal interrupt plumbing: init, dispatch, system vectors, hooks. */
#ifndef IRQ_IRQ_H
#define IRQ_IRQ_H

#include <frame/irq.h>
#include <frame/types.h>

#include "arch/x86_64/trap/trap_frame.h"
#include "sync/spinlock.h"

/*
 * irq_init() - find the interrupt topology (ACPI MADT), set up the local
 * APIC (x2APIC when the CPU has it) and the I/O APICs (every pin masked),
 * and claim the frame's own vectors. Interrupts stay off; boot turns them
 * on once time_init() has the tick running. Called once, after mm_init().
 */
void irq_init(void);

/*
 * irq_dispatch() - handle interrupt vector @frame->vector (32..255)
 *
 * Called through arch_trap_call_handler() with interrupts off, for
 * interrupts taken in kernel mode (arch_trap_dispatch()) and in user mode
 * (umode.c). Counts the vector, runs its owner (a device line's hard
 * handler, a system handler) or counts it as spurious or unknown, sends
 * the EOI (for an unknown vector only when the APIC has it in service),
 * then, unless the interrupt came in on top of a hard handler or bottom
 * half, runs pending bottom halves with interrupts on, and finally the
 * preemption hook below. Never fails: an interrupt nothing owns is
 * dropped.
 */
void irq_dispatch(struct arch_trap_frame *frame);

/*
 * A frame-internal vector's handler (the timer, IPIs). It runs as a hard
 * handler; the dispatcher sends the EOI after it returns.
 */
typedef void (*irq_system_handler_t)(struct arch_trap_frame *frame);

/*
 * irq_set_system_handler() - own a vector of the system range
 * (ARCH_VECTOR_SYSTEM_FIRST..0xfd, see arch/x86_64/trap/vectors.h). 0; -EINVAL
 * outside that range or for a NULL @fn; -EBUSY when it has an owner. For
 * the SMP work's IPIs (reschedule, TLB shootdown) among others.
 */
int irq_set_system_handler(unsigned int vector, irq_system_handler_t fn);

/*
 * The preemption hook: where a scheduler acts on what its tick hook
 * (time/time.h) decided. fn(frame) is called at the very end of
 * irq_dispatch(), with interrupts off, after the EOI and the bottom
 * halves, and only when the interrupt returns to *task* context: not
 * nested in a hard handler or a bottom half (those resume first). So it
 * may switch to another context and come back much later, or never: the
 * dispatcher keeps no state across it. Passing NULL removes it. Set it
 * once at boot: changing it while another CPU dispatches is not
 * synchronized.
 *
 * Interrupts taken in user mode come here too: trap_entry.S sends every
 * trap from user mode to umode.c, which saves the whole user context and
 * calls arch_trap_call_handler(), which hands vectors from 0x20 up to
 * irq_dispatch(); then umode_run() reports UMODE_INTERRUPT to the service
 * that ran the context. That decision is umode.c's alone; here @frame is
 * the saved user frame (frame->cs & 3), and changes to it are ignored.
 */
typedef void (*irq_return_hook_t)(struct arch_trap_frame *frame);
void irq_set_preempt_hook(irq_return_hook_t fn);
/* The hook set now (the scheduler's after boot), so a test can chain it. */
irq_return_hook_t irq_preempt_hook(void);

/*
 * Per-CPU interrupt state. Today there is one instance, the boot CPU's;
 * the SMP work makes irq_this_cpu() return the calling CPU's (from its
 * per-CPU area), and nothing else here changes. Only the owning CPU
 * touches the counters, with interrupts off or from its own handlers; the
 * bottom-half queue has a lock so that other CPUs may one day defer work
 * here.
 */
struct irq_cpu {
	unsigned int hardirq_depth; /* inside irq_dispatch()'s hard part */
	unsigned int bh_disable;    /* frame_bh_disable() nesting */
	bool in_bh;		    /* running bottom halves */
	bool from_user; /* the outermost interrupt came from user mode */
	struct irq_line *current_line; /* whose hard handler runs */
	struct frame_spinlock bh_lock;
	struct frame_work *bh_head, *bh_tail; /* FIFO of pending work */
};

struct irq_cpu *irq_this_cpu(void);

/* Whether the calling CPU is in a hard handler, in a bottom half. */
bool irq_in_hardirq(void);
bool irq_in_bh(void);

/*
 * For irq_dispatch() (irq/bh.c): run the pending bottom halves if the
 * calling CPU may (not nested, not disabled). Interrupts off on entry and
 * on return, on in between.
 */
void irq_bh_run(struct irq_cpu *cpu);

/* irq_bh_init() - claim the kick vector; called by irq_init() */
void irq_bh_init(void);

/* irq_line_vector() - the vector behind @line, for frame code and ktests */
unsigned int irq_line_vector(const struct irq_line *line);

/* For the ktests: the APIC ID that device lines are delivered to. */
uint32_t irq_boot_cpu_apic_id(void);

/* The counter behind irq_stats.bottom_halves, for irq/bh.c. */
void irq_stats_count_bh(void);

#endif /* IRQ_IRQ_H */
