/* SPDX-License-Identifier: MIT */
/* The boot information of either protocol, in the frame's one internal form. */
#ifndef BOOT_BOOTINFO_H
#define BOOT_BOOTINFO_H

#include <frame/boot.h>
#include <frame/types.h>

#define BOOTINFO_LOADER_MAX	    64
#define BOOTINFO_CMDLINE_MAX	    4096
#define BOOTINFO_MEMMAP_MAX	    128
#define BOOTINFO_MODULES_MAX	    16
#define BOOTINFO_MODULE_CMDLINE_MAX 128
#define BOOTINFO_RSDP_V1_LEN	    20 /* an ACPI 1.0 RSDP */
#define BOOTINFO_RSDP_MAX	    36 /* an ACPI 2.0+ RSDP */

/* The E820 memory types, which multiboot2's map shares (ACPI 15.1). */
#define E820_RAM      1
#define E820_RESERVED 2
#define E820_ACPI     3
#define E820_NVS      4
#define E820_UNUSABLE 5
#define E820_PMEM     7 /* persistent memory: kept reserved */

/* A module the loader placed in memory (the first is the initramfs). */
struct frame_boot_module {
	uint64_t start; /* physical */
	uint64_t size;
	char cmdline[BOOTINFO_MODULE_CMDLINE_MAX];
};

/*
 * Everything the frame keeps from the loader's structures. They are copied
 * here at boot, so that nothing later needs the identity mapping they were
 * read through. Fixed-size arrays: there is no allocator yet, and what does
 * not fit is cut and flagged rather than lost silently.
 */
struct frame_bootinfo {
	enum frame_boot_protocol protocol;
	char loader_name[BOOTINFO_LOADER_MAX];
	char cmdline[BOOTINFO_CMDLINE_MAX];
	size_t memmap_count;
	struct frame_mem_region memmap[BOOTINFO_MEMMAP_MAX]; /* sorted */
	size_t module_count;
	struct frame_boot_module modules[BOOTINFO_MODULES_MAX];
	bool loader_name_cut, cmdline_cut, memmap_cut, modules_cut;
	/*
	 * Where the loader says the ACPI RSDP is, the only way to find it
	 * under UEFI: a copy (multiboot2's ACPI tags; @rsdp_len is 20 or
	 * 36, 0 without one) or an address (PVH's rsdp_paddr, 0 without
	 * one). Neither is validated here; the ACPI code checks them.
	 */
	uint8_t rsdp[BOOTINFO_RSDP_MAX];
	size_t rsdp_len;
	uint64_t rsdp_phys;
	/* The UEFI system table a Linux boot protocol loader reported
	 * (boot_params' efi_info), 0 without one. Kept for the log: the
	 * frame calls no UEFI runtime service. */
	uint64_t efi_systab;
	char error[160]; /* why parsing failed, for the caller to report */
};

/* The kernel's boot information, filled once by frame_bootinfo_init(). */
extern struct frame_bootinfo frame_bootinfo;

/*
 * frame_bootinfo_init() - parse what the loader passed into frame_bootinfo
 * @protocol: BOOT_PROTO_MULTIBOOT2, BOOT_PROTO_PVH or BOOT_PROTO_LINUX
 *            (see entry.S, entry_linux.S)
 * @info_phys: physical address of the multiboot2 information, of
 *             hvm_start_info or of boot_params
 * @magic: %eax at the multiboot2 entry; unused for PVH
 *
 * Returns 0, or -EINVAL after logging what is wrong (bad magic, malformed
 * structure, no memory map).
 */
int frame_bootinfo_init(uint32_t protocol, uint32_t info_phys, uint32_t magic);

/* frame_bootinfo_log() - log, at debug level, what the loader passed, and
 * warn about anything that did not fit */
void frame_bootinfo_log(void);

/*
 * The parsers, one per protocol. Each fills @bi (which the caller zeroed)
 * from the structure at @info and returns 0, or -EINVAL when the structure
 * is malformed, with the reason in @bi->error. They print nothing and are
 * separate from frame_bootinfo_init(), so that ktests can feed them
 * synthetic structures.
 */
int frame_bootinfo_parse_multiboot2(struct frame_bootinfo *bi,
				    const void *info);
int frame_bootinfo_parse_pvh(struct frame_bootinfo *bi, const void *info);
/* @info: the Linux boot protocol's boot_params, LINUX_BOOT_PARAMS_SIZE
 * bytes (linux_params.c) */
int frame_bootinfo_parse_linux(struct frame_bootinfo *bi, const void *info);

/*
 * Helpers for the parsers. frame_bootinfo_add_region() takes the E820 type
 * numbering, which multiboot2 shares; zero-length regions are dropped.
 * frame_bootinfo_error() records why parsing failed and returns -EINVAL.
 * frame_bootinfo_finish() sorts the memory map and checks it is not empty.
 */
void frame_bootinfo_add_region(struct frame_bootinfo *bi, uint64_t start,
			       uint64_t length, uint32_t e820_type);
int frame_bootinfo_error(struct frame_bootinfo *bi, const char *fmt, ...)
    __printf(2, 3);
void frame_bootinfo_add_module(struct frame_bootinfo *bi, uint64_t start,
			       uint64_t size, const char *cmdline,
			       size_t cmdline_max);
int frame_bootinfo_finish(struct frame_bootinfo *bi);

/*
 * frame_bootinfo_add_efi_map() - add the UEFI memory map at @map (@size
 * bytes of descriptors, @desc_size apart) to @bi's, merging neighbours of
 * one type (efi_map.c). The loader's and boot services' memory counts as
 * reserved while @bs_running, as RAM after ExitBootServices(). -EINVAL
 * for a descriptor size below UEFI's or a descriptor past 2^64.
 */
int frame_bootinfo_add_efi_map(struct frame_bootinfo *bi, const uint8_t *map,
			       uint64_t size, uint32_t desc_size,
			       bool bs_running);

/*
 * frame_early_phys() - a pointer to physical memory the loader described
 *
 * Through the early identity mapping while it exists (the first
 * EARLY_IDENTITY_GIB GiB), through the direct map once mm_init() has
 * replaced it (RAM and ACPI ranges). NULL for any range not wholly inside
 * what is mapped, so that a bogus loader address cannot make the frame
 * read unmapped memory.
 */
const void *frame_early_phys(uint64_t phys, uint64_t len);

/*
 * frame_copy_string() - copy a NUL-terminated string of at most @max bytes
 * from @src into @dst (@size bytes); sets *@cut when it did not fit
 */
void frame_copy_string(char *dst, size_t size, const char *src, size_t max,
		       bool *cut);

/* frame_kernel_image_phys() - the physical range [*start, *end) the kernel
 * image occupies, boot code to symbol table */
void frame_kernel_image_phys(uint64_t *start, uint64_t *end);

#endif /* BOOT_BOOTINFO_H */
