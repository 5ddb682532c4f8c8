/* SPDX-License-Identifier: MIT */
/* The local APIC: interrupt acceptance, EOI, IPIs and the timer, per CPU. */
#include "arch/x86_64/apic/lapic.h"

#include <frame/boot.h>
#include <frame/compiler.h>
#include <frame/log.h>
#include <frame/panic.h>

#include "arch/x86_64/cpu/cpu.h"
#include "arch/x86_64/trap/vectors.h"
#include "mm/mm.h"

/* IA32_APIC_BASE (Intel SDM vol. 3, "Local APIC Status and Location"). */
#define MSR_APIC_BASE	  0x1b
#define APIC_BASE_EXTD	  (1ull << 10) /* x2APIC mode */
#define APIC_BASE_ENABLE  (1ull << 11)
#define APIC_BASE_ADDR(v) ((v)&0x000ffffffffff000ull)

#define CPUID1_EDX_APIC		(1u << 9)
#define CPUID1_ECX_X2APIC	(1u << 21)
#define CPUID1_ECX_TSC_DEADLINE (1u << 24)

/* The timer's deadline in TSC-deadline mode; 0 disarms it. */
#define MSR_TSC_DEADLINE 0x6e0

/*
 * Registers by their xAPIC MMIO offset; in x2APIC mode the same register
 * is MSR 0x800 + offset / 16 (Intel SDM vol. 3, "x2APIC Register Address
 * Space"), except that the ICR is one 64-bit MSR there.
 */
enum lapic_reg {
	LAPIC_ID = 0x020,
	LAPIC_VERSION = 0x030,
	LAPIC_TPR = 0x080,
	LAPIC_EOI = 0x0b0,
	LAPIC_SVR = 0x0f0,
	LAPIC_ISR0 = 0x100, /* eight registers, 0x10 apart, 32 vectors each */
	LAPIC_ESR = 0x280,
	LAPIC_LVT_CMCI = 0x2f0,
	LAPIC_ICR_LOW = 0x300,
	LAPIC_ICR_HIGH = 0x310,
	LAPIC_LVT_TIMER = 0x320,
	LAPIC_LVT_THERMAL = 0x330,
	LAPIC_LVT_PERF = 0x340,
	LAPIC_LVT_LINT0 = 0x350,
	LAPIC_LVT_LINT1 = 0x360,
	LAPIC_LVT_ERROR = 0x370,
	LAPIC_TIMER_INITIAL = 0x380,
	LAPIC_TIMER_CURRENT = 0x390,
	LAPIC_TIMER_DIVIDE = 0x3e0,
};

#define X2APIC_MSR_BASE 0x800
#define X2APIC_MSR_ICR	0x830

#define SVR_ENABLE (1u << 8)

/* LVT entries. */
#define LVT_MASKED	       (1u << 16)
#define LVT_DELIVERY_NMI       (4u << 8)
#define LVT_TIMER_ONESHOT      (0u << 17)
#define LVT_TIMER_TSC_DEADLINE (2u << 17)

/* The interrupt command register's low word. */
#define ICR_DELIVERY_FIXED   (0u << 8)
#define ICR_DELIVERY_PENDING (1u << 12) /* xAPIC only */
#define ICR_LEVEL_ASSERT     (1u << 14)
#define ICR_DEST_SELF	     (1u << 18)

/* The divide configuration register's encoding of divide-by-16. */
#define TIMER_DIVIDE_16 0x3u
BUILD_BUG_ON(ARCH_LAPIC_TIMER_DIVIDE != 16);

/* Version register: the highest LVT entry index is in bits 16-23. */
#define VERSION_MAX_LVT(v) (((v) >> 16) & 0xffu)
#define LVT_INDEX_CMCI	   6

static bool x2apic, tsc_deadline;
static uint64_t lapic_phys;
static volatile uint32_t *lapic_mmio;

static uint32_t lapic_read(enum lapic_reg reg)
{
	if (x2apic)
		return (uint32_t)arch_rdmsr(X2APIC_MSR_BASE + (reg >> 4));
	return lapic_mmio[reg / 4];
}

static void lapic_write(enum lapic_reg reg, uint32_t v)
{
	if (x2apic)
		arch_wrmsr(X2APIC_MSR_BASE + (reg >> 4), v);
	else
		lapic_mmio[reg / 4] = v;
}

