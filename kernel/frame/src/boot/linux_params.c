/* SPDX-License-Identifier: MIT */
/* Reading the Linux boot protocol's boot_params (GRUB's `linux` handoff). */
#include "boot/bootinfo.h"

#include <frame/errno.h>
#include <frame/string.h>

#include "boot/linux_params.h"
#include "lib/unaligned.h"

/*
 * The fields of struct boot_params (the "zero page") the frame reads, by
 * offset: Linux's Documentation/arch/x86/zero-page.rst and boot.rst.
 */
#define BP_ACPI_RSDP_ADDR    0x070 /* 64 bits, protocol 2.14 */
#define BP_EXT_RAMDISK_IMAGE 0x0c0
#define BP_EXT_RAMDISK_SIZE  0x0c4
#define BP_EXT_CMD_LINE_PTR  0x0c8
#define BP_EFI_LOADER_SIG    0x1c0
#define BP_EFI_SYSTAB	     0x1c4
#define BP_EFI_MEMDESC_SIZE  0x1c8
#define BP_EFI_MEMMAP	     0x1d0
#define BP_EFI_MEMMAP_SIZE   0x1d4
#define BP_EFI_MEMMAP_HI     0x1dc
#define BP_EFI_SYSTAB_HI     0x1d8
#define BP_E820_ENTRIES	     0x1e8 /* 8 bits */
#define BP_HDR_MAGIC	     0x202 /* "HdrS" */
#define BP_HDR_VERSION	     0x206 /* 16 bits */
#define BP_TYPE_OF_LOADER    0x210 /* 8 bits */
#define BP_EXT_LOADER_TYPE   0x227 /* 8 bits */
#define BP_RAMDISK_IMAGE     0x218
#define BP_RAMDISK_SIZE	     0x21c
#define BP_CMD_LINE_PTR	     0x228
#define BP_E820_TABLE	     0x2d0
#define BP_E820_MAX	     128
#define BP_HDRS		     0x53726448
#define BP_EFI_SIG_64	     0x34364c45 /* "EL64" */

/*
 * The UEFI system table (UEFI 2.10, 4.3) as far as the frame reads it:
 * its signature and the configuration tables, where the firmware lists
 * the ACPI RSDP by GUID (4.6).
 */
#define EFI_SYSTAB_SIG	     0x5453595320494249ull /* "IBI SYST" */
#define EFI_SYSTAB_NTABLES   104
#define EFI_SYSTAB_TABLES    112
#define EFI_SYSTAB_SIZE	     120
#define EFI_CONFIG_TABLE_MAX 1024

struct efi_config_table {
	uint8_t guid[16];
	uint64_t table;
};

/* EFI_ACPI_20_TABLE_GUID and ACPI_TABLE_GUID, in memory byte order. */
static const uint8_t efi_acpi20_guid[16] = {
	0x71, 0xe8, 0x68, 0x88, 0xf1, 0xe4, 0xd3, 0x11,
	0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81,
};
static const uint8_t efi_acpi10_guid[16] = {
	0x30, 0x2d, 0x9d, 0xeb, 0x88, 0x2d, 0xd3, 0x11,
	0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d,
};

/* One E820 entry as boot_params holds it: packed, 20 bytes. */
struct bp_e820 {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
} __packed;

/*
 * The loader's name from type_of_loader (boot.rst's table of assigned
 * ids): the high nibble, or 0x10 + ext_loader_type when it is 0xe.
 */
static const char *loader_name(const uint8_t *bp)
{
	static const char *const names[] = {
		[0x0] = "LILO",	       [0x1] = "Loadlin",
		[0x3] = "Syslinux",    [0x4] = "iPXE",
		[0x5] = "ELILO",       [0x7] = "GRUB",
		[0x8] = "U-Boot",      [0x9] = "Xen",
		[0xa] = "Gujin",       [0xb] = "QEMU",
		[0xd] = "kexec-tools", [0x11] = "Minimal Linux Bootloader",
		[0x12] = "OVMF",       [0x13] = "barebox",
	};
	unsigned int type = rd_u8(bp, BP_TYPE_OF_LOADER) >> 4;

	if (type == 0xe)
		type = 0x10 + rd_u8(bp, BP_EXT_LOADER_TYPE);
	if (type < ARRAY_SIZE(names) && names[type])
		return names[type];
	return "unnamed Linux boot protocol loader";
}

/*
 * The RSDP's address from the UEFI configuration tables, 0 when the
 * system table is unreadable or lists none: GRUB's `linux` leaves
 * acpi_rsdp_addr 0, and under UEFI the tables are nowhere the BIOS scan
 * looks. The ACPI 2.0 entry wins over the 1.0 one.
 */
static uint64_t efi_rsdp(uint64_t systab)
{
	const uint8_t *st = frame_early_phys(systab, EFI_SYSTAB_SIZE);
	const struct efi_config_table *t;
	uint64_t n, tables, v1 = 0;

	if (!st || rd_u64(st, 0) != EFI_SYSTAB_SIG)
		return 0;
	n = rd_u64(st, EFI_SYSTAB_NTABLES);
	tables = rd_u64(st, EFI_SYSTAB_TABLES);
	if (n > EFI_CONFIG_TABLE_MAX)
		return 0;
	t = frame_early_phys(tables, n * sizeof(*t));
	if (!t)
		return 0;
	for (uint64_t i = 0; i < n; i++) {
		struct efi_config_table e;

		memcpy(&e, &t[i], sizeof(e));
		if (!memcmp(e.guid, efi_acpi20_guid, sizeof(e.guid)))
			return e.table;
		if (!memcmp(e.guid, efi_acpi10_guid, sizeof(e.guid)))
			v1 = e.table;
	}
	return v1;
}

