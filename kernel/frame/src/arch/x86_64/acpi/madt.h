/* SPDX-License-Identifier: MIT */
/* The interrupt topology: CPUs, I/O APICs and ISA routing, from ACPI's MADT. */
#ifndef ARCH_X86_64_MADT_H
#define ARCH_X86_64_MADT_H

#include <frame/types.h>

#define ARCH_MAX_CPUS	 256
#define ARCH_MAX_IOAPICS 8
#define ARCH_ISA_IRQS	 16

/* Where the local APICs are, when neither MADT nor MSR says otherwise. */
#define ARCH_LAPIC_DEFAULT_BASE 0xfee00000
/* The PC's one I/O APIC, where chipsets put it by default. */
#define ARCH_IOAPIC_DEFAULT_BASE 0xfec00000

struct arch_madt_ioapic {
	uint32_t id;
	uint64_t address;  /* physical */
	uint32_t gsi_base; /* the GSI of its pin 0 */
};

/* How an ISA IRQ reaches the I/O APICs. */
struct arch_isa_route {
	uint32_t gsi;
	bool level;	 /* else edge-triggered */
	bool active_low; /* else active high */
};

struct arch_madt {
	uint64_t lapic_address;
	bool pcat_compat; /* legacy 8259s present (to be masked) */
	unsigned int cpu_count;
	uint32_t cpu_apic_ids[ARCH_MAX_CPUS]; /* enabled or online-capable */
	bool cpus_cut;			      /* more CPUs than fit */
	unsigned int ioapic_count;
	struct arch_madt_ioapic ioapics[ARCH_MAX_IOAPICS];
	bool ioapics_cut;
	struct arch_isa_route isa[ARCH_ISA_IRQS];
};

/*
 * arch_madt_parse() - read the MADT (signature "APIC") at @table into @out
 * @len: the table's length, already checked against its header
 *
 * Takes processor local APIC and x2APIC entries (enabled or online-
 * capable ones), I/O APICs, interrupt source overrides for ISA, and the
 * local APIC address override; other entry types are skipped. ISA IRQs
 * without an override are identity-mapped, edge, active high, as on the
 * ISA bus. Returns 0, or -EINVAL for a table too short or an entry that
 * runs past the end or has a length too small for its type. Pure: the
 * ktests feed it synthetic tables.
 */
int arch_madt_parse(const void *table, size_t len, struct arch_madt *out);

/*
 * arch_madt_init() - fill arch_madt from the firmware
 * @bsp_apic_id: this CPU's local APIC ID, for the defaults
 *
 * Without an ACPI MADT, the defaults are those of a PC with one I/O APIC:
 * at ARCH_IOAPIC_DEFAULT_BASE, GSI base 0, ISA IRQs identity-mapped except
 * IRQ 0 (the PIT), which chipsets wire to pin 2; and one CPU, this one.
 * Returns whether the MADT was found.
 */
bool arch_madt_init(uint32_t bsp_apic_id);

/* The topology arch_madt_init() found; read-only after boot. */
extern struct arch_madt arch_madt;

#endif /* ARCH_X86_64_MADT_H */
