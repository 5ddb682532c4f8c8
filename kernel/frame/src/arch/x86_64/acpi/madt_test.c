/* SPDX-License-Identifier: MIT */
/* ktests for the ACPI table lookup and the MADT parser. */
#include "arch/x86_64/acpi/madt.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/ktest.h>
#include <frame/string.h>

#include "arch/x86_64/acpi/acpi.h"
#include "irq/irq.h"

/* A synthetic MADT, built byte by byte as firmware would lay it out. */
struct madt_builder {
	uint8_t buf[256];
	size_t len;
};

static void mb_bytes(struct madt_builder *b, const void *p, size_t n)
{
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}

/* Append one entry given as its bytes (little-endian fields). */
#define MB_ENTRY(b, ...)                                \
	mb_bytes((b), (const uint8_t[]){ __VA_ARGS__ }, \
		 sizeof((const uint8_t[]){ __VA_ARGS__ }))

static void mb_u32(struct madt_builder *b, uint32_t v)
{
	mb_bytes(b, &v, 4);
}

static void mb_header(struct madt_builder *b)
{
	struct acpi_sdt_header h;

	memset(&h, 0, sizeof(h));
	memcpy(h.signature, "APIC", 4);
	b->len = 0;
	mb_bytes(b, &h, sizeof(h));
	mb_u32(b, 0xfee00000); /* local APIC address */
	mb_u32(b, 1);	       /* PCAT_COMPAT */
}

/* Set the length and checksum, as arch_acpi_table_copy() would check. */
static void mb_finish(struct madt_builder *b)
{
	uint32_t len = (uint32_t)b->len;
	uint8_t sum = 0;

	memcpy(b->buf + 4, &len, 4);
	b->buf[9] = 0;
	for (size_t i = 0; i < b->len; i++)
		sum = (uint8_t)(sum + b->buf[i]);
	b->buf[9] = (uint8_t)-sum;
}

static struct madt_builder mb;
static struct arch_madt parsed;

KTEST(madt_parses_every_entry_kind)
{
	mb_header(&mb);
	/* Local APICs: enabled, disabled (skipped), online-capable. */
	MB_ENTRY(&mb, 0, 8, 0, 0, 1, 0, 0, 0);
	MB_ENTRY(&mb, 0, 8, 1, 1, 0, 0, 0, 0);
	MB_ENTRY(&mb, 0, 8, 2, 2, 2, 0, 0, 0);
	/* An x2APIC CPU with a 32-bit ID, and APIC 0 again (skipped). */
	MB_ENTRY(&mb, 9, 16, 0, 0, 0x34, 0x12, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0);
	MB_ENTRY(&mb, 9, 16, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0);
	/* An I/O APIC, ID 5, at 0xfec01000 with GSIs from 24. */
	MB_ENTRY(&mb, 1, 12, 5, 0, 0x00, 0x10, 0xc0, 0xfe, 24, 0, 0, 0);
	/* ISA 0 -> GSI 2; ISA 9 -> GSI 9 level, active low; bus 1 ignored. */
	MB_ENTRY(&mb, 2, 10, 0, 0, 2, 0, 0, 0, 0, 0);
	MB_ENTRY(&mb, 2, 10, 0, 9, 9, 0, 0, 0, 0xf, 0);
	MB_ENTRY(&mb, 2, 10, 1, 4, 40, 0, 0, 0, 0, 0);
	/* A type the parser does not know, then a local APIC override. */
	MB_ENTRY(&mb, 0x7f, 3, 0);
	MB_ENTRY(&mb, 5, 12, 0, 0, 0, 0, 0xd0, 0xfe, 0, 0, 0, 0);
	mb_finish(&mb);

	KT_ASSERT(arch_acpi_checksum_ok(mb.buf, mb.len));
	KT_ASSERT_OK(arch_madt_parse(mb.buf, mb.len, &parsed));
	KT_ASSERT_EQ(parsed.lapic_address, 0xfed00000);
	KT_ASSERT(parsed.pcat_compat);
	KT_ASSERT_EQ(parsed.cpu_count, 3);
	KT_ASSERT_EQ(parsed.cpu_apic_ids[0], 0);
	KT_ASSERT_EQ(parsed.cpu_apic_ids[1], 2);
	KT_ASSERT_EQ(parsed.cpu_apic_ids[2], 0x1234);
	KT_ASSERT_EQ(parsed.ioapic_count, 1);
	KT_ASSERT_EQ(parsed.ioapics[0].id, 5);
	KT_ASSERT_EQ(parsed.ioapics[0].address, 0xfec01000);
	KT_ASSERT_EQ(parsed.ioapics[0].gsi_base, 24);
	KT_ASSERT_EQ(parsed.isa[0].gsi, 2);
	KT_ASSERT(!parsed.isa[0].level && !parsed.isa[0].active_low);
	KT_ASSERT_EQ(parsed.isa[9].gsi, 9);
	KT_ASSERT(parsed.isa[9].level && parsed.isa[9].active_low);
	KT_ASSERT_EQ(parsed.isa[4].gsi, 4); /* the bus-1 override is ignored */
	KT_ASSERT_EQ(parsed.isa[15].gsi, 15);
}

