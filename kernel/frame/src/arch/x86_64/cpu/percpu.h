/* SPDX-License-Identifier: MIT */
/* The per-CPU area: each CPU's TSS, GDT and entry-path state, via GS. */
#ifndef ARCH_X86_64_PERCPU_H
#define ARCH_X86_64_PERCPU_H

#include "arch/x86_64/layout.h"

/*
 * Every CPU owns one struct arch_percpu. While the CPU runs kernel code its
 * GS base (MSR_GS_BASE) points at it, so the entry code reaches it as
 * %gs:PCPU_* and C code through arch_percpu_this(). While it runs user
 * code, SWAPGS has exchanged GS_BASE with MSR_KERNEL_GS_BASE, which then
 * holds the area and GS_BASE the user's own base. Every entry from user
 * mode executes SWAPGS first and every exit last; nothing else does.
 *
 * Byte offsets, for assembly; C checks them against the struct.
 */
#define PCPU_SELF	0
#define PCPU_KERNEL_RSP 8  /* stack top for entries from user mode */
#define PCPU_USER_RSP	16 /* scratch: the user's RSP during SYSCALL */
#define PCPU_UCTX	24 /* the context in user mode on this CPU */
#define PCPU_TSS	64
#define TSS_RSP0	4 /* offset of rsp[0] in the TSS */

#ifndef __ASSEMBLER__

#include <frame/compiler.h>
#include <frame/types.h>

#include "irq/irq.h"

struct uctx;
struct sched_cpu;
struct vm_as;

/* The 64-bit TSS (Intel SDM vol. 3, "Task Management in 64-bit Mode"). */
struct arch_tss {
	uint32_t reserved0;
	uint64_t rsp[3]; /* stacks for privilege changes to rings 0-2 */
	uint64_t reserved1;
	uint64_t ist[7]; /* interrupt stack table, IST1..IST7 */
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

/*
 * One CPU's area. The fields above @tss are the entry code's, at the fixed
 * offsets above; add new fields after @gdt.
 */
struct arch_percpu {
	struct arch_percpu *self; /* %gs:0, so C can find the area */
	/*
	 * Where the next entry from user mode builds its trap frame: the
	 * kernel stack of the umode_run() that entered user mode, just below
	 * what it saved. tss.rsp[0] holds the same value for the CPU's use.
	 */
	uint64_t kernel_rsp;
	uint64_t user_rsp;
	struct uctx *uctx; /* set only while this CPU is in user mode */
	uint32_t cpu;	   /* index, 0 for the boot CPU */
	uint32_t reserved;
	/* Which context's extended state the FPU registers hold (fpu_id). */
	uint64_t fpu_owner;
	/* What FS_BASE and KERNEL_GS_BASE hold for user mode now. */
	uint64_t user_fs_base, user_gs_base;
	struct arch_tss tss __aligned(16);
	uint64_t gdt[GDT_ENTRIES] __aligned(16);
	/* Top of the stack that double faults switch to (IST1). */
	uint64_t double_fault_stack_top;
	/*
	 * Spinlocks held on this CPU (sync/spinlock.c): no preemption while
	 * it is not 0. Changed only by this CPU, one instruction at a time,
	 * so interrupts see it consistent.
	 */
	uint32_t preempt_count;
	uint32_t apic_id;
	struct sched_cpu *sched; /* this CPU's run queue (task/sched.c) */
	struct vm_as *space;	 /* the address space CR3 holds (mm) */
	struct irq_cpu irq;	 /* interrupt nesting, bottom halves */
	uint64_t tick_next_ns;	 /* an AP's next tick (time/timer.c) */
	/* Pending TLB shootdown for this CPU (smp/tlb.c), polled by spins. */
	uint32_t tlb_pending;
};

#define PCPU_TLB_PENDING __builtin_offsetof(struct arch_percpu, tlb_pending)

#define PCPU_PREEMPT_COUNT __builtin_offsetof(struct arch_percpu, preempt_count)

BUILD_BUG_ON(sizeof(struct arch_tss) != 104);
BUILD_BUG_ON(__builtin_offsetof(struct arch_percpu, self) != PCPU_SELF);
BUILD_BUG_ON(__builtin_offsetof(struct arch_percpu, kernel_rsp) !=
	     PCPU_KERNEL_RSP);
BUILD_BUG_ON(__builtin_offsetof(struct arch_percpu, user_rsp) != PCPU_USER_RSP);
BUILD_BUG_ON(__builtin_offsetof(struct arch_percpu, uctx) != PCPU_UCTX);
BUILD_BUG_ON(__builtin_offsetof(struct arch_percpu, tss) != PCPU_TSS);
BUILD_BUG_ON(__builtin_offsetof(struct arch_tss, rsp) != TSS_RSP0);

/*
 * arch_percpu_boot_init() - set up the boot CPU's area and load it
 *
 * Called first thing by arch_cpu_init(): the GDT (the TSS lives in the
 * area) and everything after it need it. Returns the area.
 */
struct arch_percpu *arch_percpu_boot_init(void);

/*
 * arch_percpu_load() - make @pc this CPU's area: GS_BASE = @pc, and
 * KERNEL_GS_BASE = 0 (the user's GS base until a context sets one)
 *
 * For a secondary CPU, the SMP code allocates a zeroed area (16-byte
 * aligned), sets @cpu and @double_fault_stack_top, calls this, then
 * arch_gdt_init(pc) and the per-CPU setup of the FPU and user mode
 * (arch_fpu_cpu_init(), arch_umode_cpu_init()).
 */
void arch_percpu_load(struct arch_percpu *pc);

/* arch_percpu_this() - this CPU's area; kernel mode only (GS swapped in) */
static inline struct arch_percpu *arch_percpu_this(void)
{
	struct arch_percpu *pc;

	__asm__ volatile("movq %%gs:%c1, %0" : "=r"(pc) : "i"(PCPU_SELF));
	return pc;
}

/* The spinlock depth, via GS so that no pointer to the area is needed. */
static inline void arch_preempt_inc(void)
{
	__asm__ volatile("incl %%gs:%c0" : : "i"(PCPU_PREEMPT_COUNT) : "memory");
}

static inline void arch_preempt_dec(void)
{
	__asm__ volatile("decl %%gs:%c0" : : "i"(PCPU_PREEMPT_COUNT) : "memory");
}

/* Whether another CPU waits for this one to flush its TLB. */
static inline bool arch_tlb_pending(void)
{
	uint32_t v;

	__asm__ volatile("movl %%gs:%c1, %0"
			 : "=r"(v)
			 : "i"(PCPU_TLB_PENDING)
			 : "memory");
	return v != 0;
}

static inline uint32_t arch_preempt_count(void)
{
	uint32_t v;

	__asm__ volatile("movl %%gs:%c1, %0"
			 : "=r"(v)
			 : "i"(PCPU_PREEMPT_COUNT)
			 : "memory");
	return v;
}

#endif /* __ASSEMBLER__ */

#endif /* ARCH_X86_64_PERCPU_H */
