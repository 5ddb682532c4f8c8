/* SPDX-License-Identifier: MIT */
/* bundle_efi.h - what the UEFI boot paths share: GRUB for x86_64-efi, a
 * small FAT image holding it, and running the tools that make them. */
#ifndef OSDK_CORE_BUNDLE_EFI_H
#define OSDK_CORE_BUNDLE_EFI_H

struct osdk_err;

/* GRUB's x86_64-efi modules (Debian package grub-efi-amd64-bin). */
#define BUNDLE_GRUB_EFI_DIR "/usr/lib/grub/x86_64-efi"
/* GRUB's BIOS modules (Debian package grub-pc-bin). */
#define BUNDLE_GRUB_BIOS_DIR "/usr/lib/grub/i386-pc"

/*
 * bundle_run_tool() - run @argv (argv[0] found on PATH) and wait; a tool
 * that cannot start or fails is an error naming it, @what it was doing and
 * what it printed.
 */
int bundle_run_tool(const char *const *argv, const char *what,
		    struct osdk_err *err);

/* bundle_mcopy() - copy the host file @src into the FAT image @img (an
 * "-iIMG" argument) as @dest ("::/path"), keeping its date, with mtools
 * run under @env ("SOURCE_DATE_EPOCH=..."). */
int bundle_mcopy(const char *env, const char *img, const char *src,
		 const char *dest, struct osdk_err *err);

/*
 * bundle_tools_id() - @out, 16 hex digits naming how an image is made
 * beside its inputs: this osdk binary, the GRUB modules it puts in, and
 * Debian's GRUB it takes them from. An image's stamp carries it, so that
 * a new osdk or a GRUB upgrade makes the image again; it never enters the
 * image's bytes.
 */
void bundle_tools_id(char out[17]);

/* bundle_make_file() - @path, @size bytes of zeros (sparse). */
int bundle_make_file(const char *path, unsigned long long size,
		     struct osdk_err *err);

/*
 * bundle_efi_grub() - @dir/BOOTX64.EFI: GRUB for x86_64-efi whose built-in
 * configuration finds the disk or CD holding /boot/@kernel (a file name)
 * and reads its /boot/grub/grub.cfg (@dir/early.cfg is that
 * configuration). The same bytes each time (grub-mkimage records no date).
 */
int bundle_efi_grub(const char *dir, const char *kernel, struct osdk_err *err);

/*
 * bundle_efi_fat() - @img, a FAT file system of @size bytes with volume
 * serial @serial (8 hex digits) holding /EFI/BOOT/BOOTX64.EFI from @dir,
 * every date @epoch (decimal seconds): the EFI boot image of a hybrid ISO.
 */
int bundle_efi_fat(const char *img, unsigned long long size, const char *serial,
		   const char *epoch, const char *dir, struct osdk_err *err);

#endif
