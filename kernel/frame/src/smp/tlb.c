/* SPDX-License-Identifier: MIT */
/* TLB shootdown: making other CPUs forget translations this one changed. */
#include "smp/smp_internal.h"

#include <frame/panic.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/apic/lapic.h"
#include "arch/x86_64/mmu/mmu.h"
#include "arch/x86_64/cpu/percpu.h"
#include "arch/x86_64/trap/vectors.h"
#include "irq/irq.h"

/*
 * One shootdown at a time, under shootdown_lock: the initiator writes the
 * request, sets tlb_pending in each other online CPU's area, sends the
 * IPI and waits until every flag is clear. The initiator may hold other
 * spinlocks with interrupts off (mm/pt.c runs under the page-table lock),
 * and a target may be spinning for one of them with interrupts off, unable
 * to take the IPI; so every spinning loop (frame_spin_lock(), and the wait
 * for shootdown_lock here) polls its own flag and serves the request. A
 * CPU waiting in any other way with interrupts off must not be a target
 * for long; there is no such wait in the frame.
 *
 * Without PCIDs, loading CR3 drops every non-global translation, so only
 * the CPUs whose CR3 holds the changed user tables need to flush; the
 * check is the target's, against its own CR3.
 */
static struct {
	uint64_t lo, hi, root;
	bool global;
} request;
static bool shootdown_busy;
static uint64_t shootdowns;

void smp_tlb_poll(void)
{
	struct arch_percpu *pc = arch_percpu_this();

	if (!__atomic_load_n(&pc->tlb_pending, __ATOMIC_ACQUIRE))
		return;
	if (request.global)
		arch_tlb_flush_range(request.lo, request.hi, true);
	else if ((arch_read_cr3() & ~0xfffull) == request.root)
		arch_tlb_flush_range(request.lo, request.hi, false);
	__atomic_store_n(&pc->tlb_pending, 0, __ATOMIC_RELEASE);
}

static void shootdown_ipi(struct arch_trap_frame *frame)
{
	(void)frame;
	smp_tlb_poll();
}

void smp_tlb_shootdown(uint64_t lo, uint64_t hi, bool global, uint64_t root_pa)
{
	int n = smp_cpu_count(), self;
	uint64_t flags;

	if (n <= 1 || lo == hi)
		return;
	flags = arch_irq_save();
	/* Not frame_spin_lock(): this must not count as a held spinlock
	 * and must serve requests while it waits. */
	while (__atomic_exchange_n(&shootdown_busy, true, __ATOMIC_ACQUIRE)) {
		smp_tlb_poll();
		arch_cpu_relax();
	}
	self = (int)arch_percpu_this()->cpu;
	request.lo = lo;
	request.hi = hi;
	request.global = global;
	request.root = root_pa;
	for (int i = 0; i < n; i++) {
		struct arch_percpu *pc = smp_percpu_of(i);

		if (i == self || !pc)
			continue;
		__atomic_store_n(&pc->tlb_pending, 1, __ATOMIC_RELEASE);
		arch_lapic_send_ipi(pc->apic_id, ARCH_VECTOR_TLB_SHOOTDOWN);
	}
	for (int i = 0; i < n; i++) {
		struct arch_percpu *pc = smp_percpu_of(i);

		if (i == self || !pc)
			continue;
		while (__atomic_load_n(&pc->tlb_pending, __ATOMIC_ACQUIRE))
			arch_cpu_relax();
	}
	__atomic_fetch_add(&shootdowns, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&shootdown_busy, false, __ATOMIC_RELEASE);
	arch_irq_restore(flags);
}

uint64_t smp_tlb_shootdowns(void)
{
	return __atomic_load_n(&shootdowns, __ATOMIC_RELAXED);
}

void smp_tlb_init(void)
{
	BUG_ON(irq_set_system_handler(ARCH_VECTOR_TLB_SHOOTDOWN,
				      shootdown_ipi));
}
