/* SPDX-License-Identifier: MIT */
/* Inside a user context, and the entry code that switches to and from it. */
#ifndef ARCH_X86_64_UCTX_H
#define ARCH_X86_64_UCTX_H

/*
 * The vector that the SYSCALL entry writes into the trap frame it builds:
 * above the 256 of the IDT, so no interrupt or exception can have it.
 */
#define UMODE_VECTOR_SYSCALL 0x100

/* Offsets of every register in struct arch_trap_frame, for the entry code
 * (uctx.c checks them). */
#define UF_R15	  0
#define UF_R14	  8
#define UF_R13	  16
#define UF_R12	  24
#define UF_R11	  32
#define UF_R10	  40
#define UF_R9	  48
#define UF_R8	  56
#define UF_RBP	  64
#define UF_RDI	  72
#define UF_RSI	  80
#define UF_RDX	  88
#define UF_RCX	  96
#define UF_RBX	  104
#define UF_RAX	  112
#define UF_VECTOR 120
#define UF_RIP	  136
#define UF_CS	  144
#define UF_RFLAGS 152
#define UF_RSP	  160
#define UF_SIZE	  176

#ifndef __ASSEMBLER__

#include <frame/umode.h>

#include "arch/x86_64/trap/trap_frame.h"

/*
 * How often each way back to user mode was taken, kept for the whole
 * machine (umode_stats) and per context (uctx.stats), which is what the
 * tests read: the machine's counts move whenever any CPU enters user mode.
 * @interrupts counts the re-entries umode_test_run() made after an
 * interrupt, each an IRETQ the program did not cause.
 */
struct umode_stats {
	uint64_t sysret, iret, noncanonical, interrupts;
};

extern struct umode_stats umode_stats;

/*
 * @regs is laid out as the trap frame that every entry from user mode
 * builds on the kernel stack, and is copied from it whole; its vector and
 * error code say how the last run ended. The FPU image is a separate,
 * 64-byte aligned allocation of arch_fpu.size bytes.
 */
struct uctx {
	struct arch_trap_frame regs;
	uint64_t fault_addr; /* CR2, when the last run ended in a #PF */
	uint64_t fs_base, gs_base;
	void *fpu;
	/*
	 * A number that names the FPU image's content: a fresh one whenever
	 * the image changes other than by the CPU saving it. With
	 * arch_percpu.fpu_owner it says whether a CPU's registers still hold
	 * this image, so that loading it can be skipped.
	 */
	uint64_t fpu_id;
	uint32_t fpu_cpu; /* the CPU that last loaded the image */
	bool running;
	struct umode_stats stats; /* this context's share of umode_stats */
	uintptr_t handle;	  /* what services hold (lib/handle.h) */
};

/* The context behind a service's handle; a stale one panics, naming
 * @what. */
struct uctx *uctx_of(const struct uctx *h, const char *what);

/* Whether @va is canonical with 48-bit virtual addresses (4-level paging). */
static inline bool arch_va_canonical(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

/*
 * arch_umode_enter() - load @regs and enter user mode (umode_entry.S)
 *
 * With @sysret, through SYSRET, which restores RIP from RCX and RFLAGS
 * from R11, so the caller must have checked that the context's RCX equals
 * its RIP and R11 its RFLAGS, that RIP is canonical, and that no flag
 * needs IRETQ (TF, RF); else through IRETQ. Saves the callee-saved
 * registers, points this CPU's kernel_rsp and TSS.RSP0 just below them,
 * and returns when the next entry from user mode has been recorded by
 * arch_umode_trap_save(). Interrupts must be off, the context's FPU
 * state and segment bases loaded, and KERNEL_GS_BASE the user's GS base.
 */
void arch_umode_enter(const struct arch_trap_frame *regs, bool sysret);

/*
 * arch_umode_trap_save() - called by the entry code on every exit from
 * user mode (SYSCALL, exceptions, interrupts other than NMI) with the
 * trap frame it built, on the stack of the umode_run() that is under way
 *
 * Copies the user's state into this CPU's running context, then serves an
 * interrupt or panics on a machine check or double fault. Interrupts off.
 */
void arch_umode_trap_save(struct arch_trap_frame *frame);

/* Where SYSCALL enters the kernel (MSR_LSTAR; umode_entry.S). */
void arch_syscall_entry(void);

/* arch_umode_cpu_init() - SYSCALL's MSRs and EFER.SCE for this CPU */
void arch_umode_cpu_init(void);

#endif /* __ASSEMBLER__ */

#endif /* ARCH_X86_64_UCTX_H */
