/* SPDX-License-Identifier: MIT */
/* bundle_dir.h - a built bundle kept in a directory, to boot elsewhere. */
#ifndef OSDK_CORE_BUNDLE_DIR_H
#define OSDK_CORE_BUNDLE_DIR_H

#include "core/boot/bundle.h"

struct osdk_err;

/* The file in the directory that describes the bundle. */
#define BUNDLE_DIR_FILE	  "osdk-bundle.json"
#define BUNDLE_DIR_SCHEMA 1

enum bundle_dir_kind {
	BUNDLE_DIR_KERNEL, /* osdk build -o: the kernel, for osdk run */
	BUNDLE_DIR_KTEST,  /* osdk test -o: the test kernel, for osdk test */
};

/*
 * What osdk run or osdk test need to boot a bundle without its workspace:
 * the files (absolute paths once read; only their names, relative to the
 * directory, are written, so the directory can move to another machine)
 * and the settings the manifest had resolved.
 */
struct bundle_dir {
	enum bundle_dir_kind kind;
	char *package; /* the kernel's name (ktest for a test kernel) */
	enum bundle_method method;
	char *kernel;	 /* the ELF */
	char *image;	 /* the image QEMU boots (the ISO), or NULL */
	char *initramfs; /* or NULL */
	char *cmdline;
	char *qemu;	 /* QEMU's program */
	char *qemu_args; /* the manifest's QEMU arguments */
	char *accel;	 /* auto, kvm or tcg */
	int test_timeout;
	/* How GRUB loads the kernel (a ktest bundle's images are made at
	 * each boot); multiboot2 for a file that does not say. */
	enum bundle_protocol protocol;
	/* The UEFI firmware the manifest named (qemu.ovmf-code/-vars),
	 * copied into the directory, or NULL for the host's (Debian's); the
	 * same for qemu.tdvf. */
	char *ovmf_code, *ovmf_vars, *tdvf;
	char *confidential; /* qemu.confidential: "none" or "tdx" */
};

/*
 * bundle_dir_write() - write @bd to @dir/BUNDLE_DIR_FILE, atomically. Its
 * files must already be in @dir: each is recorded by its name, and one
 * outside @dir is -EINVAL.
 */
int bundle_dir_write(const char *dir, const struct bundle_dir *bd,
		     struct osdk_err *err);

/*
 * bundle_dir_read() - read @dir's bundle into @bd, with the files as
 * absolute paths; -ENOENT (not a bundle directory, naming the file),
 * -EINVAL (a malformed file, a newer schema, a file name with a '/', a
 * file that is missing: each named) with @bd left empty.
 */
int bundle_dir_read(const char *dir, struct bundle_dir *bd,
		    struct osdk_err *err);

/*
 * bundle_dir_add_firmware() - copy the firmware files among @ovmf_code,
 * @ovmf_vars and @tdvf (each NULL when the manifest named none) into @dir
 * and record their copies in @bd, which owns them.
 */
int bundle_dir_add_firmware(const char *dir, struct bundle_dir *bd,
			    const char *ovmf_code, const char *ovmf_vars,
			    const char *tdvf, struct osdk_err *err);

void bundle_dir_release(struct bundle_dir *bd);

const char *bundle_dir_kind_name(enum bundle_dir_kind k);

#endif
