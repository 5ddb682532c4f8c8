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

/* How GRUB hands the kernel over (grub.boot-protocol); qemu-direct boots
 * the ELF through PVH whatever it says. */
enum bundle_protocol {
	BUNDLE_PROTO_MULTIBOOT2, /* `multiboot2`/`module2` with the ELF */
	BUNDLE_PROTO_LINUX,	 /* `linux`/`initrd` with a bzImage (bzimage.c) */
};

struct bundle_opts {
	enum bundle_method method;
	enum bundle_protocol protocol;
	const char *elf;       /* the linked kernel */
	const char *name;      /* image base name */
	const char *out_dir;   /* where the image goes */
	const char *cmdline;   /* kernel command line */
	const char *initramfs; /* or NULL */
};

struct bundle {
	enum bundle_method method;
	enum bundle_protocol protocol;
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

/* Parse "multiboot2" / "linux"; -EINVAL otherwise. */
int bundle_protocol_parse(const char *s, enum bundle_protocol *p,
			  struct osdk_err *err);
const char *bundle_protocol_name(enum bundle_protocol p);

/* The kernel's file name on the boot media: "kernel.elf" for multiboot2,
 * "kernel.bzimage" for linux. */
const char *bundle_kernel_file(enum bundle_protocol p);

/*
 * bundle_stage_kernel() - the kernel as GRUB loads it for @p, at @dest:
 * the ELF copied, or its bzImage (bzimage.c).
 */
int bundle_stage_kernel(const char *elf, enum bundle_protocol p,
			const char *dest, struct osdk_err *err);

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

/* The grub.cfg text for a kernel command line, loading the kernel with
 * protocol @p; caller frees. */
char *bundle_grub_cfg(const char *cmdline, bool initramfs,
		      enum bundle_protocol p);

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
