/* SPDX-License-Identifier: MIT */
/* ktests for the RSDP a boot loader passes (multiboot2 tags, PVH address). */
#include "arch/x86_64/acpi/acpi.h"

#include <frame/errno.h>
#include <frame/ktest.h>
#include <frame/string.h>

#include "arch/x86_64/layout.h"
#include "boot/bootinfo.h"

/* Make the @len bytes at @p sum to 0 by adjusting the byte at @at. */
static void fix_sum(uint8_t *p, size_t len, size_t at)
{
	uint8_t sum = 0;

	p[at] = 0;
	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + p[i]);
	p[at] = (uint8_t)-sum;
}

/* An RSDP of @revision pointing at RSDT 0x1234000 and XSDT 0x5678000. */
static void make_rsdp(uint8_t r[36], uint8_t revision)
{
	uint32_t rsdt = 0x1234000, length = 36;
	uint64_t xsdt = 0x5678000;

	memset(r, 0, 36);
	memcpy(r, "RSD PTR ", 8);
	memcpy(r + 9, "KTEST ", 6);
	r[15] = revision;
	memcpy(r + 16, &rsdt, 4);
	memcpy(r + 20, &length, 4);
	memcpy(r + 24, &xsdt, 8);
	fix_sum(r, 20, 8);
	fix_sum(r, 36, 32);
}

static struct frame_bootinfo bi;
static uint8_t rsdp_in_image[36] __aligned(16);

KTEST(acpi_loader_rsdp_copy_from_multiboot2)
{
	uint64_t root = 0;
	unsigned int size = 0;

	/* ACPI 2.0 copy (the new tag): the XSDT is used. */
	memset(&bi, 0, sizeof(bi));
	make_rsdp(bi.rsdp, 2);
	bi.rsdp_len = 36;
	KT_ASSERT_OK(arch_acpi_loader_root(&bi, &root, &size));
	KT_ASSERT_EQ(root, 0x5678000);
	KT_ASSERT_EQ(size, 8);

	/* ACPI 1.0 copy (the old tag, 20 bytes): the RSDT. */
	memset(&bi, 0, sizeof(bi));
	make_rsdp(bi.rsdp, 0);
	memset(bi.rsdp + 20, 0, 16);
	bi.rsdp_len = 20;
	KT_ASSERT_OK(arch_acpi_loader_root(&bi, &root, &size));
	KT_ASSERT_EQ(root, 0x1234000);
	KT_ASSERT_EQ(size, 4);

	/* A bad checksum, or a revision-2 RSDP cut to 20 bytes: ignored. */
	memset(&bi, 0, sizeof(bi));
	make_rsdp(bi.rsdp, 2);
	bi.rsdp[8] ^= 1;
	bi.rsdp_len = 36;
	KT_ASSERT_ERR(arch_acpi_loader_root(&bi, &root, &size), -ENOENT);
	make_rsdp(bi.rsdp, 2);
	bi.rsdp_len = 20;
	KT_ASSERT_ERR(arch_acpi_loader_root(&bi, &root, &size), -ENOENT);

	/* Nothing passed. */
	memset(&bi, 0, sizeof(bi));
	KT_ASSERT_ERR(arch_acpi_loader_root(&bi, &root, &size), -ENOENT);
}

KTEST(acpi_loader_rsdp_address_from_pvh)
{
	uint64_t root = 0;
	unsigned int size = 0;

	/* PVH's rsdp_paddr: here a static of the kernel image. */
	make_rsdp(rsdp_in_image, 2);
	memset(&bi, 0, sizeof(bi));
	bi.rsdp_phys = (uint64_t)(uintptr_t)rsdp_in_image - KERNEL_VMA;
	KT_ASSERT_OK(arch_acpi_loader_root(&bi, &root, &size));
	KT_ASSERT_EQ(root, 0x5678000);
	KT_ASSERT_EQ(size, 8);

	/* The extended checksum is checked too. */
	rsdp_in_image[35] ^= 0x40;
	KT_ASSERT_ERR(arch_acpi_loader_root(&bi, &root, &size), -ENOENT);
}

KTEST(acpi_found_on_this_boot)
{
	/* QEMU's firmware always provides ACPI tables, whether the loader
	 * passed the RSDP (PVH, multiboot2's tags) or left it to the scan. */
	KT_ASSERT(arch_acpi_present());
}
