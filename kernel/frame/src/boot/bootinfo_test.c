/* SPDX-License-Identifier: MIT */
/* ktests for the boot information: this boot's memory map, and the parsers. */
#include "boot/bootinfo.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>

#include "arch/x86_64/layout.h"

KTEST(memmap_is_sorted_and_has_ram)
{
	struct frame_mem_region r, prev = {0};
	uint64_t usable = 0;
	size_t i;

	KT_ASSERT_GT(frame_memmap_count(), 0);
	for (i = 0; !frame_memmap_get(i, &r); i++) {
		KT_ASSERT_GT(r.length, 0);
		if (i)
			KT_ASSERT_GE(r.start, prev.start);
		if (r.type == FRAME_MEM_USABLE)
			usable += r.length;
		prev = r;
	}
	KT_ASSERT_EQ(i, frame_memmap_count());
	KT_ASSERT_ERR(frame_memmap_get(i, &r), -ENOENT);
	/* Every machine osdk boots has far more than 16 MiB. */
	KT_ASSERT_GT(usable, 16u << 20);
	KT_ASSERT_STREQ(frame_mem_type_name(FRAME_MEM_ACPI_NVS), "ACPI NVS");
}

KTEST(memmap_holds_the_kernel_image)
{
	struct frame_mem_region r;
	uint64_t start, end;
	bool inside = false;

	frame_kernel_image_phys(&start, &end);
	KT_ASSERT_EQ(start, 0x100000);
	KT_ASSERT_GT(end, start);
	for (size_t i = 0; !frame_memmap_get(i, &r); i++) {
		if (r.type == FRAME_MEM_USABLE && r.start <= start &&
		    end <= r.start + r.length)
			inside = true;
	}
	KT_ASSERT(inside);
}

/* A multiboot2 information structure as GRUB would lay it out. */
static const uint32_t synthetic_mb2[] __aligned(8) = {
    /* header: total size, reserved */
    168,
    0,
    /* cmdline tag: type 1, size 8 + 12 ("log=debug x\0"), padded to 24 */
    1,
    20,
    0x3d676f6c,
    0x75626564,
    0x00782067,
    0,
    /* loader name tag: type 2, size 8 + 5 ("GRUB\0"), padded to 16 */
    2,
    13,
    0x42555247,
    0,
    /* module tag: type 3, size 16 + 4 ("rd0\0"), padded to 24 */
    3,
    20,
    0x200000,
    0x201000,
    0x00306472,
    0,
    /* mmap tag: type 6, size 16 + 3 * 24, entry size 24, version 0 */
    6,
    88,
    24,
    0,
    0x100000,
    0,
    0x7f00000,
    0,
    1,
    0, /* usable, listed out of order */
    0,
    0,
    0x9fc00,
    0,
    1,
    0, /* usable */
    0xf0000,
    0,
    0x10000,
    0,
    2,
    0, /* reserved */
    /* end tag */
    0,
    8,
};

BUILD_BUG_ON(sizeof(synthetic_mb2) != 168);

KTEST(multiboot2_parser_reads_every_tag)
{
	static struct frame_bootinfo bi;

	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_OK(frame_bootinfo_parse_multiboot2(&bi, synthetic_mb2));
	KT_ASSERT_OK(frame_bootinfo_finish(&bi));
	KT_ASSERT_EQ(bi.protocol, FRAME_BOOT_MULTIBOOT2);
	KT_ASSERT_STREQ(bi.cmdline, "log=debug x");
	KT_ASSERT_STREQ(bi.loader_name, "GRUB");
	KT_ASSERT_EQ(bi.module_count, 1);
	KT_ASSERT_EQ(bi.modules[0].start, 0x200000);
	KT_ASSERT_EQ(bi.modules[0].size, 0x1000);
	KT_ASSERT_STREQ(bi.modules[0].cmdline, "rd0");
	KT_ASSERT_EQ(bi.memmap_count, 3);
	KT_ASSERT_EQ(bi.memmap[0].start, 0);
	KT_ASSERT_EQ(bi.memmap[1].start, 0xf0000);
	KT_ASSERT_EQ(bi.memmap[1].type, FRAME_MEM_RESERVED);
	KT_ASSERT_EQ(bi.memmap[2].start, 0x100000);
	KT_ASSERT_EQ(bi.memmap[2].length, 0x7f00000);
	KT_ASSERT_EQ(bi.memmap[2].type, FRAME_MEM_USABLE);
}