/* Bounds a corrupt efi_memmap_size: a few hundred descriptors at most. */
#define EFI_MEMMAP_MAX (1u << 20)

/*
 * The UEFI memory map efi_info points at, for a boot_params without an
 * E820 table: the frame's own EFI handover entry (entry_linux.S) passes
 * the map it took when leaving boot services, as Linux's EFI stub does.
 */
static int bp_efi_memmap(struct frame_bootinfo *bi, const uint8_t *bp)
{
	uint64_t map = rd_u32(bp, BP_EFI_MEMMAP) |
		       (uint64_t)rd_u32(bp, BP_EFI_MEMMAP_HI) << 32;
	uint32_t size = rd_u32(bp, BP_EFI_MEMMAP_SIZE);
	const uint8_t *p;

	if (!map || !size)
		return frame_bootinfo_error(bi, "boot_params has neither an "
						"E820 table nor a UEFI memory "
						"map");
	p = size <= EFI_MEMMAP_MAX ? frame_early_phys(map, size) : NULL;
	if (!p)
		return frame_bootinfo_error(bi,
					    "the UEFI memory map (%u bytes at "
					    "0x%llx) is not readable",
					    size, (unsigned long long)map);
	if (frame_bootinfo_add_efi_map(bi, p, size,
				       rd_u32(bp, BP_EFI_MEMDESC_SIZE), false))
		return frame_bootinfo_error(bi,
					    "the UEFI memory map's descriptor "
					    "size %u is not UEFI's",
					    rd_u32(bp, BP_EFI_MEMDESC_SIZE));
	return 0;
}

int frame_bootinfo_parse_linux(struct frame_bootinfo *bi, const void *info)
{
	const uint8_t *bp = info;
	uint64_t cmdline, rd_start, rd_size;
	unsigned int n;

	bi->protocol = FRAME_BOOT_LINUX;
	frame_strscpy(bi->loader_name, loader_name(bp),
		      sizeof(bi->loader_name));
	if (rd_u32(bp, BP_HDR_MAGIC) != BP_HDRS)
		return frame_bootinfo_error(bi,
					    "boot_params has header magic "
					    "0x%x, not 0x%x (HdrS)",
					    rd_u32(bp, BP_HDR_MAGIC), BP_HDRS);
	/* The 64-bit fields below came with 2.12; osdk's image asks for it. */
	if (rd_u16(bp, BP_HDR_VERSION) < LINUX_BOOT_VERSION_MIN)
		return frame_bootinfo_error(bi,
					    "boot_params is of boot protocol "
					    "%u.%02u; the frame needs 2.12",
					    rd_u16(bp, BP_HDR_VERSION) >> 8,
					    rd_u16(bp, BP_HDR_VERSION) & 0xff);

	cmdline = rd_u32(bp, BP_CMD_LINE_PTR) |
		  (uint64_t)rd_u32(bp, BP_EXT_CMD_LINE_PTR) << 32;
	if (cmdline &&
	    frame_copy_phys_string(cmdline, bi->cmdline, sizeof(bi->cmdline),
				   sizeof(bi->cmdline) + 1, &bi->cmdline_cut))
		return frame_bootinfo_error(bi,
					    "the command line at 0x%llx is "
					    "not readable",
					    (unsigned long long)cmdline);

	/* The initrd is the frame's first module, its initramfs. */
	rd_start = rd_u32(bp, BP_RAMDISK_IMAGE) |
		   (uint64_t)rd_u32(bp, BP_EXT_RAMDISK_IMAGE) << 32;
	rd_size = rd_u32(bp, BP_RAMDISK_SIZE) |
		  (uint64_t)rd_u32(bp, BP_EXT_RAMDISK_SIZE) << 32;
	if (rd_start && rd_size)
		frame_bootinfo_add_module(bi, rd_start, rd_size, "initrd",
					  sizeof("initrd"));

	/* 0 when the loader predates 2.14 or knows no RSDP: the ACPI code
	 * then scans for it. */
	bi->rsdp_phys = rd_u64(bp, BP_ACPI_RSDP_ADDR);
	if (rd_u32(bp, BP_EFI_LOADER_SIG) == BP_EFI_SIG_64)
		bi->efi_systab = rd_u32(bp, BP_EFI_SYSTAB) |
				 (uint64_t)rd_u32(bp, BP_EFI_SYSTAB_HI) << 32;
	if (!bi->rsdp_phys && bi->efi_systab)
		bi->rsdp_phys = efi_rsdp(bi->efi_systab);

	/*
	 * GRUB's `linux` fills the E820 table on BIOS and on UEFI alike
	 * (from the UEFI memory map, after leaving boot services); the EFI
	 * handover path passes the UEFI map instead.
	 */
	n = rd_u8(bp, BP_E820_ENTRIES);
	if (!n && bi->efi_systab)
		return bp_efi_memmap(bi, bp);
	if (n > BP_E820_MAX)
		return frame_bootinfo_error(bi,
					    "boot_params claims %u E820 "
					    "entries; it holds at most %u",
					    n, BP_E820_MAX);
	for (unsigned int i = 0; i < n; i++) {
		struct bp_e820 e;

		memcpy(&e, bp + BP_E820_TABLE + i * sizeof(e), sizeof(e));
		frame_bootinfo_add_region(bi, e.addr, e.size, e.type);
	}
	return 0;
}
