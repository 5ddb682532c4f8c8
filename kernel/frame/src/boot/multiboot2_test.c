/* SPDX-License-Identifier: MIT */
/* ktests for what GRUB passes on UEFI: the EFI memory map and ACPI tags. */
#include "boot/bootinfo.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>

/* Little builder for synthetic multiboot2 information, 8-byte aligned. */
struct mb2_builder {
	uint8_t buf[1024] __aligned(8);
	uint32_t len;
};

static void mb2_begin(struct mb2_builder *b)
{
	memset(b, 0, sizeof(*b));
	b->len = 8; /* total_size and reserved, written by mb2_end() */
}

static void mb2_put(struct mb2_builder *b, const void *p, uint32_t n)
{
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}

/* Append a tag of @type whose body is @body (@n bytes), then pad. */
static void mb2_tag(struct mb2_builder *b, uint32_t type, const void *body,
		    uint32_t n)
{
	uint32_t hdr[2] = { type, 8 + n };

	mb2_put(b, hdr, sizeof(hdr));
	if (n)
		mb2_put(b, body, n);
	b->len = (b->len + 7) & ~7u;
}

static const void *mb2_end(struct mb2_builder *b)
{
	mb2_tag(b, 0, NULL, 0);
	memcpy(b->buf, &b->len, sizeof(b->len));
	return b->buf;
}

/* An EFI memory map tag body: descriptor size 48 (larger than the 40 of
 * the structure, as real firmware passes), version 1. */
struct efi_map {
	uint32_t desc_size, desc_version;
	uint64_t d[8][6]; /* type, start, virtual, pages, attribute, extra */
};

static void efi_desc(struct efi_map *m, int i, uint32_t type, uint64_t start,
		     uint64_t pages)
{
	m->d[i][0] = type;
	m->d[i][1] = start;
	m->d[i][2] = 0;
	m->d[i][3] = pages;
	m->d[i][4] = 0xf;
	m->d[i][5] = 0xdeadbeef;
}

static void efi_map_fill(struct efi_map *m)
{
	memset(m, 0, sizeof(*m));
	m->desc_size = 48;
	m->desc_version = 1;
	efi_desc(m, 0, 7, 0, 0xa0);	    /* conventional */
	efi_desc(m, 1, 0, 0xa0000, 0x60);   /* reserved */
	efi_desc(m, 2, 2, 0x100000, 0x100); /* loader data */
	efi_desc(m, 3, 7, 0x200000, 0x200); /* conventional: merges */
	efi_desc(m, 4, 4, 0x400000, 0x10);  /* boot services data */
	efi_desc(m, 5, 9, 0x410000, 0x4);   /* ACPI reclaim */
	efi_desc(m, 6, 10, 0x414000, 0x4);  /* ACPI NVS */
	efi_desc(m, 7, 11, 0xfec00000, 1);  /* MMIO */
}

/* An E820-style map tag with a single region that must be ignored. */
static const uint32_t e820_map_body[] = { 24, 0, 0x100000, 0, 0x1000, 0, 1, 0 };

static struct mb2_builder builder;
static struct frame_bootinfo bi;

KTEST(multiboot2_efi_memory_map_is_preferred_and_merged)
{
	static struct efi_map m;
	const void *info;

	efi_map_fill(&m);
	mb2_begin(&builder);
	mb2_tag(&builder, 6, e820_map_body, sizeof(e820_map_body));
	mb2_tag(&builder, 17, &m, sizeof(m));
	info = mb2_end(&builder);

	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_OK(frame_bootinfo_parse_multiboot2(&bi, info));
	KT_ASSERT_OK(frame_bootinfo_finish(&bi));
	/* Loader data, conventional and boot services data are one run. */
	KT_ASSERT_EQ(bi.memmap_count, 6);
	KT_ASSERT_EQ(bi.memmap[0].start, 0);
	KT_ASSERT_EQ(bi.memmap[0].length, 0xa0000);
	KT_ASSERT_EQ(bi.memmap[0].type, FRAME_MEM_USABLE);
	KT_ASSERT_EQ(bi.memmap[1].type, FRAME_MEM_RESERVED);
	KT_ASSERT_EQ(bi.memmap[2].start, 0x100000);
	KT_ASSERT_EQ(bi.memmap[2].length, 0x310000);
	KT_ASSERT_EQ(bi.memmap[2].type, FRAME_MEM_USABLE);
	KT_ASSERT_EQ(bi.memmap[3].type, FRAME_MEM_ACPI_RECLAIMABLE);
	KT_ASSERT_EQ(bi.memmap[4].type, FRAME_MEM_ACPI_NVS);
	KT_ASSERT_EQ(bi.memmap[5].start, 0xfec00000);
	KT_ASSERT_EQ(bi.memmap[5].type, FRAME_MEM_RESERVED);
}

