/* SPDX-License-Identifier: MIT */
/* Finding the ACPI tables and copying them out of firmware memory. */
#ifndef ARCH_X86_64_ACPI_H
#define ARCH_X86_64_ACPI_H

#include <frame/compiler.h>
#include <frame/types.h>

/* The header every ACPI system description table starts with (ACPI 5.2.6). */
struct acpi_sdt_header {
	char signature[4];
	uint32_t length; /* of the whole table, header included */
	uint8_t revision;
	uint8_t checksum; /* all bytes of the table sum to 0 */
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __packed;

BUILD_BUG_ON(sizeof(struct acpi_sdt_header) != 36);

/* No firmware table the frame reads is anywhere near this long. */
#define ACPI_TABLE_MAX (1u << 20)

/*
 * arch_acpi_init() - find the RSDP and the root table (XSDT, else RSDT)
 *
 * Searches where a PC BIOS puts the RSDP: the first KiB of the extended
 * BIOS data area and 0xe0000-0xfffff (ACPI 5.2.5.1). The boot protocols
 * can also pass it (PVH's rsdp_paddr, multiboot2's ACPI tags, the only
 * way under UEFI); the boot information does not carry it yet, so a
 * UEFI boot finds no tables and the callers fall back to the PC defaults.
 * Returns 0, or -ENOENT when there is no valid RSDP or root table. Needs
 * mm_init() done; call once.
 */
int arch_acpi_init(void);

/* arch_acpi_present() - whether arch_acpi_init() found the tables */
bool arch_acpi_present(void);

/*
 * arch_acpi_table_copy() - a heap copy of the table with @signature
 *
 * The first table of the root table with that signature, checked for a
 * sane length and a zero checksum, copied into frame_alloc() memory that
 * the caller frees: parsing never touches firmware memory, and nothing
 * stays mapped. Returns 0 with *@out and *@len set; -ENOENT (no such
 * table, or no ACPI), -EINVAL (bad length or checksum), -ENOMEM.
 */
int arch_acpi_table_copy(const char signature[4], void **out, size_t *len);

/* arch_acpi_checksum_ok() - whether @len bytes at @p sum to 0 mod 256 */
bool arch_acpi_checksum_ok(const void *p, size_t len);

#endif /* ARCH_X86_64_ACPI_H */
