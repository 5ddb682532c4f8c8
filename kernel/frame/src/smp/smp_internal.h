/* SPDX-License-Identifier: MIT */
/* Frame-internal SMP: starting the APs, TLB shootdown. */
#ifndef SMP_SMP_INTERNAL_H
#define SMP_SMP_INTERNAL_H

#include <frame/smp.h>
#include <frame/types.h>

/*
 * smp_init() - start every AP the MADT lists (INIT-SIPI-SIPI through the
 * trampoline of arch/x86_64/boot/ap_boot.h), each with its per-CPU area, GDT,
 * IDT, FPU, syscall MSRs, local APIC, tick and idle task. Called by boot
 * after sched_init(), with interrupts on. An AP that does not come up
 * within a second is logged and left out.
 */
void smp_init(void);

/*
 * smp_tlb_shootdown() - after a local flush of [@lo, @hi) (kernel
 * mappings when @global, else those of the page tables rooted at
 * @root_pa), make every other online CPU flush it too, and wait. Any
 * context; called by mm/pt.c's walk_commit().
 */
void smp_tlb_shootdown(uint64_t lo, uint64_t hi, bool global, uint64_t root_pa);

/* smp_tlb_poll() - serve a pending shootdown now (spinning code calls it). */
void smp_tlb_poll(void);

/* smp_tlb_init() - claim the shootdown vector. */
void smp_tlb_init(void);

/* smp_calls_init() - claim the call vector. */
void smp_calls_init(void);

struct arch_percpu;

/* The per-CPU area of online CPU @cpu (NULL if none), and registering it. */
struct arch_percpu *smp_percpu_of(int cpu);
void smp_register_cpu(int cpu, struct arch_percpu *pc);

/* Statistics for tests. */
uint64_t smp_tlb_shootdowns(void);

#endif /* SMP_SMP_INTERNAL_H */
