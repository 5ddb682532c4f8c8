/* SPDX-License-Identifier: MIT */
/* The interrupt topology: CPUs, I/O APICs and ISA routing, from ACPI's MADT. */
#include "arch/x86_64/acpi/madt.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/log.h>
#include <frame/string.h>

#include "arch/x86_64/acpi/acpi.h"
#include "lib/unaligned.h"

struct arch_madt arch_madt;

/* The MADT's fixed part after the common header (ACPI 5.2.12). */
#define MADT_LAPIC_ADDRESS 36 /* u32 */
#define MADT_FLAGS	   40 /* u32 */
#define MADT_ENTRIES	   44
#define MADT_PCAT_COMPAT   (1u << 0)

/* Interrupt controller structure types, and their minimum lengths. */
enum {
	MADT_LOCAL_APIC = 0,	      /* 8: uid u8, apic id u8, flags u32 */
	MADT_IO_APIC = 1,	      /* 12: id u8, _ u8, addr u32, gsi u32 */
	MADT_SOURCE_OVERRIDE = 2,     /* 10: bus u8, irq u8, gsi u32, fl u16 */
	MADT_LOCAL_APIC_OVERRIDE = 5, /* 12: _ u16, addr u64 */
	MADT_LOCAL_X2APIC = 9,	      /* 16: _ u16, id u32, flags u32, uid */
};

/* Local APIC flags. */
#define MADT_CPU_ENABLED	(1u << 0)
#define MADT_CPU_ONLINE_CAPABLE (1u << 1)

/* MPS INTI flags of a source override: polarity bits 0-1, trigger 2-3. */
#define INTI_POLARITY(f) ((f)&3u)
#define INTI_TRIGGER(f)	 (((f) >> 2) & 3u)
#define INTI_ACTIVE_LOW	 3u
#define INTI_LEVEL	 3u

static void madt_add_cpu(struct arch_madt *m, uint32_t apic_id, uint32_t flags)
{
	if (!(flags & (MADT_CPU_ENABLED | MADT_CPU_ONLINE_CAPABLE)))
		return;
	for (unsigned int i = 0; i < m->cpu_count; i++) {
		if (m->cpu_apic_ids[i] == apic_id)
			return; /* listed as both APIC and x2APIC */
	}
	if (m->cpu_count == ARCH_MAX_CPUS) {
		m->cpus_cut = true;
		return;
	}
	m->cpu_apic_ids[m->cpu_count++] = apic_id;
}

static void madt_isa_identity(struct arch_madt *m)
{
	for (unsigned int i = 0; i < ARCH_ISA_IRQS; i++)
		m->isa[i] = (struct arch_isa_route){ .gsi = i };
}

/* The minimum length of each entry type the parser reads. */
static size_t madt_min_len(uint8_t type)
{
	switch (type) {
	case MADT_LOCAL_APIC:
		return 8;
	case MADT_IO_APIC:
	case MADT_LOCAL_APIC_OVERRIDE:
		return 12;
	case MADT_SOURCE_OVERRIDE:
		return 10;
	case MADT_LOCAL_X2APIC:
		return 16;
	default:
		return 2;
	}
}

static void madt_entry(struct arch_madt *m, const uint8_t *e)
{
	uint16_t flags;

	switch (rd_u8(e, 0)) {
	case MADT_LOCAL_APIC:
		madt_add_cpu(m, rd_u8(e, 3), rd_u32(e, 4));
		break;
	case MADT_LOCAL_X2APIC:
		madt_add_cpu(m, rd_u32(e, 4), rd_u32(e, 8));
		break;
	case MADT_IO_APIC:
		if (m->ioapic_count == ARCH_MAX_IOAPICS) {
			m->ioapics_cut = true;
			break;
		}
		m->ioapics[m->ioapic_count++] = (struct arch_madt_ioapic){
			.id = rd_u8(e, 2),
			.address = rd_u32(e, 4),
			.gsi_base = rd_u32(e, 8),
		};
		break;
	case MADT_SOURCE_OVERRIDE:
		/* Bus 0 is ISA, the only bus ACPI defines overrides for. */
		if (rd_u8(e, 2) != 0 || rd_u8(e, 3) >= ARCH_ISA_IRQS)
			break;
		flags = rd_u16(e, 8);
		m->isa[rd_u8(e, 3)] = (struct arch_isa_route){
			.gsi = rd_u32(e, 4),
			.level = INTI_TRIGGER(flags) == INTI_LEVEL,
			.active_low = INTI_POLARITY(flags) == INTI_ACTIVE_LOW,
		};
		break;
	case MADT_LOCAL_APIC_OVERRIDE:
		m->lapic_address = rd_u64(e, 4);
		break;
	default:
		break;
	}
}

int arch_madt_parse(const void *table, size_t len, struct arch_madt *out)
{
	const uint8_t *t = table;
	size_t off;

	if (len < MADT_ENTRIES)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	madt_isa_identity(out);
	out->lapic_address = rd_u32(t, MADT_LAPIC_ADDRESS);
	out->pcat_compat = rd_u32(t, MADT_FLAGS) & MADT_PCAT_COMPAT;
	for (off = MADT_ENTRIES; off < len;) {
		size_t elen;

		if (len - off < 2)
			return -EINVAL;
		elen = rd_u8(t, off + 1);
		if (elen < madt_min_len(rd_u8(t, off)) || elen > len - off)
			return -EINVAL;
		madt_entry(out, t + off);
		off += elen;
	}
	return 0;
}

static void madt_defaults(struct arch_madt *m, uint32_t bsp_apic_id)
{
	memset(m, 0, sizeof(*m));
	m->lapic_address = ARCH_LAPIC_DEFAULT_BASE;
	m->pcat_compat = true;
	m->cpu_count = 1;
	m->cpu_apic_ids[0] = bsp_apic_id;
	m->ioapic_count = 1;
	m->ioapics[0] = (struct arch_madt_ioapic){
		.address = ARCH_IOAPIC_DEFAULT_BASE,
	};
	madt_isa_identity(m);
	m->isa[0].gsi = 2;
}

bool arch_madt_init(uint32_t bsp_apic_id)
{
	void *table;
	size_t len;
	int ret;

	ret = arch_acpi_table_copy("APIC", &table, &len);
	if (!ret) {
		ret = arch_madt_parse(table, len, &arch_madt);
		frame_free(table);
	}
	if (ret) {
		log_warn("acpi: no usable MADT (%s); assuming one I/O APIC at "
			 "0x%x and one CPU",
			 frame_errno_name(ret), ARCH_IOAPIC_DEFAULT_BASE);
		madt_defaults(&arch_madt, bsp_apic_id);
		return false;
	}
	if (!arch_madt.cpu_count)
		madt_add_cpu(&arch_madt, bsp_apic_id, MADT_CPU_ENABLED);
	if (arch_madt.cpus_cut || arch_madt.ioapics_cut)
		log_warn("acpi: the MADT lists more than %u CPUs or %u I/O "
			 "APICs; using the first",
			 ARCH_MAX_CPUS, ARCH_MAX_IOAPICS);
	return true;
}
