/* SPDX-License-Identifier: MIT */
/* The UEFI memory map, as multiboot2 and the Linux protocol pass it. */
#include "boot/bootinfo.h"

#include <frame/errno.h>
#include <frame/string.h>

/*
 * A UEFI memory descriptor (UEFI 2.10, 7.2, EFI_MEMORY_DESCRIPTOR). The
 * loader's descriptor size may be larger than this: later firmware
 * appends fields, so entries are stepped by the size the loader gives.
 */
struct efi_desc {
	uint32_t type;
	uint32_t pad;
	uint64_t phys_start;
	uint64_t virt_start;
	uint64_t pages; /* of 4 KiB, whatever the platform's page size */
	uint64_t attribute;
};

/* The UEFI memory types (EFI_MEMORY_TYPE) that are not plain reserved. */
enum {
	EFI_LOADER_CODE = 1,
	EFI_LOADER_DATA = 2,
	EFI_BOOT_SERVICES_CODE = 3,
	EFI_BOOT_SERVICES_DATA = 4,
	EFI_CONVENTIONAL_MEMORY = 7,
	EFI_UNUSABLE_MEMORY = 8,
	EFI_ACPI_RECLAIM_MEMORY = 9,
	EFI_ACPI_MEMORY_NVS = 10,
	EFI_PERSISTENT_MEMORY = 14,
};

/*
 * The E820 type of a UEFI memory type. Once boot services are exited,
 * the loader's and boot services' memory is free RAM; if they still run,
 * that memory is theirs and stays reserved.
 */
static uint32_t efi_to_e820(uint32_t efi_type, bool bs_running)
{
	switch (efi_type) {
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_BOOT_SERVICES_CODE:
	case EFI_BOOT_SERVICES_DATA:
		return bs_running ? E820_RESERVED : E820_RAM;
	case EFI_CONVENTIONAL_MEMORY:
		return E820_RAM;
	case EFI_UNUSABLE_MEMORY:
		return E820_UNUSABLE;
	case EFI_ACPI_RECLAIM_MEMORY:
		return E820_ACPI;
	case EFI_ACPI_MEMORY_NVS:
		return E820_NVS;
	case EFI_PERSISTENT_MEMORY:
		return E820_PMEM;
	default: /* runtime services, MMIO, reserved, unknown */
		return E820_RESERVED;
	}
}

int frame_bootinfo_add_efi_map(struct frame_bootinfo *bi, const uint8_t *map,
			       uint64_t size, uint32_t desc_size,
			       bool bs_running)
{
	uint64_t run_start = 0, run_len = 0;
	uint32_t run_type = 0;

	if (desc_size < sizeof(struct efi_desc) || desc_size % 8)
		return -EINVAL;
	/*
	 * Firmware splits RAM into many descriptors (one per allocation),
	 * far more than the frame's fixed map holds, so neighbours of the
	 * same resulting type are merged as they come.
	 */
	for (uint64_t off = 0; off + desc_size <= size; off += desc_size) {
		struct efi_desc d;
		uint32_t type;
		uint64_t len;

		memcpy(&d, map + off, sizeof(d));
		type = efi_to_e820(d.type, bs_running);
		if (d.pages > (~0ull >> 12))
			return -EINVAL;
		len = d.pages << 12;
		if (run_len && type == run_type &&
		    run_start + run_len == d.phys_start) {
			run_len += len;
			continue;
		}
		frame_bootinfo_add_region(bi, run_start, run_len, run_type);
		run_start = d.phys_start;
		run_len = len;
		run_type = type;
	}
	frame_bootinfo_add_region(bi, run_start, run_len, run_type);
	return 0;
}
