/* SPDX-License-Identifier: MIT */
/* The frame's boot information: building it, and the public accessors. */
#include "boot/bootinfo.h"

#include <stdarg.h>

#include <frame/errno.h>
#include <frame/format.h>
#include <frame/log.h>
#include <frame/string.h>

#include "arch/x86_64/layout.h"
#include "boot/linux_params.h"
#include "mm/mm.h"

struct frame_bootinfo frame_bootinfo;

/* Linker-script symbols bounding the image. */
extern const char frame_image_phys_start[];
extern const char frame_image_end[];

const void *frame_early_phys(uint64_t phys, uint64_t len)
{
	const uint64_t limit = (uint64_t)EARLY_IDENTITY_GIB << 30;

	if (!phys)
		return NULL;
	if (mm_kernel_tables_live())
		return mm_phys_is_mapped(phys, len)
			   ? mm_phys_to_virt(paddr(phys))
			   : NULL;
	if (phys >= limit || len > limit - phys)
		return NULL;
	return (const void *)(uintptr_t)phys;
}

void frame_copy_string(char *dst, size_t size, const char *src, size_t max,
		       bool *cut)
{
	size_t len = strnlen(src, max);

	if (len >= size) {
		len = size - 1;
		*cut = true;
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
}

void frame_kernel_image_phys(uint64_t *start, uint64_t *end)
{
	*start = (uint64_t)(uintptr_t)frame_image_phys_start;
	*end = (uint64_t)(uintptr_t)frame_image_end - KERNEL_VMA;
}

void frame_bootinfo_add_region(struct frame_bootinfo *bi, uint64_t start,
			       uint64_t length, uint32_t e820_type)
{
	struct frame_mem_region *r;

	if (!length)
		return;
	if (bi->memmap_count == BOOTINFO_MEMMAP_MAX) {
		bi->memmap_cut = true;
		return;
	}
	/* Clamp a region that would wrap past the top of the address space. */
	if (length > ~0ull - start)
		length = ~0ull - start + 1;

	r = &bi->memmap[bi->memmap_count++];
	r->start = start;
	r->length = length;
	switch (e820_type) {
	case E820_RAM:
		r->type = FRAME_MEM_USABLE;
		break;
	case E820_ACPI:
		r->type = FRAME_MEM_ACPI_RECLAIMABLE;
		break;
	case E820_NVS:
		r->type = FRAME_MEM_ACPI_NVS;
		break;
	case E820_UNUSABLE:
		r->type = FRAME_MEM_BAD;
		break;
	default:
		r->type = FRAME_MEM_RESERVED;
		break;
	}
}

int frame_bootinfo_error(struct frame_bootinfo *bi, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	frame_vsnprintf(bi->error, sizeof(bi->error), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

void frame_bootinfo_add_module(struct frame_bootinfo *bi, uint64_t start,
			       uint64_t size, const char *cmdline,
			       size_t cmdline_max)
{
	struct frame_boot_module *m;
	bool cut = false;

	if (bi->module_count == BOOTINFO_MODULES_MAX) {
		bi->modules_cut = true;
		return;
	}
	m = &bi->modules[bi->module_count++];
	m->start = start;
	m->size = size;
	if (cmdline)
		frame_copy_string(m->cmdline, sizeof(m->cmdline), cmdline,
				  cmdline_max, &cut);
	else
		m->cmdline[0] = '\0';
}

int frame_bootinfo_finish(struct frame_bootinfo *bi)
{
	/* Insertion sort: a handful of entries, usually already in order. */
	for (size_t i = 1; i < bi->memmap_count; i++) {
		struct frame_mem_region r = bi->memmap[i];
		size_t j = i;

		while (j > 0 && bi->memmap[j - 1].start > r.start) {
			bi->memmap[j] = bi->memmap[j - 1];
			j--;
		}
		bi->memmap[j] = r;
	}
	if (!bi->memmap_count)
		return frame_bootinfo_error(bi, "the boot loader passed no "
						"memory map");
	return 0;
}

int frame_bootinfo_init(uint32_t protocol, uint32_t info_phys, uint32_t magic)
{
	struct frame_bootinfo *bi = &frame_bootinfo;
	const void *info;
	int ret;

	memset(bi, 0, sizeof(*bi));
	info = frame_early_phys(info_phys, 64);
	if (!info) {
		ret = frame_bootinfo_error(bi,
					   "the boot information pointer "
					   "0x%x is not usable",
					   info_phys);
		goto out;
	}

	switch (protocol) {
	case BOOT_PROTO_MULTIBOOT2:
		if (magic != MB2_BOOTLOADER_MAGIC) {
			ret = frame_bootinfo_error(
			    bi,
			    "entered through the multiboot2 entry with "
			    "magic 0x%x, not 0x%x",
			    magic, MB2_BOOTLOADER_MAGIC);
			goto out;
		}
		/* It starts with its size; all of it must be mapped. */
		info = frame_early_phys(info_phys, *(const uint32_t *)info);
		if (!info) {
			ret = frame_bootinfo_error(bi,
						   "the multiboot2 information "
						   "at 0x%x is not readable",
						   info_phys);
			goto out;
		}
		ret = frame_bootinfo_parse_multiboot2(bi, info);
		break;
	case BOOT_PROTO_PVH:
		ret = frame_bootinfo_parse_pvh(bi, info);
		break;
	case BOOT_PROTO_LINUX:
		info = frame_early_phys(info_phys, LINUX_BOOT_PARAMS_SIZE);
		if (!info) {
			ret = frame_bootinfo_error(bi,
						   "boot_params at 0x%x is "
						   "not readable",
						   info_phys);
			goto out;
		}
		ret = frame_bootinfo_parse_linux(bi, info);
		break;
	default:
		ret = frame_bootinfo_error(bi, "unknown boot protocol %u",
					   protocol);
		break;
	}
	if (!ret)
		ret = frame_bootinfo_finish(bi);
out:
	if (ret)
		log_error("%s", bi->error);
	return ret;
}

void frame_bootinfo_log(void)
{
	const struct frame_bootinfo *bi = &frame_bootinfo;

	log_debug("booted through %s by '%s'", frame_boot_protocol_name(),
		  bi->loader_name);
	for (size_t i = 0; i < bi->module_count; i++) {
		const struct frame_boot_module *m = &bi->modules[i];

		log_debug("module %zu: 0x%llx-0x%llx (%llu bytes) '%s'", i,
			  (unsigned long long)m->start,
			  (unsigned long long)(m->start + m->size),
			  (unsigned long long)m->size, m->cmdline);
	}
	if (bi->efi_systab)
		log_debug("UEFI system table at 0x%llx",
			  (unsigned long long)bi->efi_systab);
	if (bi->loader_name_cut)
		log_warn("the boot loader's name was cut to %d characters",
			 BOOTINFO_LOADER_MAX - 1);
	if (bi->cmdline_cut)
		log_warn("the command line was cut to %d characters",
			 BOOTINFO_CMDLINE_MAX - 1);
	if (bi->memmap_cut)
		log_warn("the memory map has more than %d regions; the rest "
			 "are ignored",
			 BOOTINFO_MEMMAP_MAX);
	if (bi->modules_cut)
		log_warn("more than %d boot modules; the rest are ignored",
			 BOOTINFO_MODULES_MAX);
}

enum frame_boot_protocol frame_boot_protocol(void)
{
	return frame_bootinfo.protocol;
}

const char *frame_boot_protocol_name(void)
{
	switch (frame_bootinfo.protocol) {
	case FRAME_BOOT_PVH:
		return "PVH";
	case FRAME_BOOT_LINUX:
		return "Linux";
	default:
		return "multiboot2";
	}
}

const char *frame_boot_loader_name(void)
{
	return frame_bootinfo.loader_name;
}

const char *frame_cmdline(void)
{
	return frame_bootinfo.cmdline;
}

size_t frame_memmap_count(void)
{
	return frame_bootinfo.memmap_count;
}

int frame_memmap_get(size_t index, struct frame_mem_region *out)
{
	if (index >= frame_bootinfo.memmap_count)
		return -ENOENT;
	*out = frame_bootinfo.memmap[index];
	return 0;
}

const char *frame_mem_type_name(enum frame_mem_type type)
{
	switch (type) {
	case FRAME_MEM_USABLE:
		return "usable";
	case FRAME_MEM_RESERVED:
		return "reserved";
	case FRAME_MEM_ACPI_RECLAIMABLE:
		return "ACPI reclaimable";
	case FRAME_MEM_ACPI_NVS:
		return "ACPI NVS";
	case FRAME_MEM_BAD:
		return "bad";
	}
	return "unknown";
}
