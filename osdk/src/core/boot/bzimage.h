/* SPDX-License-Identifier: MIT */
/* bzimage.h - the kernel ELF wrapped for GRUB's `linux` command. */
#ifndef OSDK_CORE_BZIMAGE_H
#define OSDK_CORE_BZIMAGE_H

#include <stddef.h>
#include <stdint.h>

struct osdk_err;
struct strbuf;

/*
 * The x86 Linux boot protocol (its version 2.12): a "setup" area whose
 * first sectors carry a header the loader reads and completes, then the
 * protected-mode payload it copies to the load address. osdk writes no
 * real-mode code: the image is for loaders that enter in 32-bit protected
 * mode (GRUB's `linux` on BIOS) or in 64-bit long mode (GRUB's `linux` on
 * UEFI), never for `linux16`.
 */
#define BZIMAGE_SETUP_SECTS 7 /* + the boot sector: 4 KiB of setup */
#define BZIMAGE_SETUP_SIZE  ((BZIMAGE_SETUP_SECTS + 1) * 512)
#define BZIMAGE_VERSION	    0x020c
#define BZIMAGE_CMDLINE_MAX 4095 /* the frame's buffer, less its NUL */

/* Offsets in the setup area (the header starts at 0x1f1). */
#define BZ_SETUP_SECTS	      0x1f1
#define BZ_SYSSIZE	      0x1f4
#define BZ_VID_MODE	      0x1fa
#define BZ_BOOT_FLAG	      0x1fe
#define BZ_JUMP		      0x200
#define BZ_HEADER	      0x202
#define BZ_VERSION	      0x206
#define BZ_LOADFLAGS	      0x211
#define BZ_CODE32_START	      0x214
#define BZ_INITRD_ADDR_MAX    0x22c
#define BZ_KERNEL_ALIGNMENT   0x230
#define BZ_RELOCATABLE_KERNEL 0x234
#define BZ_MIN_ALIGNMENT      0x235
#define BZ_XLOADFLAGS	      0x236
#define BZ_CMDLINE_SIZE	      0x238
#define BZ_PREF_ADDRESS	      0x258
#define BZ_INIT_SIZE	      0x260
#define BZ_HANDOVER_OFFSET    0x264
#define BZ_HEADER_END	      0x268

#define BZ_HDRS		       0x53726448 /* "HdrS" */
#define BZ_LOADED_HIGH	       0x01
#define BZ_XLF_KERNEL_64       0x0001
#define BZ_XLF_EFI_HANDOVER_64 0x0008

/* The frame's entry symbols the image needs (kernel/frame's boot code). */
#define BZIMAGE_SYM_ENTRY32  "frame_boot_linux32_entry"
#define BZIMAGE_SYM_ENTRY64  "frame_boot_linux64_entry"
#define BZIMAGE_SYM_HANDOVER "frame_boot_linux_efi_handover"

/* Where the payload goes and where it is entered, from the ELF. */
struct bzimage_layout {
	uint64_t load;	    /* physical address of the payload */
	uint64_t file_size; /* payload bytes in the image */
	uint64_t init_size; /* bytes it needs there, .bss included */
	uint64_t handover;  /* 64-bit EFI handover entry, 0 without */
};

/*
 * bzimage_from_elf() - append to @out the image of the kernel ELF in
 * @data (@len bytes; @what names it in messages), and describe it in
 * @layout. The payload is the ELF's PT_LOAD segments laid out at their
 * physical addresses, gaps and .bss as zeros. The kernel must have the
 * frame's Linux entries: the 32-bit one at the lowest load address (the
 * code32_start the loader jumps to) and the 64-bit one 0x200 bytes after
 * it, as the protocol fixes. Every offset read is bounds-checked; -EINVAL
 * with the reason otherwise.
 */
int bzimage_from_elf(const void *data, size_t len, const char *what,
		     struct strbuf *out, struct bzimage_layout *layout,
		     struct osdk_err *err);

/* bzimage_make() - the image of the kernel ELF @elf, written to @path. */
int bzimage_make(const char *elf, const char *path, struct osdk_err *err);

#endif
