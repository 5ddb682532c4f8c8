/* SPDX-License-Identifier: MIT */
/* Finding the ACPI tables and copying them out of firmware memory. */
#include "arch/x86_64/acpi/acpi.h"

#include <frame/errno.h>
#include <frame/heap.h>
#include <frame/log.h>
#include <frame/string.h>

#include "boot/bootinfo.h"
#include "mm/mm.h"

/* The Root System Description Pointer (ACPI 5.2.5.3). */
struct acpi_rsdp {
	char signature[8]; /* "RSD PTR " */
	uint8_t checksum;  /* over the first 20 bytes */
	char oem_id[6];
	uint8_t revision; /* 0: ACPI 1.0, only the first 20 bytes exist */
	uint32_t rsdt_address;
	/* revision 2 and later: */
	uint32_t length;
	uint64_t xsdt_address;
	uint8_t extended_checksum; /* over all `length` bytes */
	uint8_t reserved[3];
} __packed;

BUILD_BUG_ON(sizeof(struct acpi_rsdp) != 36);

#define RSDP_V1_LENGTH 20

/* Where a BIOS leaves the RSDP (ACPI 5.2.5.1). */
#define BDA_EBDA_SEGMENT 0x40e /* a 16-bit real-mode segment */
#define EBDA_SEARCH_LEN	 1024
#define BIOS_ROM_START	 0xe0000
#define BIOS_ROM_END	 0x100000

/* The root table: its physical address and the width of its entries. */
static uint64_t root_phys;
static unsigned int root_entry_size; /* 8: XSDT, 4: RSDT */
static bool acpi_found;

/*
 * Firmware memory seen through the kernel's maps: the direct map when the
 * memory map calls the range RAM or ACPI, otherwise an uncached mapping in
 * the I/O window (SeaBIOS puts its tables in "reserved" memory, which the
 * direct map leaves out). Only ever read.
 */
struct acpi_window {
	const uint8_t *p;
	uint64_t len;
	bool iomapped;
};

static int acpi_map(uint64_t pa, uint64_t len, struct acpi_window *w)
{
	if (!pa || !len || len > ACPI_TABLE_MAX || pa > ~0ull - len)
		return -EINVAL;
	w->len = len;
	w->iomapped = !mm_phys_is_mapped(pa, len);
	if (w->iomapped)
		w->p = mm_iomap(pa, len);
	else
		w->p = mm_phys_to_virt(paddr(pa));
	return w->p ? 0 : -ENOMEM;
}

static void acpi_unmap(struct acpi_window *w)
{
	if (w->iomapped)
		mm_iounmap((void *)(uintptr_t)w->p, w->len);
	w->p = NULL;
}

bool arch_acpi_checksum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + b[i]);
	return sum == 0;
}

/* Whether @p (with @avail bytes readable) holds a valid RSDP. */
static bool rsdp_valid(const uint8_t *p, size_t avail)
{
	struct acpi_rsdp r;

	if (avail < RSDP_V1_LENGTH || memcmp(p, "RSD PTR ", 8))
		return false;
	if (!arch_acpi_checksum_ok(p, RSDP_V1_LENGTH))
		return false;
	memset(&r, 0, sizeof(r));
	memcpy(&r, p, MIN(avail, sizeof(r)));
	if (r.revision < 2)
		return true;
	return avail >= sizeof(r) && r.length >= sizeof(r) &&
	       arch_acpi_checksum_ok(p, sizeof(r));
}

/*
 * Scan [@pa, @pa + @len) on 16-byte boundaries for a valid RSDP and copy
 * it to @out. Returns 0 or -ENOENT.
 */
static int rsdp_scan(uint64_t pa, uint64_t len, struct acpi_rsdp *out)
{
	struct acpi_window w;
	int ret = -ENOENT;

	if (acpi_map(pa, len, &w))
		return -ENOENT;
	for (uint64_t off = 0; off + RSDP_V1_LENGTH <= len; off += 16) {
		if (rsdp_valid(w.p + off, len - off)) {
			memset(out, 0, sizeof(*out));
			memcpy(out, w.p + off, MIN(len - off, sizeof(*out)));
			ret = 0;
			break;
		}
	}
	acpi_unmap(&w);
	return ret;
}

/* Copy a valid RSDP at exactly @pa to @out. Returns 0 or -ENOENT. */
static int rsdp_at(uint64_t pa, struct acpi_rsdp *out)
{
	struct acpi_window w;
	int ret = -ENOENT;

	if (acpi_map(pa, sizeof(*out), &w))
		return -ENOENT;
	if (rsdp_valid(w.p, sizeof(*out))) {
		memcpy(out, w.p, sizeof(*out));
		ret = 0;
	}
	acpi_unmap(&w);
	return ret;
}

/*
 * The RSDP the boot loader passed, checked like one found by scanning:
 * a copy in the multiboot2 information, or PVH's address. Under UEFI it
 * is the only way to the tables, which live anywhere in memory.
 */
