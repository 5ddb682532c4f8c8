/* SPDX-License-Identifier: MIT */
/* config.h - settings for one action, resolved through the layers. */
#ifndef OSDK_CORE_CONFIG_H
#define OSDK_CORE_CONFIG_H

struct manifest;
struct manifest_initramfs;
struct osdk_err;

enum config_action {
	CONFIG_BUILD,
	CONFIG_RUN,
	CONFIG_TEST,
};

/* The command an action belongs to: "build", "run" or "test". */
const char *config_action_name(enum config_action action);

/* What the command line said; NULL = not given. */
struct config_cli {
	const char *scheme;
	const char *boot_method;
	const char *cmdline;   /* --kcmdline */
	const char *initramfs; /* --initramfs, relative to the cwd; "" = none */
	const char *qemu_args; /* --qemu-args: appended after the manifest's */
	const char *accel;     /* --accel */
	const char *grub_protocol; /* --grub-boot-protocol */
};

/*
 * Fully resolved; every string is owned and non-NULL except initramfs.
 * `initramfs_spec` is borrowed from a manifest, which must outlive it.
 */
struct config {
	char *scheme; /* NULL when no scheme is selected */
	char *boot_method;
	char *boot_protocol;
	char *grub_protocol; /* grub.boot-protocol: multiboot2 or linux */
	/* boot.cmdline (or --kcmdline) with boot.init-env and
	 * boot.init-args added (kcmdline.h): what the kernel receives. */
	char *cmdline;
	/* A ready archive or a directory to pack, absolute; NULL with a
	 * list of entries or without an initramfs. */
	char *initramfs;
	/* The manifest's boot.initramfs that was picked (its path form too,
	 * for the positions of messages); NULL with none or --initramfs. */
	const struct manifest_initramfs *initramfs_spec;
	char *initramfs_compress; /* "none" or "gzip" */
	char *qemu_path;
	char *qemu_args;
	char *accel; /* auto, kvm or tcg */
	/* qemu.ovmf-code and qemu.ovmf-vars, or NULL: osdk looks for
	 * Debian's (qemu_find_ovmf()) */
	char *ovmf_code, *ovmf_vars;
	/* qemu.confidential ("none" or "tdx") and qemu.tdvf (or NULL) */
	char *confidential, *tdvf;
	int test_timeout;
};

#define CONFIG_DEFAULT_BOOT_METHOD "qemu-direct"
#define CONFIG_DEFAULT_BOOT_PROTOCOL "multiboot2"
#define CONFIG_DEFAULT_GRUB_PROTOCOL "multiboot2"
#define CONFIG_DEFAULT_QEMU "qemu-system-x86_64"
#define CONFIG_DEFAULT_QEMU_ARGS "-machine q35 -cpu max -m 256M -smp 1"
#define CONFIG_DEFAULT_TEST_TIMEOUT 60
#define CONFIG_DEFAULT_INITRAMFS_COMPRESS "none"

/*
 * Resolve each field, first match wins:
 *   CLI > pkg scheme.<action> > pkg scheme > pkg <action> > pkg top level
 *       > ws scheme.<action> > ws scheme > ws <action> > ws top level
 *       > built-in default
 * where `ws` is the workspace manifest (may be NULL or equal to pkg) and the
 * scheme is cli->scheme. boot.init-args and boot.init-env are resolved
 * like the rest (an empty list set in a layer counts as set) and added to
 * the resolved command line, even one from the CLI. `qemu_args` is the exception to "first wins" for
 * the CLI: --qemu-args is appended to the resolved manifest value, so QEMU
 * sees it last and it overrides. An unknown scheme is an error with a
 * suggestion. For CONFIG_BUILD the run layers are used for boot settings
 * (the image `osdk build` makes is the one `osdk run` boots).
 */
int config_resolve(const struct manifest *pkg, const struct manifest *ws,
		   enum config_action action, const struct config_cli *cli,
		   struct config *out, struct osdk_err *err);

void config_release(struct config *c);

#endif
