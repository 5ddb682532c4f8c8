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
 * Takes the RSDP the boot loader passed when it is valid (multiboot2's
 * ACPI tags, PVH's rsdp_paddr: the only way under UEFI), else searches
 * where a PC BIOS puts it: the first KiB of the extended BIOS data area
 * and 0xe0000-0xfffff (ACPI 5.2.5.1). A loader's RSDP that fails its
 * checksum is ignored, as if absent.
 * Returns 0, or -ENOENT when there is no valid RSDP or root table. Needs
 * mm_init() done; call once.
 */
int arch_acpi_init(void);

struct frame_bootinfo;

/*
 * arch_acpi_loader_root() - the root table the loader's RSDP points to
 *
 * What arch_acpi_init() tries first, apart so that ktests can feed it
 * synthetic boot information: the RSDP copy in @bi, else the one at
 * @bi's physical address, checked (signature, checksums). Sets *@root
 * and *@entry_size (8: XSDT, 4: RSDT) and returns 0, or -ENOENT when
 * the loader passed no valid RSDP. Needs mm_init() done.
 */
int arch_acpi_loader_root(const struct frame_bootinfo *bi, uint64_t *root,
			  unsigned int *entry_size);

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
