/* SPDX-License-Identifier: MIT */
/* ktests for the I/O APIC: entry layout, routing a real device (the RTC). */
#include "arch/x86_64/apic/ioapic.h"

#include <frame/errno.h>
#include <frame/irq.h>
#include <frame/ktest.h>
#include <frame/time.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/acpi/madt.h"
#include "arch/x86_64/clock/rtc.h"
#include "irq/irq.h"

KTEST(ioapic_entry_layout)
{
	uint64_t rte = ioapic_rte_make(0x41, 3, true, true);

	KT_ASSERT_EQ(ioapic_rte_vector(rte), 0x41);
	KT_ASSERT_EQ(ioapic_rte_dest(rte), 3);
	KT_ASSERT(rte & IOAPIC_RTE_LEVEL);
	KT_ASSERT(rte & IOAPIC_RTE_ACTIVE_LOW);
	KT_ASSERT(rte & IOAPIC_RTE_MASKED);
	/* Fixed delivery, physical destination. */
	KT_ASSERT_EQ(rte & (IOAPIC_RTE_DELIVERY | IOAPIC_RTE_LOGICAL), 0);
	rte = ioapic_rte_make(0x30, 0, false, false);
	KT_ASSERT_EQ(rte & (IOAPIC_RTE_LEVEL | IOAPIC_RTE_ACTIVE_LOW), 0);
}

KTEST(ioapic_line_allocation_errors)
{
	struct irq_line *a, *b;

	KT_ASSERT_ERR(irq_line_alloc_isa(16, &a), -EINVAL);
	KT_ASSERT_ERR(irq_line_alloc_gsi(4, 1u << 5, &a), -EINVAL);
	KT_ASSERT_ERR(irq_line_alloc_gsi(arch_ioapic_pins() + 1000, 0, &a),
		      -ENODEV);
	KT_ASSERT_OK(irq_line_alloc_isa(ARCH_RTC_ISA_IRQ, &a));
	KT_ASSERT_ERR(irq_line_alloc_isa(ARCH_RTC_ISA_IRQ, &b), -EBUSY);
	KT_ASSERT_ERR(
		irq_line_alloc_gsi(arch_madt.isa[ARCH_RTC_ISA_IRQ].gsi, 0, &b),
		-EBUSY);
	/* A pin-backed line has no MSI message. */
	KT_ASSERT_ERR(irq_line_msi_message(a, &(struct irq_msi_message){ 0 }),
		      -EINVAL);
	irq_line_free(a);
	KT_ASSERT_OK(irq_line_alloc_isa(ARCH_RTC_ISA_IRQ, &b));
	irq_line_free(b);
}

static unsigned int rtc_hits;
static bool rtc_irqs_were_on;

static void rtc_interrupt(struct irq_handler *h, struct irq_line *line)
{
	(void)h;
	(void)line;
	rtc_hits += 1;
	rtc_irqs_were_on |= arch_irqs_enabled();
	arch_rtc_ack();
}

static struct irq_handler rtc_handler = IRQ_HANDLER_INIT(rtc_interrupt);

/*
 * A real device interrupt through the I/O APIC: the RTC's periodic
 * interrupt at 1024 Hz on ISA IRQ 8, routed, unmasked, taken, masked.
 */
KTEST(ioapic_delivers_rtc_interrupts)
{
	struct irq_line *line;
	uint32_t gsi = arch_madt.isa[ARCH_RTC_ISA_IRQ].gsi;
	uint64_t rte, start;
	unsigned int seen;

	KT_ASSERT_OK(irq_line_alloc_isa(ARCH_RTC_ISA_IRQ, &line));
	KT_ASSERT_OK(arch_ioapic_read_rte(gsi, &rte));
	KT_ASSERT(rte & IOAPIC_RTE_MASKED);
	KT_ASSERT_EQ(ioapic_rte_vector(rte), irq_line_vector(line));
	KT_ASSERT_EQ(ioapic_rte_dest(rte), irq_boot_cpu_apic_id());

	rtc_hits = 0;
	rtc_irqs_were_on = false;
	KT_ASSERT_OK(irq_line_request(line, &rtc_handler));
	KT_ASSERT_OK(arch_ioapic_read_rte(gsi, &rte));
	KT_ASSERT(!(rte & IOAPIC_RTE_MASKED));
	arch_rtc_periodic_start(6);
	start = frame_clock_monotonic_ns();
	while (__atomic_load_n(&rtc_hits, __ATOMIC_RELAXED) < 4 &&
	       frame_clock_monotonic_ns() - start < 2 * FRAME_NSEC_PER_SEC)
		arch_irq_enable_and_halt();
	arch_rtc_periodic_stop();
	irq_line_release(line);
	seen = __atomic_load_n(&rtc_hits, __ATOMIC_RELAXED);
	KT_ASSERT_OK(arch_ioapic_read_rte(gsi, &rte));
	irq_line_free(line);

	KT_ASSERT_GE(seen, 4);
	KT_ASSERT(!rtc_irqs_were_on);
	KT_ASSERT(rte & IOAPIC_RTE_MASKED);
}
