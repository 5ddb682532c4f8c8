/* SPDX-License-Identifier: MIT */
/* Reading the multiboot2 boot information (GRUB's handoff). */
#include "boot/bootinfo.h"

#include <frame/errno.h>
#include <frame/string.h>

/* Tag types of the multiboot2 specification that the frame reads. */
#define MB2_TAG_END	    0
#define MB2_TAG_CMDLINE	    1
#define MB2_TAG_LOADER_NAME 2
#define MB2_TAG_MODULE	    3
#define MB2_TAG_MMAP	    6
#define MB2_TAG_ACPI_OLD    14
#define MB2_TAG_ACPI_NEW    15
#define MB2_TAG_EFI_MMAP    17
#define MB2_TAG_EFI_BS	    18

/* The information starts with its size; tags follow, 8-byte aligned. */
struct mb2_info_header {
	uint32_t total_size;
	uint32_t reserved;
};

struct mb2_tag {
	uint32_t type;
	uint32_t size; /* including this header, excluding the padding */
};

struct mb2_tag_module {
	struct mb2_tag tag;
	uint32_t mod_start;
	uint32_t mod_end;
	/* followed by the module's NUL-terminated command line */
};

struct mb2_tag_mmap {
	struct mb2_tag tag;
	uint32_t entry_size;
	uint32_t entry_version;
	/* followed by entries of entry_size bytes */
};

struct mb2_mmap_entry {
	uint64_t base_addr;
	uint64_t length;
	uint32_t type;
	uint32_t reserved;
};

struct mb2_tag_efi_mmap {
	struct mb2_tag tag;
	uint32_t desc_size;
	uint32_t desc_version;
	/* followed by descriptors of desc_size bytes */
};

/* Far more than GRUB ever passes; bounds a corrupt total_size. */
#define MB2_INFO_MAX (1u << 20)

static int mb2_mmap(struct frame_bootinfo *bi, const uint8_t *tag,
		    uint32_t size)
{
	struct mb2_tag_mmap h;

	if (size < sizeof(h))
		return -EINVAL;
	memcpy(&h, tag, sizeof(h));
	if (h.entry_size < sizeof(struct mb2_mmap_entry) || h.entry_size % 8)
		return -EINVAL;
	for (uint32_t off = sizeof(h); off + h.entry_size <= size;
	     off += h.entry_size) {
		struct mb2_mmap_entry e;

		memcpy(&e, tag + off, sizeof(e));
		frame_bootinfo_add_region(bi, e.base_addr, e.length, e.type);
	}
	return 0;
}

/* Read the UEFI memory map the tag carries (efi_map.c). */
static int mb2_efi_mmap(struct frame_bootinfo *bi, const uint8_t *tag,
			uint32_t size, bool bs_running)
{
	struct mb2_tag_efi_mmap h;

	if (size < sizeof(h))
		return -EINVAL;
	memcpy(&h, tag, sizeof(h));
	return frame_bootinfo_add_efi_map(bi, tag + sizeof(h),
					  size - sizeof(h), h.desc_size,
					  bs_running);
}

/*
 * Keep the RSDP copy an ACPI tag carries; the newer (ACPI 2.0+) tag wins
 * over the old one whatever their order. Validated later, by the ACPI code.
 */
static int mb2_acpi(struct frame_bootinfo *bi, const uint8_t *tag,
		    uint32_t size, bool is_new)
{
	uint32_t len = size - sizeof(struct mb2_tag);

	if (len < BOOTINFO_RSDP_V1_LEN)
		return -EINVAL;
	if (!is_new && bi->rsdp_len > BOOTINFO_RSDP_V1_LEN)
		return 0;
	if (len > sizeof(bi->rsdp))
		len = sizeof(bi->rsdp);
	memset(bi->rsdp, 0, sizeof(bi->rsdp));
	memcpy(bi->rsdp, tag + sizeof(struct mb2_tag), len);
	bi->rsdp_len = is_new ? len : BOOTINFO_RSDP_V1_LEN;
	return 0;
}

static int mb2_module(struct frame_bootinfo *bi, const uint8_t *tag,
		      uint32_t size)
{
	struct mb2_tag_module m;

	if (size < sizeof(m))
		return -EINVAL;
	memcpy(&m, tag, sizeof(m));
	if (m.mod_end < m.mod_start)
		return -EINVAL;
	frame_bootinfo_add_module(bi, m.mod_start, m.mod_end - m.mod_start,
				  (const char *)tag + sizeof(m),
				  size - sizeof(m));
	return 0;
}

