/* SPDX-License-Identifier: MIT */
/* config.h - settings for one action, resolved through the layers. */
#ifndef OSDK_CORE_CONFIG_H
#define OSDK_CORE_CONFIG_H

struct manifest;
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
	const char *initramfs; /* --initramfs, relative to the cwd */
	const char *qemu_args; /* --qemu-args: appended after the manifest's */
	const char *accel;     /* --accel */
};

/* Fully resolved; every string is owned and non-NULL except initramfs. */
struct config {
	char *scheme; /* NULL when no scheme is selected */
	char *boot_method;
	char *boot_protocol;
	char *cmdline;
	char *initramfs; /* absolute path or NULL */
	char *qemu_path;
	char *qemu_args;
	char *accel; /* auto, kvm or tcg */
	int test_timeout;
};

#define CONFIG_DEFAULT_BOOT_METHOD "qemu-direct"
#define CONFIG_DEFAULT_BOOT_PROTOCOL "multiboot2"
#define CONFIG_DEFAULT_QEMU "qemu-system-x86_64"
#define CONFIG_DEFAULT_QEMU_ARGS "-machine q35 -cpu max -m 256M -smp 1"
#define CONFIG_DEFAULT_TEST_TIMEOUT 60

/*
 * Resolve each field, first match wins:
 *   CLI > pkg scheme.<action> > pkg scheme > pkg <action> > pkg top level
 *       > ws scheme.<action> > ws scheme > ws <action> > ws top level
 *       > built-in default
 * where `ws` is the workspace manifest (may be NULL or equal to pkg) and the
 * scheme is cli->scheme. `qemu_args` is the exception to "first wins" for
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