static int rsdp_from_loader(const struct frame_bootinfo *bi,
			    struct acpi_rsdp *out)
{
	memset(out, 0, sizeof(*out));
	if (bi->rsdp_len && bi->rsdp_len <= sizeof(bi->rsdp) &&
	    rsdp_valid(bi->rsdp, bi->rsdp_len)) {
		memcpy(out, bi->rsdp, MIN(bi->rsdp_len, sizeof(*out)));
		return 0;
	}
	if (bi->rsdp_phys && !rsdp_at(bi->rsdp_phys, out))
		return 0;
	return -ENOENT;
}

/* The root table and entry size of an RSDP. */
static void rsdp_root(const struct acpi_rsdp *r, uint64_t *root,
		      unsigned int *entry_size)
{
	if (r->revision >= 2 && r->xsdt_address) {
		*root = r->xsdt_address;
		*entry_size = 8;
	} else {
		*root = r->rsdt_address;
		*entry_size = 4;
	}
}

int arch_acpi_loader_root(const struct frame_bootinfo *bi, uint64_t *root,
			  unsigned int *entry_size)
{
	struct acpi_rsdp r;

	if (rsdp_from_loader(bi, &r))
		return -ENOENT;
	rsdp_root(&r, root, entry_size);
	return 0;
}

static int rsdp_find(struct acpi_rsdp *out)
{
	struct acpi_window w;
	uint16_t segment = 0;

	if (!rsdp_from_loader(&frame_bootinfo, out)) {
		log_debug("acpi: RSDP passed by the boot loader");
		return 0;
	}

	if (!acpi_map(BDA_EBDA_SEGMENT, sizeof(segment), &w)) {
		memcpy(&segment, w.p, sizeof(segment));
		acpi_unmap(&w);
	}
	/* A segment pointing into conventional memory, else ignore it. */
	if (segment >= 0x1000 && ((uint64_t)segment << 4) < BIOS_ROM_START &&
	    !rsdp_scan((uint64_t)segment << 4, EBDA_SEARCH_LEN, out))
		return 0;
	return rsdp_scan(BIOS_ROM_START, BIOS_ROM_END - BIOS_ROM_START, out);
}

/*
 * Copy the table at @pa into the heap after checking its length (at
 * least a header, at most ACPI_TABLE_MAX) and checksum.
 */
static int table_copy_at(uint64_t pa, void **out, size_t *len)
{
	struct acpi_sdt_header h;
	struct acpi_window w;
	void *copy;
	int ret;

	ret = acpi_map(pa, sizeof(h), &w);
	if (ret)
		return ret;
	memcpy(&h, w.p, sizeof(h));
	acpi_unmap(&w);
	if (h.length < sizeof(h) || h.length > ACPI_TABLE_MAX)
		return -EINVAL;

	copy = frame_alloc(h.length);
	if (!copy)
		return -ENOMEM;
	ret = acpi_map(pa, h.length, &w);
	if (ret)
		goto out_free;
	memcpy(copy, w.p, h.length);
	acpi_unmap(&w);
	if (!arch_acpi_checksum_ok(copy, h.length)) {
		ret = -EINVAL;
		goto out_free;
	}
	*out = copy;
	*len = h.length;
	return 0;

out_free:
	frame_free(copy);
	return ret;
}

int arch_acpi_init(void)
{
	struct acpi_rsdp rsdp;
	void *root;
	size_t len;
	int ret;

	if (rsdp_find(&rsdp)) {
		log_info("acpi: no RSDP from the boot loader or in the "
			 "BIOS areas");
		return -ENOENT;
	}
	rsdp_root(&rsdp, &root_phys, &root_entry_size);
	/* Check the root table once, so that lookups can trust it. */
	ret = table_copy_at(root_phys, &root, &len);
	if (ret) {
		log_warn("acpi: the root table at 0x%llx is unusable (%s)",
			 (unsigned long long)root_phys, frame_errno_name(ret));
		return -ENOENT;
	}
	frame_free(root);
	acpi_found = true;
	log_debug("acpi: revision %u, %s at 0x%llx", rsdp.revision,
		  root_entry_size == 8 ? "XSDT" : "RSDT",
		  (unsigned long long)root_phys);
	return 0;
}

bool arch_acpi_present(void)
{
	return acpi_found;
}

int arch_acpi_table_copy(const char signature[4], void **out, size_t *len)
{
	const uint8_t *entries;
	uint8_t *root;
	size_t root_len, count;
	int ret;

	if (!acpi_found)
		return -ENOENT;
	ret = table_copy_at(root_phys, (void **)&root, &root_len);
	if (ret)
		return ret;
	entries = root + sizeof(struct acpi_sdt_header);
	count = (root_len - sizeof(struct acpi_sdt_header)) / root_entry_size;
	ret = -ENOENT;
	for (size_t i = 0; i < count; i++) {
		uint64_t pa = 0;
		struct acpi_sdt_header h;
		struct acpi_window w;

		/* Entries are packed: an XSDT's 8-byte ones are unaligned. */
		memcpy(&pa, entries + i * root_entry_size, root_entry_size);
		if (acpi_map(pa, sizeof(h), &w))
			continue;
		memcpy(&h, w.p, sizeof(h));
		acpi_unmap(&w);
		if (memcmp(h.signature, signature, 4))
			continue;
		ret = table_copy_at(pa, out, len);
		break;
	}
	frame_free(root);
	return ret;
}
