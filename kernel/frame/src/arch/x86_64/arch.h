/* SPDX-License-Identifier: MIT */
/* The x86-64 CPU setup and trap handling that the rest of the frame uses. */
#ifndef ARCH_X86_64_ARCH_H
#define ARCH_X86_64_ARCH_H

#include <frame/types.h>

#include "arch/x86_64/trap/trap_frame.h"

/*
 * arch_cpu_init() - load the final GDT and TSS, the IDT, and silence the
 * legacy PIC; after this every exception reaches arch_trap_dispatch()
 */
void arch_cpu_init(void);

struct arch_percpu;

/* arch_gdt_init() - load @pc's GDT (kernel and user segments) and TSS */
void arch_gdt_init(struct arch_percpu *pc);
void arch_idt_init(void);
/* arch_idt_load() - load the (shared, built) IDT on this CPU; for APs */
void arch_idt_load(void);
void arch_pic_disable(void);

/*
 * arch_umode_init() - make the boot CPU ready for user mode: the FPU state
 * user code may use (SSE, and XSAVE with AVX where present) and the
 * SYSCALL entry; called by frame_boot_main() once memory is up
 */
void arch_umode_init(void);

/*
 * A trap handler returns true when it has dealt with the trap, and the
 * interrupted code resumes (at frame->rip, which the handler may change);
 * false sends the trap on to the default, which reports and panics.
 */
typedef bool (*arch_trap_handler_t)(struct arch_trap_frame *frame);

/*
 * arch_trap_set_handler() - route @vector to @fn
 *
 * Returns 0; -EINVAL for a vector above 255; -EBUSY when another handler
 * holds the vector. Exceptions that must never resume (double fault,
 * machine check) cannot be taken: -EPERM.
 */
int arch_trap_set_handler(unsigned int vector, arch_trap_handler_t fn);

/* arch_trap_clear_handler() - back to the default for @vector */
void arch_trap_clear_handler(unsigned int vector);

/* arch_trap_name() - "page fault", "breakpoint", ..., or "interrupt" */
const char *arch_trap_name(unsigned int vector);

/*
 * Called by trap_entry.S for every vector taken in kernel mode, and for
 * NMIs taken in user mode; the frame is on the stack. Other traps from
 * user mode go to umode.c instead (they end the user context's run).
 */
void arch_trap_dispatch(struct arch_trap_frame *frame);

/*
 * arch_trap_call_handler() - run the handler registered for
 * frame->vector, if any; returns what it returned, false without one
 *
 * The path for interrupts that arrive in user mode: umode.c calls it so
 * that the device is served (and acknowledged) before umode_run() reports
 * the interrupt to its caller. Whatever the handler changes in @frame is
 * ignored there: the user context was saved before.
 */
bool arch_trap_call_handler(struct arch_trap_frame *frame);

#endif /* ARCH_X86_64_ARCH_H */
