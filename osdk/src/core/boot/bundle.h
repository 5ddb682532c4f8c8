/* SPDX-License-Identifier: MIT */
/* bundle.h - turning a kernel ELF into something a machine boots. */
#ifndef OSDK_CORE_BUNDLE_H
#define OSDK_CORE_BUNDLE_H

#include <stdbool.h>

struct osdk_err;

enum bundle_method {
	BUNDLE_QEMU_DIRECT,	/* QEMU loads the ELF (PVH entry) */
	BUNDLE_GRUB_RESCUE_ISO, /* GRUB multiboot2 on an El Torito ISO */
	BUNDLE_GRUB_QCOW2,	/* UEFI GRUB multiboot2 on a GPT disk, qcow2 */
};

struct bundle_opts {
	enum bundle_method method;
	const char *elf;       /* the linked kernel */
	const char *name;      /* image base name */
	const char *out_dir;   /* where the image goes */
	const char *cmdline;   /* kernel command line */
	const char *initramfs; /* or NULL */
};

struct bundle {
	enum bundle_method method;
	char *kernel; /* the ELF QEMU loads (qemu-direct) */
	char *image;  /* the bootable image (the ISO), or NULL */
	char *cmdline;
	char *initramfs; /* qemu-direct only: passed with -initrd */
	bool rebuilt;	 /* whether the image was made anew */
};

/* Parse "qemu-direct" / "grub-rescue-iso" / "grub-qcow2"; -EINVAL
 * otherwise. */
int bundle_method_parse(const char *s, enum bundle_method *m,
			struct osdk_err *err);
const char *bundle_method_name(enum bundle_method m);

/*
 * Make the image. qemu-direct needs nothing beyond the ELF. grub-rescue-iso
 * writes OUT_DIR/NAME.iso.d/ (kernel, initramfs, boot/grub/grub.cfg) and runs
 * grub-mkrescue on it for BIOS GRUB, with every date fixed so the same
 * inputs give the same ISO bytes; it is skipped when the ISO is newer than its
 * inputs and the configuration is unchanged. Missing tools are named with their
 * package.
 */
int bundle_make(const struct bundle_opts *o, struct bundle *out,
		struct osdk_err *err);

void bundle_release(struct bundle *b);

/* The grub.cfg text for a kernel command line; caller frees. */
char *bundle_grub_cfg(const char *cmdline, bool initramfs);

/*
 * bundle_make_qcow2() - grub-qcow2 (bundle_qcow2.c): OUT_DIR/NAME.qcow2, a
 * GPT disk with one EFI system partition (FAT, made with mtools) holding
 * GRUB for x86_64-efi (grub-mkimage, finding its config by the kernel's
 * file), the kernel and the initramfs, converted with qemu-img. Its bytes
 * depend only on the inputs: every date is $SOURCE_DATE_EPOCH (or a fixed
 * one), the FAT serial and the GPT GUIDs come from a digest of the inputs.
 * Skipped when the inputs are those of the image already there.
 */
int bundle_make_qcow2(const struct bundle_opts *o, struct bundle *b,
		      struct osdk_err *err);

#endif