KTEST(multiboot2_parser_rejects_bad_sizes)
{
	static struct frame_bootinfo bi;
	static uint32_t bad[8] __aligned(8);

	/* A tag claiming to run past the end of the structure. */
	memcpy(bad, (const uint32_t[]){32, 0, 1, 64, 0, 0, 0, 8}, sizeof(bad));
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_ERR(frame_bootinfo_parse_multiboot2(&bi, bad), -EINVAL);
	KT_ASSERT_STREQ(bi.error, "multiboot2 tag 1 at offset 8 has a bad "
				  "size 64");

	/* No end tag. */
	memcpy(bad, (const uint32_t[]){16, 0, 1, 8, 0, 0, 0, 0}, sizeof(bad));
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_ERR(frame_bootinfo_parse_multiboot2(&bi, bad), -EINVAL);
	KT_ASSERT_STREQ(bi.error, "multiboot2 information has no end tag");

	/* An empty memory map is refused once parsing is done. */
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_ERR(frame_bootinfo_finish(&bi), -EINVAL);
	KT_ASSERT_STREQ(bi.error, "the boot loader passed no memory map");
}

/* PVH passes physical addresses; these statics live in the kernel image,
 * whose physical address is its virtual one minus KERNEL_VMA. */
static uint64_t phys_of(const void *p)
{
	return (uint64_t)(uintptr_t)p - KERNEL_VMA;
}

static const char pvh_cmdline[] = "ktest.filter=pvh";
static const char pvh_mod_cmdline[] = "initramfs";
static uint64_t pvh_modlist[4];
static uint64_t pvh_memmap[2 * 3];
static uint32_t pvh_start[14] __aligned(8);

KTEST(pvh_parser_reads_start_info)
{
	static struct frame_bootinfo bi;
	uint64_t cmdline = phys_of(pvh_cmdline);
	uint64_t modlist = phys_of(pvh_modlist);
	uint64_t memmap = phys_of(pvh_memmap);

	/* One module; two memory-map entries, ACPI NVS and usable. */
	pvh_modlist[0] = 0x300000;
	pvh_modlist[1] = 0x2000;
	pvh_modlist[2] = phys_of(pvh_mod_cmdline);
	pvh_memmap[0] = 0x100000;
	pvh_memmap[1] = 0x400000;
	pvh_memmap[2] = 1;
	pvh_memmap[3] = 0xe0000;
	pvh_memmap[4] = 0x1000;
	pvh_memmap[5] = 4;
	/* magic, version 1, flags, nr_modules, then 64-bit addresses. */
	memcpy(pvh_start,
	       (const uint32_t[]){PVH_START_MAGIC, 1, 0, 1, (uint32_t)modlist,
				  (uint32_t)(modlist >> 32), (uint32_t)cmdline,
				  (uint32_t)(cmdline >> 32), 0, 0,
				  (uint32_t)memmap, (uint32_t)(memmap >> 32), 2,
				  0},
	       sizeof(pvh_start));

	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_OK(frame_bootinfo_parse_pvh(&bi, pvh_start));
	KT_ASSERT_OK(frame_bootinfo_finish(&bi));
	KT_ASSERT_EQ(bi.protocol, FRAME_BOOT_PVH);
	KT_ASSERT_STREQ(bi.cmdline, "ktest.filter=pvh");
	KT_ASSERT_STREQ(bi.loader_name, "unnamed PVH loader");
	KT_ASSERT_EQ(bi.module_count, 1);
	KT_ASSERT_EQ(bi.modules[0].start, 0x300000);
	KT_ASSERT_EQ(bi.modules[0].size, 0x2000);
	KT_ASSERT_STREQ(bi.modules[0].cmdline, "initramfs");
	KT_ASSERT_EQ(bi.memmap_count, 2);
	KT_ASSERT_EQ(bi.memmap[0].start, 0xe0000);
	KT_ASSERT_EQ(bi.memmap[0].type, FRAME_MEM_ACPI_NVS);
	KT_ASSERT_EQ(bi.memmap[1].type, FRAME_MEM_USABLE);

	/* A wrong magic is refused. */
	pvh_start[0] = 0x12345678;
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_ERR(frame_bootinfo_parse_pvh(&bi, pvh_start), -EINVAL);
	KT_ASSERT_STREQ(bi.error, "PVH start info has magic 0x12345678, not "
				  "0x336ec578");
}

