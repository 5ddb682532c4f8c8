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