KTEST(multiboot2_efi_boot_services_memory_stays_reserved_if_running)
{
	static struct efi_map m;
	const void *info;

	efi_map_fill(&m);
	mb2_begin(&builder);
	mb2_tag(&builder, 17, &m, sizeof(m));
	mb2_tag(&builder, 18, NULL, 0); /* boot services not terminated */
	info = mb2_end(&builder);

	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_OK(frame_bootinfo_parse_multiboot2(&bi, info));
	KT_ASSERT_OK(frame_bootinfo_finish(&bi));
	/* The loader's data stays reserved, and so joins the reserved run
	 * below it; conventional memory, then boot services data, reserved
	 * too. */
	KT_ASSERT_EQ(bi.memmap_count, 7);
	KT_ASSERT_EQ(bi.memmap[1].start, 0xa0000);
	KT_ASSERT_EQ(bi.memmap[1].length, 0x160000);
	KT_ASSERT_EQ(bi.memmap[1].type, FRAME_MEM_RESERVED);
	KT_ASSERT_EQ(bi.memmap[2].start, 0x200000);
	KT_ASSERT_EQ(bi.memmap[2].type, FRAME_MEM_USABLE);
	KT_ASSERT_EQ(bi.memmap[3].start, 0x400000);
	KT_ASSERT_EQ(bi.memmap[3].length, 0x10000);
	KT_ASSERT_EQ(bi.memmap[3].type, FRAME_MEM_RESERVED);
}

KTEST(multiboot2_efi_memory_map_rejects_small_descriptors)
{
	static struct efi_map m;
	const void *info;

	efi_map_fill(&m);
	m.desc_size = 32;
	mb2_begin(&builder);
	mb2_tag(&builder, 17, &m, sizeof(m));
	info = mb2_end(&builder);

	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_ERR(frame_bootinfo_parse_multiboot2(&bi, info), -EINVAL);
	KT_ASSERT_STREQ(bi.error, "multiboot2 tag 17 at offset 8 is malformed");
}

KTEST(multiboot2_acpi_new_tag_wins_over_old)
{
	uint8_t v1[20], v2[36];
	const void *info;

	memset(v1, 0x11, sizeof(v1));
	memset(v2, 0x22, sizeof(v2));

	/* New first, then old: the new one is kept. */
	mb2_begin(&builder);
	mb2_tag(&builder, 6, e820_map_body, sizeof(e820_map_body));
	mb2_tag(&builder, 15, v2, sizeof(v2));
	mb2_tag(&builder, 14, v1, sizeof(v1));
	info = mb2_end(&builder);
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_OK(frame_bootinfo_parse_multiboot2(&bi, info));
	KT_ASSERT_EQ(bi.rsdp_len, 36);
	KT_ASSERT_EQ(bi.rsdp[0], 0x22);
	KT_ASSERT_EQ(bi.rsdp[35], 0x22);
	/* The E820-style map is used when there is no EFI map. */
	KT_ASSERT_EQ(bi.memmap_count, 1);
	KT_ASSERT_EQ(bi.memmap[0].start, 0x100000);

	/* Old alone: 20 bytes. */
	mb2_begin(&builder);
	mb2_tag(&builder, 14, v1, sizeof(v1));
	info = mb2_end(&builder);
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_OK(frame_bootinfo_parse_multiboot2(&bi, info));
	KT_ASSERT_EQ(bi.rsdp_len, 20);
	KT_ASSERT_EQ(bi.rsdp[19], 0x11);
	KT_ASSERT_EQ(bi.rsdp[20], 0);

	/* A tag too short for any RSDP is malformed. */
	mb2_begin(&builder);
	mb2_tag(&builder, 14, v1, 12);
	info = mb2_end(&builder);
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_ERR(frame_bootinfo_parse_multiboot2(&bi, info), -EINVAL);
}