/* Linux boot protocol: a boot_params laid out by hand, at the offsets of
 * Linux's zero-page.rst, as GRUB's `linux` fills it. */
static const char linux_cmdline[] = "console=ttyS0 ktest.filter=linux";
static uint8_t linux_params[4096] __aligned(16);

static void put_le(uint8_t *p, size_t off, uint64_t v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[off + i] = (uint8_t)(v >> (8 * i));
}

/* E820 entry @i: address, size, type, packed in 20 bytes from 0x2d0. */
static void linux_e820(size_t i, uint64_t addr, uint64_t size, uint32_t type)
{
	put_le(linux_params, 0x2d0 + 20 * i, addr, 8);
	put_le(linux_params, 0x2d0 + 20 * i + 8, size, 8);
	put_le(linux_params, 0x2d0 + 20 * i + 16, type, 4);
}

KTEST(linux_parser_reads_boot_params)
{
	static struct frame_bootinfo bi;
	uint64_t cmdline = phys_of(linux_cmdline);

	memset(linux_params, 0, sizeof(linux_params));
	put_le(linux_params, 0x202, 0x53726448, 4);	/* HdrS */
	put_le(linux_params, 0x206, 0x020c, 2);		/* 2.12 */
	linux_params[0x210] = 0x72;			/* GRUB, version 2 */
	put_le(linux_params, 0x228, cmdline, 4);	/* cmd_line_ptr */
	put_le(linux_params, 0x0c8, cmdline >> 32, 4);	/* ext_ */
	put_le(linux_params, 0x218, 0x3000, 4);		/* ramdisk_image */
	put_le(linux_params, 0x0c0, 0x1, 4);		/* ext_: 4 GiB up */
	put_le(linux_params, 0x21c, 0x2000, 4);		/* ramdisk_size */
	put_le(linux_params, 0x070, 0xe0000, 8);	/* acpi_rsdp_addr */
	put_le(linux_params, 0x1c0, 0x34364c45, 4);	/* "EL64" */
	put_le(linux_params, 0x1c4, 0x7f000000, 4);	/* efi_systab */
	put_le(linux_params, 0x1d8, 0x1, 4);		/* efi_systab_hi */
	linux_params[0x1e8] = 3;			/* e820_entries */
	linux_e820(0, 0x100000, 0x7f00000, 1);
	linux_e820(1, 0, 0x9f000, 1);
	linux_e820(2, 0xf0000, 0x10000, 2);

	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_OK(frame_bootinfo_parse_linux(&bi, linux_params));
	KT_ASSERT_OK(frame_bootinfo_finish(&bi));
	KT_ASSERT_EQ(bi.protocol, FRAME_BOOT_LINUX);
	KT_ASSERT_STREQ(bi.loader_name, "GRUB");
	KT_ASSERT_STREQ(bi.cmdline, "console=ttyS0 ktest.filter=linux");
	KT_ASSERT_EQ(bi.module_count, 1);
	KT_ASSERT_EQ(bi.modules[0].start, 0x100003000ull);
	KT_ASSERT_EQ(bi.modules[0].size, 0x2000);
	KT_ASSERT_STREQ(bi.modules[0].cmdline, "initrd");
	KT_ASSERT_EQ(bi.rsdp_phys, 0xe0000);
	KT_ASSERT_EQ(bi.efi_systab, 0x17f000000ull);
	KT_ASSERT_EQ(bi.memmap_count, 3);
	KT_ASSERT_EQ(bi.memmap[0].start, 0);
	KT_ASSERT_EQ(bi.memmap[0].type, FRAME_MEM_USABLE);
	KT_ASSERT_EQ(bi.memmap[1].start, 0xf0000);
	KT_ASSERT_EQ(bi.memmap[1].type, FRAME_MEM_RESERVED);
	KT_ASSERT_EQ(bi.memmap[2].length, 0x7f00000);

	/* Without the EFI signature the system table is not trusted, and a
	 * loader id past the table is unnamed. */
	put_le(linux_params, 0x1c0, 0x32334c45, 4);	/* "EL32" */
	linux_params[0x210] = 0x60;
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_OK(frame_bootinfo_parse_linux(&bi, linux_params));
	KT_ASSERT_EQ(bi.efi_systab, 0);
	KT_ASSERT_STREQ(bi.loader_name, "unnamed Linux boot protocol loader");
	/* ... and the extended id: 0xe0 + ext_loader_type 2 is OVMF. */
	linux_params[0x210] = 0xe0;
	linux_params[0x227] = 0x02;
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_OK(frame_bootinfo_parse_linux(&bi, linux_params));
	KT_ASSERT_STREQ(bi.loader_name, "OVMF");
}