KTEST(madt_rejects_malformed_entries)
{
	mb_header(&mb);
	KT_ASSERT_OK(arch_madt_parse(mb.buf, mb.len, &parsed));
	KT_ASSERT_EQ(parsed.cpu_count, 0);
	KT_ASSERT_ERR(arch_madt_parse(mb.buf, 40, &parsed), -EINVAL);

	/* An I/O APIC entry claiming 8 bytes, too short for its fields. */
	MB_ENTRY(&mb, 1, 8, 0, 0, 0, 0, 0, 0);
	KT_ASSERT_ERR(arch_madt_parse(mb.buf, mb.len, &parsed), -EINVAL);

	/* A zero length would never advance. */
	mb_header(&mb);
	MB_ENTRY(&mb, 0x7f, 0);
	KT_ASSERT_ERR(arch_madt_parse(mb.buf, mb.len, &parsed), -EINVAL);

	/* An entry running past the table's end. */
	mb_header(&mb);
	MB_ENTRY(&mb, 0, 8, 0, 0);
	KT_ASSERT_ERR(arch_madt_parse(mb.buf, mb.len, &parsed), -EINVAL);

	/* One byte of an entry header left over. */
	mb_header(&mb);
	MB_ENTRY(&mb, 0);
	KT_ASSERT_ERR(arch_madt_parse(mb.buf, mb.len, &parsed), -EINVAL);
}

KTEST(acpi_checksum)
{
	uint8_t bytes[4] = { 1, 2, 3, 250 };

	KT_ASSERT(arch_acpi_checksum_ok(bytes, 4));
	bytes[3] = 251;
	KT_ASSERT(!arch_acpi_checksum_ok(bytes, 4));
	KT_ASSERT(arch_acpi_checksum_ok(bytes, 0));
}

/* What boot found: on a PC (and QEMU) the firmware has a MADT. */
KTEST(madt_of_this_machine)
{
	uint32_t bsp = irq_boot_cpu_apic_id();
	bool found = false;
	void *table;
	size_t len;

	KT_ASSERT_GE(arch_madt.cpu_count, 1);
	for (unsigned int i = 0; i < arch_madt.cpu_count; i++)
		found |= arch_madt.cpu_apic_ids[i] == bsp;
	KT_ASSERT(found);
	KT_ASSERT_GE(arch_madt.ioapic_count, 1);
	KT_ASSERT_NE(arch_madt.ioapics[0].address, 0);
	if (!arch_acpi_present())
		return;
	KT_ASSERT_OK(arch_acpi_table_copy("APIC", &table, &len));
	KT_ASSERT(arch_acpi_checksum_ok(table, len));
	KT_ASSERT(!memcmp(table, "APIC", 4));
	frame_free(table);
	KT_ASSERT_ERR(arch_acpi_table_copy("ZZZZ", &table, &len), -ENOENT);
}