bool arch_lapic_enabled(void)
{
	uint64_t base = arch_rdmsr(MSR_APIC_BASE);
	uint32_t svr;

	if (!(base & APIC_BASE_ENABLE) || !!(base & APIC_BASE_EXTD) != x2apic)
		return false;
	svr = lapic_read(LAPIC_SVR);
	return (svr & SVR_ENABLE) && (svr & 0xffu) == ARCH_VECTOR_SPURIOUS;
}

bool arch_lapic_x2apic(void)
{
	return x2apic;
}

uint64_t arch_lapic_base(void)
{
	return lapic_phys;
}

uint32_t arch_lapic_id(void)
{
	uint32_t id = lapic_read(LAPIC_ID);

	return x2apic ? id : id >> 24;
}

void arch_lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

bool arch_lapic_in_service(unsigned int vector)
{
	uint32_t isr;

	if (vector > 255)
		return false;
	isr = lapic_read((enum lapic_reg)(LAPIC_ISR0 + (vector / 32) * 0x10));
	return isr & (1u << (vector % 32));
}

uint32_t arch_lapic_error_status(void)
{
	/* A write latches the errors seen since the last one into ESR. */
	lapic_write(LAPIC_ESR, 0);
	return lapic_read(LAPIC_ESR);
}

/* Write the ICR: @dest is an APIC ID (ignored with a shorthand). */
static void lapic_send_icr(uint32_t dest, uint32_t low)
{
	uint64_t flags = arch_irq_save();

	/* The IPI must not overtake the caller's earlier stores. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (x2apic) {
		arch_wrmsr(X2APIC_MSR_ICR, (uint64_t)dest << 32 | low);
	} else {
		while (lapic_read(LAPIC_ICR_LOW) & ICR_DELIVERY_PENDING)
			arch_cpu_relax();
		lapic_write(LAPIC_ICR_HIGH, dest << 24);
		lapic_write(LAPIC_ICR_LOW, low);
	}
	arch_irq_restore(flags);
}

void arch_lapic_send_ipi(uint32_t apic_id, unsigned int vector)
{
	BUG_ON(vector < 16 || vector > 255);
	lapic_send_icr(apic_id, ICR_DELIVERY_FIXED | ICR_LEVEL_ASSERT | vector);
}

/* Delivery modes of the ICR (Intel SDM vol. 3, "Interrupt Command Register"). */
#define ICR_DELIVERY_INIT    (5u << 8)
#define ICR_DELIVERY_STARTUP (6u << 8)

void arch_lapic_send_init(uint32_t apic_id)
{
	lapic_send_icr(apic_id, ICR_DELIVERY_INIT | ICR_LEVEL_ASSERT);
}

void arch_lapic_send_startup(uint32_t apic_id, uint64_t page_pa)
{
	BUG_ON(page_pa & 0xfff || page_pa >= 0x100000);
	lapic_send_icr(apic_id, ICR_DELIVERY_STARTUP | ICR_LEVEL_ASSERT |
					(uint32_t)(page_pa >> 12));
}

void arch_lapic_send_self_ipi(unsigned int vector)
{
	BUG_ON(vector < 16 || vector > 255);
	lapic_send_icr(0, ICR_DEST_SELF | ICR_DELIVERY_FIXED |
				  ICR_LEVEL_ASSERT | vector);
}

void arch_lapic_timer_oneshot(uint32_t count)
{
	lapic_write(LAPIC_TIMER_DIVIDE, TIMER_DIVIDE_16);
	lapic_write(LAPIC_LVT_TIMER, LVT_TIMER_ONESHOT | ARCH_VECTOR_TIMER);
	/* Writing the initial count (re)starts the countdown. */
	lapic_write(LAPIC_TIMER_INITIAL, count ? count : 1);
}

bool arch_lapic_tsc_deadline(void)
{
	return tsc_deadline;
}

void arch_lapic_timer_deadline(uint64_t tsc)
{
	BUG_ON(!tsc_deadline);
	lapic_write(LAPIC_LVT_TIMER,
		    LVT_TIMER_TSC_DEADLINE | ARCH_VECTOR_TIMER);
	/*
	 * The mode switch must reach the APIC before the deadline does, or
	 * the MSR write is ignored (Intel SDM vol. 3, "TSC-Deadline Mode");
	 * in x2APIC mode the LVT write is a WRMSR that does not serialise.
	 */
	arch_wrmsr_fence();
	arch_wrmsr(MSR_TSC_DEADLINE, tsc ? tsc : 1);
}

void arch_lapic_timer_free_run(void)
{
	lapic_write(LAPIC_TIMER_DIVIDE, TIMER_DIVIDE_16);
	lapic_write(LAPIC_LVT_TIMER,
		    LVT_MASKED | LVT_TIMER_ONESHOT | ARCH_VECTOR_TIMER);
	lapic_write(LAPIC_TIMER_INITIAL, 0xffffffffu);
}

void arch_lapic_timer_stop(void)
{
	if (tsc_deadline)
		arch_wrmsr(MSR_TSC_DEADLINE, 0);
	lapic_write(LAPIC_LVT_TIMER,
		    LVT_MASKED | LVT_TIMER_ONESHOT | ARCH_VECTOR_TIMER);
	lapic_write(LAPIC_TIMER_INITIAL, 0);
}

uint32_t arch_lapic_timer_current(void)
{
	return lapic_read(LAPIC_TIMER_CURRENT);
}

/*
 * Put this CPU's APIC in the mode arch_lapic_init() chose. Each CPU has
 * its own IA32_APIC_BASE, and an AP comes out of INIT in xAPIC mode, so
 * every CPU makes the transitions itself: disabled -> xAPIC -> x2APIC,
 * one legal step at a time (x2APIC straight from disabled is a #GP).
 */
static void lapic_enable_mode(void)
{
	uint64_t base = arch_rdmsr(MSR_APIC_BASE);

	if (!(base & APIC_BASE_ENABLE)) {
		base |= APIC_BASE_ENABLE;
		arch_wrmsr(MSR_APIC_BASE, base);
	}
	if (x2apic && !(base & APIC_BASE_EXTD))
		arch_wrmsr(MSR_APIC_BASE, base | APIC_BASE_EXTD);
}

void arch_lapic_init_cpu(void)
{
	unsigned int max_lvt;

	lapic_enable_mode();
	max_lvt = VERSION_MAX_LVT(lapic_read(LAPIC_VERSION));

	lapic_write(LAPIC_SVR, SVR_ENABLE | ARCH_VECTOR_SPURIOUS);
	lapic_write(LAPIC_TPR, 0);
	arch_lapic_timer_stop();
	lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT1, LVT_DELIVERY_NMI);
	lapic_write(LAPIC_LVT_PERF, LVT_MASKED);
	lapic_write(LAPIC_LVT_THERMAL, LVT_MASKED);
	if (max_lvt >= LVT_INDEX_CMCI)
		lapic_write(LAPIC_LVT_CMCI, LVT_MASKED);
	lapic_write(LAPIC_LVT_ERROR, ARCH_VECTOR_APIC_ERROR);
	(void)arch_lapic_error_status();
	/* Whatever the firmware left in service ends here. */
	for (unsigned int v = 16; v < 256; v++) {
		if (arch_lapic_in_service(v))
			arch_lapic_eoi();
	}
}

void arch_lapic_init(void)
{
	struct arch_cpuid id = arch_cpuid(1, 0);
	uint64_t base;

	if (!(id.edx & CPUID1_EDX_APIC))
		frame_panic("this CPU has no local APIC");
	base = arch_rdmsr(MSR_APIC_BASE);
	lapic_phys = APIC_BASE_ADDR(base);
	/* Firmware may have chosen x2APIC already; there is no way back. */
	x2apic = (base & APIC_BASE_EXTD) || ((id.ecx & CPUID1_ECX_X2APIC) &&
					     !frame_cmdline_has("nox2apic"));
	tsc_deadline = (id.ecx & CPUID1_ECX_TSC_DEADLINE) &&
		       !frame_cmdline_has("notscdeadline");
	if (!x2apic) {
		lapic_mmio = mm_iomap(lapic_phys, MM_PAGE_SIZE);
		if (!lapic_mmio)
			frame_panic("cannot map the local APIC at 0x%llx",
				    (unsigned long long)lapic_phys);
	}
	arch_lapic_init_cpu();
}