/* A UEFI system table listing three configuration tables: an unrelated
 * one, ACPI 1.0's RSDP and ACPI 2.0's, which the parser must prefer. */
static uint8_t efi_systab[120] __aligned(8);
static uint8_t efi_tables[3 * 24] __aligned(8);

KTEST(linux_parser_finds_the_rsdp_through_uefi)
{
	static const uint8_t acpi20[16] = { 0x71, 0xe8, 0x68, 0x88, 0xf1, 0xe4,
					    0xd3, 0x11, 0xbc, 0x22, 0x00, 0x80,
					    0xc7, 0x3c, 0x88, 0x81 };
	static const uint8_t acpi10[16] = { 0x30, 0x2d, 0x9d, 0xeb, 0x88, 0x2d,
					    0xd3, 0x11, 0x9a, 0x16, 0x00, 0x90,
					    0x27, 0x3f, 0xc1, 0x4d };
	static struct frame_bootinfo bi;
	uint64_t systab = phys_of(efi_systab);

	memset(efi_tables, 0x5a, 24);
	memcpy(efi_tables + 24, acpi10, 16);
	put_le(efi_tables, 24 + 16, 0xe0000, 8);
	memcpy(efi_tables + 48, acpi20, 16);
	put_le(efi_tables, 48 + 16, 0x7fbfa014, 8);
	memset(efi_systab, 0, sizeof(efi_systab));
	memcpy(efi_systab, "IBI SYST", 8);
	put_le(efi_systab, 104, 3, 8);
	put_le(efi_systab, 112, phys_of(efi_tables), 8);

	memset(linux_params, 0, sizeof(linux_params));
	put_le(linux_params, 0x202, 0x53726448, 4);
	put_le(linux_params, 0x206, 0x020f, 2);
	put_le(linux_params, 0x1c0, 0x34364c45, 4);	/* "EL64" */
	put_le(linux_params, 0x1c4, systab, 4);
	put_le(linux_params, 0x1d8, systab >> 32, 4);
	linux_params[0x1e8] = 1;
	linux_e820(0, 0x100000, 0x7f00000, 1);
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_OK(frame_bootinfo_parse_linux(&bi, linux_params));
	KT_ASSERT_EQ(bi.efi_systab, systab);
	KT_ASSERT_EQ(bi.rsdp_phys, 0x7fbfa014);

	/* Only ACPI 1.0's. */
	memset(efi_tables + 48, 0, 16);
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_OK(frame_bootinfo_parse_linux(&bi, linux_params));
	KT_ASSERT_EQ(bi.rsdp_phys, 0xe0000);

	/* A loader's acpi_rsdp_addr wins over the tables. */
	put_le(linux_params, 0x070, 0xf0000, 8);
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_OK(frame_bootinfo_parse_linux(&bi, linux_params));
	KT_ASSERT_EQ(bi.rsdp_phys, 0xf0000);

	/* A bad signature: not a system table, no RSDP from it. */
	put_le(linux_params, 0x070, 0, 8);
	efi_systab[0] = 'X';
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_OK(frame_bootinfo_parse_linux(&bi, linux_params));
	KT_ASSERT_EQ(bi.rsdp_phys, 0);
}

/*
 * The EFI handover path: no E820 table, the UEFI memory map in efi_info
 * instead (what entry_linux.S passes). Descriptors of 48 bytes, as OVMF
 * gives them: type, physical start, pages at their UEFI offsets.
 */
static uint8_t efi_map[4 * 48] __aligned(8);

static void efi_desc(size_t i, uint32_t type, uint64_t start, uint64_t pages)
{
	put_le(efi_map, 48 * i, type, 4);
	put_le(efi_map, 48 * i + 8, start, 8);
	put_le(efi_map, 48 * i + 24, pages, 8);
}