/*
 * Read one memory map once every tag is known (a bootstrap tag may follow
 * the map). GRUB on UEFI passes both its E820-style map, derived from
 * the firmware's, and the firmware's own; the latter is preferred since
 * it is the source and says what boot services held.
 */
static int mb2_memory_map(struct frame_bootinfo *bi, const uint8_t *base,
			  uint32_t mmap_off, uint32_t efi_off, bool bs_running)
{
	uint32_t off = efi_off ? efi_off : mmap_off;
	struct mb2_tag tag;
	int ret;

	if (!off)
		return 0; /* frame_bootinfo_finish() reports the missing map */
	memcpy(&tag, base + off, sizeof(tag));
	if (efi_off)
		ret = mb2_efi_mmap(bi, base + off, tag.size, bs_running);
	else
		ret = mb2_mmap(bi, base + off, tag.size);
	if (ret)
		return frame_bootinfo_error(bi,
					    "multiboot2 tag %u at "
					    "offset %u is malformed",
					    tag.type, off);
	return 0;
}

int frame_bootinfo_parse_multiboot2(struct frame_bootinfo *bi, const void *info)
{
	const uint8_t *base = info;
	struct mb2_info_header hdr;
	uint32_t off = sizeof(hdr);
	uint32_t mmap_off = 0, efi_off = 0;
	bool ended = false, bs_running = false;
	int ret = 0;

	bi->protocol = FRAME_BOOT_MULTIBOOT2;
	frame_strscpy(bi->loader_name, "unnamed multiboot2 loader",
		      sizeof(bi->loader_name));

	memcpy(&hdr, base, sizeof(hdr));
	if (hdr.total_size < sizeof(hdr) + sizeof(struct mb2_tag) ||
	    hdr.total_size > MB2_INFO_MAX) {
		return frame_bootinfo_error(bi,
					    "multiboot2 information of %u "
					    "bytes is malformed",
					    hdr.total_size);
	}

	while (!ended && off + sizeof(struct mb2_tag) <= hdr.total_size) {
		const uint8_t *p = base + off;
		struct mb2_tag tag;

		memcpy(&tag, p, sizeof(tag));
		if (tag.size < sizeof(tag) || tag.size > hdr.total_size - off) {
			return frame_bootinfo_error(bi,
						    "multiboot2 tag %u at "
						    "offset %u has a bad "
						    "size %u",
						    tag.type, off, tag.size);
		}

		switch (tag.type) {
		case MB2_TAG_END:
			ended = true;
			break;
		case MB2_TAG_CMDLINE:
			frame_copy_string(bi->cmdline, sizeof(bi->cmdline),
					  (const char *)p + sizeof(tag),
					  tag.size - sizeof(tag),
					  &bi->cmdline_cut);
			break;
		case MB2_TAG_LOADER_NAME:
			frame_copy_string(
			    bi->loader_name, sizeof(bi->loader_name),
			    (const char *)p + sizeof(tag),
			    tag.size - sizeof(tag), &bi->loader_name_cut);
			break;
		case MB2_TAG_MODULE:
			ret = mb2_module(bi, p, tag.size);
			break;
		case MB2_TAG_MMAP:
			mmap_off = off;
			break;
		case MB2_TAG_EFI_MMAP:
			efi_off = off;
			break;
		case MB2_TAG_EFI_BS:
			bs_running = true;
			break;
		case MB2_TAG_ACPI_OLD:
		case MB2_TAG_ACPI_NEW:
			ret = mb2_acpi(bi, p, tag.size,
				       tag.type == MB2_TAG_ACPI_NEW);
			break;
		default:
			break; /* framebuffer, EFI tables...: left alone */
		}
		if (ret)
			return frame_bootinfo_error(bi,
						    "multiboot2 tag %u at "
						    "offset %u is malformed",
						    tag.type, off);
		off += (tag.size + 7) & ~7u;
	}
	if (!ended)
		return frame_bootinfo_error(bi, "multiboot2 information has no "
						"end tag");
	return mb2_memory_map(bi, base, mmap_off, efi_off, bs_running);
}
