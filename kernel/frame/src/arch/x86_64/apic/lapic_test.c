/* SPDX-License-Identifier: MIT */
/* ktests for the local APIC: mode, identity, IPIs to itself. */
#include "arch/x86_64/apic/lapic.h"

#include <frame/boot.h>
#include <frame/irq.h>
#include <frame/ktest.h>
#include <frame/smp.h>
#include <frame/task.h>
#include <frame/time.h>

#include "arch/x86_64/cpu/cpu.h"
#include "irq/irq.h"

#define CPUID1_ECX_X2APIC (1u << 21)

KTEST(lapic_present_and_enabled)
{
	KT_ASSERT(arch_lapic_enabled());
	/* Interrupts are on once boot is done: ktests run with them. */
	KT_ASSERT(arch_irqs_enabled());
}

KTEST(lapic_uses_x2apic_when_the_cpu_has_it)
{
	bool cpu_has = arch_cpuid(1, 0).ecx & CPUID1_ECX_X2APIC;

	if (frame_cmdline_has("nox2apic"))
		KT_ASSERT(!arch_lapic_x2apic());
	else
		KT_ASSERT_EQ(arch_lapic_x2apic(), cpu_has);
	/* The xAPIC page is where the MSR says, normally the default. */
	KT_ASSERT_NE(arch_lapic_base(), 0);
}

KTEST(lapic_id_matches_cpuid)
{
	uint32_t initial, id;
	int cpu;

	/* Both reads on one CPU: the test task may run on any. */
	task_pin(task_current(), true);
	cpu = task_current_cpu();
	initial = arch_cpuid(1, 0).ebx >> 24;
	if (arch_lapic_x2apic() && arch_cpuid(0, 0).eax >= 0xb)
		initial = arch_cpuid(0xb, 0).edx; /* the full x2APIC ID */
	id = arch_lapic_id();
	task_pin(task_current(), false);
	KT_ASSERT_EQ(id, initial);
	/* The boot CPU is CPU 0, whose ID the frame kept at boot. */
	if (cpu == 0)
		KT_ASSERT_EQ(irq_boot_cpu_apic_id(), id);
	else
		KT_ASSERT_NE(irq_boot_cpu_apic_id(), id);
}

static unsigned int ipi_hits;

static void count_ipi(struct irq_handler *h, struct irq_line *line)
{
	(void)h;
	(void)line;
	__atomic_fetch_add(&ipi_hits, 1, __ATOMIC_RELAXED);
}

static struct irq_handler ipi_handler = IRQ_HANDLER_INIT(count_ipi);

/*
 * The IPI path the SMP work will use: a fixed IPI addressed to an APIC ID
 * (here this CPU's own), not the self shorthand.
 */
KTEST(lapic_ipi_by_apic_id_arrives)
{
	struct irq_line *line;
	uint64_t start;

	KT_ASSERT_OK(irq_line_alloc(&line));
	ipi_hits = 0;
	KT_ASSERT_OK(irq_line_request(line, &ipi_handler));
	arch_lapic_send_ipi(arch_lapic_id(), irq_line_vector(line));
	start = frame_clock_monotonic_ns();
	while (!__atomic_load_n(&ipi_hits, __ATOMIC_RELAXED) &&
	       frame_clock_monotonic_ns() - start < FRAME_NSEC_PER_SEC)
		arch_irq_enable_and_halt();
	irq_line_free(line);
	KT_ASSERT_EQ(ipi_hits, 1);
}

KTEST(lapic_no_errors_so_far)
{
	struct irq_stats s;

	irq_stats_read(&s);
	KT_ASSERT_EQ(s.apic_errors, 0);
	KT_ASSERT_EQ(arch_lapic_error_status(), 0);
}

static struct {
	bool enabled;
	uint32_t id;
} cpu_apic[8];

/* On each CPU: its APIC is in the chosen mode, with its own ID. */
static void probe_cpu_apic(struct smp_call *call)
{
	int cpu = smp_this_cpu();

	(void)call;
	if (cpu < 0 || (size_t)cpu >= ARRAY_SIZE(cpu_apic))
		return;
	/* Enabled, software-enabled, and x2APIC exactly when the boot CPU
	 * is: an AP leaves INIT in xAPIC mode and must switch itself. */
	cpu_apic[cpu].enabled = arch_lapic_enabled();
	cpu_apic[cpu].id = arch_lapic_id();
}

KTEST(lapic_every_cpu_in_the_same_mode)
{
	int n = MIN(smp_cpu_count(), (int)ARRAY_SIZE(cpu_apic));

	struct smp_call call;

	smp_call_init(&call, probe_cpu_apic);
	for (int cpu = 0; cpu < n; cpu++) {
		cpu_apic[cpu].enabled = false;
		KT_ASSERT_OK(smp_call_on(cpu, &call, true));
		KT_ASSERT(cpu_apic[cpu].enabled);
		for (int other = 0; other < cpu; other++)
			KT_ASSERT_NE(cpu_apic[cpu].id, cpu_apic[other].id);
	}
}