KTEST(linux_parser_reads_the_uefi_memory_map)
{
	static struct frame_bootinfo bi;
	uint64_t map = phys_of(efi_map);

	memset(efi_map, 0, sizeof(efi_map));
	efi_desc(0, 7, 0, 0x9f);		/* conventional */
	efi_desc(1, 4, 0x100000, 0x100);	/* boot services data: RAM */
	efi_desc(2, 7, 0x200000, 0x100);	/* merged with it */
	efi_desc(3, 10, 0x7f000000, 0x10);	/* ACPI NVS */
	memset(linux_params, 0, sizeof(linux_params));
	put_le(linux_params, 0x202, 0x53726448, 4);
	put_le(linux_params, 0x206, 0x020c, 2);
	put_le(linux_params, 0x1c0, 0x34364c45, 4);	/* "EL64" */
	put_le(linux_params, 0x1c4, 0x7fbfe000, 4);	/* efi_systab */
	put_le(linux_params, 0x1c8, 48, 4);		/* efi_memdesc_size */
	put_le(linux_params, 0x1d0, map, 4);		/* efi_memmap */
	put_le(linux_params, 0x1dc, map >> 32, 4);
	put_le(linux_params, 0x1d4, sizeof(efi_map), 4);
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_OK(frame_bootinfo_parse_linux(&bi, linux_params));
	KT_ASSERT_OK(frame_bootinfo_finish(&bi));
	KT_ASSERT_EQ(bi.memmap_count, 3);
	KT_ASSERT_EQ(bi.memmap[0].length, 0x9f000);
	KT_ASSERT_EQ(bi.memmap[1].start, 0x100000);
	KT_ASSERT_EQ(bi.memmap[1].length, 0x200000);
	KT_ASSERT_EQ(bi.memmap[1].type, FRAME_MEM_USABLE);
	KT_ASSERT_EQ(bi.memmap[2].type, FRAME_MEM_ACPI_NVS);

	/* A descriptor size below UEFI's is refused. */
	put_le(linux_params, 0x1c8, 24, 4);
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_ERR(frame_bootinfo_parse_linux(&bi, linux_params), -EINVAL);
	KT_ASSERT_STREQ(bi.error, "the UEFI memory map's descriptor size 24 "
				  "is not UEFI's");
	/* Neither map. */
	put_le(linux_params, 0x1d4, 0, 4);
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_ERR(frame_bootinfo_parse_linux(&bi, linux_params), -EINVAL);
	KT_ASSERT_STREQ(bi.error, "boot_params has neither an E820 table nor "
				  "a UEFI memory map");
}

KTEST(linux_parser_rejects_bad_boot_params)
{
	static struct frame_bootinfo bi;

	memset(linux_params, 0, sizeof(linux_params));
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_ERR(frame_bootinfo_parse_linux(&bi, linux_params), -EINVAL);
	KT_ASSERT_STREQ(bi.error, "boot_params has header magic 0x0, not "
				  "0x53726448 (HdrS)");

	put_le(linux_params, 0x202, 0x53726448, 4);
	put_le(linux_params, 0x206, 0x020a, 2);
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_ERR(frame_bootinfo_parse_linux(&bi, linux_params), -EINVAL);
	KT_ASSERT_STREQ(bi.error, "boot_params is of boot protocol 2.10; the "
				  "frame needs 2.12");

	put_le(linux_params, 0x206, 0x020f, 2);
	linux_params[0x1e8] = 129;
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_ERR(frame_bootinfo_parse_linux(&bi, linux_params), -EINVAL);
	KT_ASSERT_STREQ(bi.error, "boot_params claims 129 E820 entries; it "
				  "holds at most 128");

	/* A command line pointer outside what the frame maps. */
	linux_params[0x1e8] = 0;
	put_le(linux_params, 0x228, 0x1000, 4);
	put_le(linux_params, 0x0c8, 0x100, 4);
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_ERR(frame_bootinfo_parse_linux(&bi, linux_params), -EINVAL);
	KT_ASSERT_STREQ(bi.error, "the command line at 0x10000001000 is not "
				  "readable");

	/* No E820 entries at all: finish refuses the empty map. */
	put_le(linux_params, 0x228, 0, 4);
	put_le(linux_params, 0x0c8, 0, 4);
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_OK(frame_bootinfo_parse_linux(&bi, linux_params));
	KT_ASSERT_ERR(frame_bootinfo_finish(&bi), -EINVAL);
}
