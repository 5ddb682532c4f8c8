/* SPDX-License-Identifier: MIT */
/* Reading the PVH start information (QEMU -kernel's and Xen's handoff). */
#include "boot/bootinfo.h"

#include <frame/errno.h>
#include <frame/string.h>

#include "arch/x86_64/layout.h"

/* The layouts of Xen's public start_info.h (arch-x86/hvm), version 1. */
struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	/* version 1 and later: */
	uint64_t memmap_paddr;
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

struct hvm_memmap_table_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type; /* E820 numbering */
	uint32_t reserved;
};

/* Bounds that a sane loader stays far below. */
#define PVH_MODULES_MAX 1024
#define PVH_MEMMAP_MAX	4096

static int pvh_modules(struct frame_bootinfo *bi,
		       const struct hvm_start_info *si)
{
	const struct hvm_modlist_entry *mods;

	if (!si->nr_modules)
		return 0;
	if (si->nr_modules > PVH_MODULES_MAX)
		return -EINVAL;
	mods = frame_early_phys(si->modlist_paddr,
				(uint64_t)si->nr_modules * sizeof(*mods));
	if (!mods)
		return -EINVAL;
	for (uint32_t i = 0; i < si->nr_modules; i++) {
		struct hvm_modlist_entry m;
		char cmdline[BOOTINFO_MODULE_CMDLINE_MAX] = "";
		bool cut = false;

		memcpy(&m, &mods[i], sizeof(m));
		if (m.cmdline_paddr &&
		    frame_copy_phys_string(m.cmdline_paddr, cmdline,
					   sizeof(cmdline), sizeof(cmdline),
					   &cut))
			return -EINVAL;
		frame_bootinfo_add_module(bi, m.paddr, m.size, cmdline,
					  sizeof(cmdline));
	}
	return 0;
}

static int pvh_memmap(struct frame_bootinfo *bi,
		      const struct hvm_start_info *si)
{
	const struct hvm_memmap_table_entry *map;

	if (si->version < 1 || !si->memmap_entries)
		return frame_bootinfo_error(bi,
					    "PVH start info version %u "
					    "carries no memory map",
					    si->version);
	if (si->memmap_entries > PVH_MEMMAP_MAX)
		map = NULL;
	else
		map = frame_early_phys(si->memmap_paddr,
				       (uint64_t)si->memmap_entries *
					   sizeof(*map));
	if (!map)
		return frame_bootinfo_error(
		    bi,
		    "PVH memory map (%u entries "
		    "at 0x%llx) is not readable",
		    si->memmap_entries, (unsigned long long)si->memmap_paddr);
	for (uint32_t i = 0; i < si->memmap_entries; i++) {
		struct hvm_memmap_table_entry e;

		memcpy(&e, &map[i], sizeof(e));
		frame_bootinfo_add_region(bi, e.addr, e.size, e.type);
	}
	return 0;
}

int frame_bootinfo_parse_pvh(struct frame_bootinfo *bi, const void *info)
{
	struct hvm_start_info si;
	int ret;

	bi->protocol = FRAME_BOOT_PVH;
	/* PVH has no field for the loader's name. */
	frame_strscpy(bi->loader_name, "unnamed PVH loader",
		      sizeof(bi->loader_name));

	memcpy(&si, info, sizeof(si));
	if (si.magic != PVH_START_MAGIC)
		return frame_bootinfo_error(bi,
					    "PVH start info has magic "
					    "0x%x, not 0x%x",
					    si.magic, PVH_START_MAGIC);

	if (si.cmdline_paddr &&
	    frame_copy_phys_string(si.cmdline_paddr, bi->cmdline,
				   sizeof(bi->cmdline), sizeof(bi->cmdline) + 1,
				   &bi->cmdline_cut))
		return frame_bootinfo_error(
		    bi,
		    "PVH command line at 0x%llx is "
		    "not readable",
		    (unsigned long long)si.cmdline_paddr);

	bi->rsdp_phys = si.rsdp_paddr;
	ret = pvh_modules(bi, &si);
	if (ret)
		return frame_bootinfo_error(
		    bi,
		    "PVH module list (%u entries "
		    "at 0x%llx) is malformed",
		    si.nr_modules, (unsigned long long)si.modlist_paddr);
	return pvh_memmap(bi, &si);
}
