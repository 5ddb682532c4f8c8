/* SPDX-License-Identifier: MIT */
/* test_config.c - settings: defaults, sections, the command line, errors. */
#include "core/manifest/config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/manifest/manifest.h"
#include "unit.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include "config_util.h"

UNIT(defaults)
{
	struct manifest *m = parse("/ws/demo/osdk.yaml", PKG);
	enum config_action acts[] = { CONFIG_BUILD, CONFIG_RUN, CONFIG_TEST };

	for (size_t i = 0; m && i < 3; i++) {
		struct config c;

		if (resolve(m, NULL, acts[i], NULL, &c))
			continue;
		CHECK(c.scheme == NULL);
		CHECK_STR(c.boot_method, CONFIG_DEFAULT_BOOT_METHOD);
		CHECK_STR(c.boot_protocol, CONFIG_DEFAULT_BOOT_PROTOCOL);
		CHECK_STR(c.cmdline, "");
		CHECK(c.initramfs == NULL);
		CHECK_STR(c.qemu_path, CONFIG_DEFAULT_QEMU);
		CHECK_STR(c.qemu_args, CONFIG_DEFAULT_QEMU_ARGS);
		CHECK_INT(c.test_timeout, CONFIG_DEFAULT_TEST_TIMEOUT);
		config_release(&c);
		CHECK(c.boot_method == NULL && c.qemu_args == NULL);
	}
	manifest_free(m);
}

UNIT(top_level_beats_default)
{
	struct manifest *m = parse("/ws/demo/osdk.yaml",
				   PKG "boot:\n  method: grub-rescue-iso\n"
				       "  cmdline: console=ttyS0\n"
				       "  initramfs: ../rootfs.cpio\n"
				       "qemu:\n  path: /opt/qemu\n"
				       "  args: -m 1G\n");
	struct config c;

	if (!m || resolve(m, NULL, CONFIG_RUN, NULL, &c))
		goto out;
	CHECK_STR(c.boot_method, "grub-rescue-iso");
	CHECK_STR(c.boot_protocol, "multiboot2");
	CHECK_STR(c.cmdline, "console=ttyS0");
	CHECK_STR(c.initramfs, "/ws/rootfs.cpio");
	CHECK_STR(c.qemu_path, "/opt/qemu");
	CHECK_STR(c.qemu_args, "-m 1G");
	config_release(&c);
out:
	manifest_free(m);
}

UNIT(action_sections)
{
	struct manifest *m =
		parse("/ws/demo/osdk.yaml", PKG
		      "boot: {cmdline: top}\nqemu: {args: top}\n"
		      "run:\n  boot: {cmdline: run}\n  qemu: {args: run}\n"
		      "test:\n  boot: {cmdline: test}\n  qemu: {args: test}\n"
		      "  timeout: 7\n");
	struct config c;

	if (!m)
		return;
	if (!resolve(m, NULL, CONFIG_RUN, NULL, &c)) {
		CHECK_STR(c.cmdline, "run");
		CHECK_STR(c.qemu_args, "run");
		/* test: never leaks into run. */
		CHECK_INT(c.test_timeout, CONFIG_DEFAULT_TEST_TIMEOUT);
		config_release(&c);
	}
	if (!resolve(m, NULL, CONFIG_TEST, NULL, &c)) {
		CHECK_STR(c.cmdline, "test");
		CHECK_STR(c.qemu_args, "test");
		CHECK_INT(c.test_timeout, 7);
		config_release(&c);
	}
	/* build boots what run boots, but has no QEMU section of its own. */
	if (!resolve(m, NULL, CONFIG_BUILD, NULL, &c)) {
		CHECK_STR(c.cmdline, "run");
		CHECK_STR(c.qemu_args, "top");
		CHECK_INT(c.test_timeout, CONFIG_DEFAULT_TEST_TIMEOUT);
		config_release(&c);
	}
	manifest_free(m);
}

UNIT(build_uses_run_boot_settings)
{
	struct manifest *m =
		parse("/ws/demo/osdk.yaml",
		      PKG "run:\n  boot:\n    method: grub-rescue-iso\n"
			  "    initramfs: /r.cpio\n"
			  "test:\n  boot: {method: qemu-direct, cmdline: t}\n"
			  "schemes:\n  s:\n    run: {boot: {cmdline: s-run}}\n"
			  "    test: {boot: {cmdline: s-test}}\n");
	struct config_cli cli = { .scheme = "s" };
	struct config c;

	if (!m)
		return;
	if (!resolve(m, NULL, CONFIG_BUILD, NULL, &c)) {
		CHECK_STR(c.boot_method, "grub-rescue-iso");
		CHECK_STR(c.initramfs, "/r.cpio");
		CHECK_STR(c.cmdline, "");
		config_release(&c);
	}
	if (!resolve(m, NULL, CONFIG_BUILD, &cli, &c)) {
		CHECK_STR(c.cmdline, "s-run");
		CHECK_STR(c.scheme, "s");
		config_release(&c);
	}
	manifest_free(m);
}

UNIT(cli_beats_everything)
{
	struct manifest *m =
		parse("/ws/demo/osdk.yaml",
		      PKG "boot: {method: grub-rescue-iso, cmdline: a, "
			  "initramfs: /m.cpio}\n"
			  "schemes:\n  s:\n    run: {boot: {cmdline: b}}\n");
	struct config_cli cli = { .scheme = "s",
				  .boot_method = "qemu-direct",
				  .cmdline = "console=hvc0",
				  .initramfs = "/tmp/./x/../cli.cpio" };
	struct config c;

	if (!m)
		return;
	if (!resolve(m, NULL, CONFIG_RUN, &cli, &c)) {
		CHECK_STR(c.scheme, "s");
		CHECK_STR(c.boot_method, "qemu-direct");
		CHECK_STR(c.cmdline, "console=hvc0");
		CHECK_STR(c.initramfs, "/tmp/cli.cpio");
		config_release(&c);
	}
	/* An empty --kcmdline is a choice, not an absence. */
	cli.cmdline = "";
	if (!resolve(m, NULL, CONFIG_RUN, &cli, &c)) {
		CHECK_STR(c.cmdline, "");
		config_release(&c);
	}
	manifest_free(m);
}

UNIT(init_words_join_the_command_line)
{
	struct manifest *ws =
		parse("/ws/osdk.yaml",
		      WS "boot: {cmdline: \"console=ttyS0\", init-args: [-l],\n"
			 "       init-env: {HOME: /root, PS1: \"keel # \"}}\n"
			 "test: {boot: {init-args: []}}\n");
	struct manifest *pkg = parse("/ws/demo/osdk.yaml", PKG
				     "run: {boot: {init-env: [TERM=vt100]}}\n");
	struct config_cli cli = { .cmdline = "quiet -- first" };
	struct config c;

	if (!ws || !pkg)
		goto out;
	/* Each list comes from the first layer that sets it. */
	if (!resolve(pkg, ws, CONFIG_RUN, NULL, &c)) {
		CHECK_STR(c.cmdline, "console=ttyS0 TERM=vt100 -- -l");
		config_release(&c);
	}
	/* An empty list set in a layer hides the ones below it. */
	if (!resolve(pkg, ws, CONFIG_TEST, NULL, &c)) {
		CHECK_STR(c.cmdline,
			  "console=ttyS0 HOME=/root PS1=\"keel # \"");
		config_release(&c);
	}
	/* --kcmdline replaces boot.cmdline, not init's words; its `--`
	 * is kept and init's arguments follow its own. */
	if (!resolve(pkg, ws, CONFIG_BUILD, &cli, &c)) {
		CHECK_STR(c.cmdline, "quiet TERM=vt100 -- first -l");
		config_release(&c);
	}
out:
	manifest_free(pkg);
	manifest_free(ws);
}

UNIT(initramfs_forms_and_compression)
{
	struct manifest *m =
		parse("/ws/demo/osdk.yaml", PKG
		      "boot: {initramfs: rootfs, initramfs-compress: gzip}\n"
		      "run:\n  boot:\n    initramfs:\n"
		      "      - { path: /etc/hostname, content: keel }\n");
	struct config_cli none = { .initramfs = "" };
	struct config c;

	if (!m)
		return;
	if (!resolve(m, NULL, CONFIG_RUN, NULL, &c)) {
		CHECK(c.initramfs == NULL);
		CHECK(c.initramfs_spec == m->run.boot_initramfs);
		CHECK_STR(c.initramfs_compress, "gzip");
		config_release(&c);
	}
	if (!resolve(m, NULL, CONFIG_TEST, NULL, &c)) {
		CHECK_STR(c.initramfs, "/ws/demo/rootfs");
		CHECK(c.initramfs_spec == m->top.boot_initramfs);
		config_release(&c);
	}
	/* --initramfs '' boots without one, whatever the manifest says. */
	if (!resolve(m, NULL, CONFIG_RUN, &none, &c)) {
		CHECK(c.initramfs == NULL && c.initramfs_spec == NULL);
		config_release(&c);
	}
	manifest_free(m);
}

UNIT(cli_initramfs_is_relative_to_cwd)
{
	struct manifest *m = parse("/ws/demo/osdk.yaml", PKG);
	struct config_cli cli = { .initramfs = "out/rootfs.cpio" };
	char *cwd = getcwd(NULL, 0);
	char *want =
		xasprintf("%s/out/rootfs.cpio", strcmp(cwd, "/") ? cwd : "");
	struct config c;

	if (m && !resolve(m, NULL, CONFIG_TEST, &cli, &c)) {
		CHECK_STR(c.initramfs, want);
		config_release(&c);
	}
	free(want);
	free(cwd);
	manifest_free(m);
}

UNIT(cli_qemu_args_are_appended)
{
	struct manifest *m =
		parse("/ws/demo/osdk.yaml", PKG "qemu: {args: \"-m 1G\"}\n"
						"run: {qemu: {args: ''}}\n");
	struct manifest *plain = parse("/ws/demo/osdk.yaml", PKG);
	struct config_cli cli = { .qemu_args = "-s -S" };
	struct config c;

	if (!m || !plain)
		goto out;
	if (!resolve(m, NULL, CONFIG_TEST, &cli, &c)) {
		CHECK_STR(c.qemu_args, "-m 1G -s -S");
		config_release(&c);
	}
	if (!resolve(plain, NULL, CONFIG_RUN, &cli, &c)) {
		CHECK_STR(c.qemu_args, CONFIG_DEFAULT_QEMU_ARGS " -s -S");
		config_release(&c);
	}
	/* run: sets the arguments to nothing: no stray space. */
	if (!resolve(m, NULL, CONFIG_RUN, &cli, &c)) {
		CHECK_STR(c.qemu_args, "-s -S");
		config_release(&c);
	}
	cli.qemu_args = "";
	if (!resolve(m, NULL, CONFIG_TEST, &cli, &c)) {
		CHECK_STR(c.qemu_args, "-m 1G");
		config_release(&c);
	}
out:
	manifest_free(m);
	manifest_free(plain);
}

static void check_resolve_err(const struct manifest *pkg,
			      const struct manifest *ws,
			      const struct config_cli *cli, const char *want)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct config c;

	memset(&c, 0x5a, sizeof(c));
	CHECK_INT(config_resolve(pkg, ws, CONFIG_RUN, cli, &c, &err), -EINVAL);
	CHECK_STR(err.msg, want);
	/* Nothing owned is left behind on failure. */
	CHECK(c.scheme == NULL && c.boot_method == NULL &&
	      c.qemu_args == NULL && c.initramfs == NULL);
}

UNIT(unknown_scheme)
{
	struct manifest *pkg = parse("kernel/osdk.yaml",
				     PKG "schemes: {tdx: {}, debug: {}}\n");
	struct manifest *ws =
		parse("osdk.yaml", WS "schemes: {ci: {}, debug: {}}\n");
	struct manifest *bare = parse("kernel/osdk.yaml", PKG);
	struct config_cli cli = { .scheme = "tdxx" };

	if (!pkg || !ws || !bare)
		goto out;
	check_resolve_err(pkg, NULL, &cli,
			  "no scheme 'tdxx' in 'kernel/osdk.yaml'; did you "
			  "mean 'tdx'?");
	check_resolve_err(pkg, ws, &cli,
			  "no scheme 'tdxx' in 'kernel/osdk.yaml' or "
			  "'osdk.yaml'; did you mean 'tdx'?");
	cli.scheme = "cj";
	check_resolve_err(pkg, ws, &cli,
			  "no scheme 'cj' in 'kernel/osdk.yaml' or "
			  "'osdk.yaml'; did you mean 'ci'?");
	cli.scheme = "release";
	check_resolve_err(pkg, ws, &cli,
			  "no scheme 'release' in 'kernel/osdk.yaml' or "
			  "'osdk.yaml'; available: tdx, debug, ci");
	check_resolve_err(bare, NULL, &cli,
			  "no scheme 'release' in 'kernel/osdk.yaml'; no "
			  "schemes are defined");
	/* Found in the workspace only: fine. */
	cli.scheme = "ci";
	{
		struct config c;

		if (!resolve(bare, ws, CONFIG_RUN, &cli, &c))
			config_release(&c);
	}
out:
	manifest_free(pkg);
	manifest_free(ws);
	manifest_free(bare);
}

UNIT(grub_boot_protocol_layers)
{
	struct manifest *m = parse("/ws/demo/osdk.yaml",
				   PKG "grub: { boot-protocol: linux }\n"
				       "test:\n  grub: { boot-protocol: multiboot2 }\n"
				       "schemes:\n  bios:\n"
				       "    run:\n      grub: { boot-protocol: linux }\n"
				       "    grub: { boot-protocol: multiboot2 }\n");
	struct config_cli cli = { .scheme = "bios" };
	struct config c;

	if (!m)
		return;
	/* Top level for run (and build, which boots what run boots); the
	 * test section for test. */
	if (!resolve(m, NULL, CONFIG_RUN, NULL, &c)) {
		CHECK_STR(c.grub_protocol, "linux");
		config_release(&c);
	}
	if (!resolve(m, NULL, CONFIG_BUILD, NULL, &c)) {
		CHECK_STR(c.grub_protocol, "linux");
		config_release(&c);
	}
	if (!resolve(m, NULL, CONFIG_TEST, NULL, &c)) {
		CHECK_STR(c.grub_protocol, "multiboot2");
		config_release(&c);
	}
	/* The scheme's run section, then the scheme, then the command line
	 * over all of them. */
	if (!resolve(m, NULL, CONFIG_RUN, &cli, &c)) {
		CHECK_STR(c.grub_protocol, "linux");
		config_release(&c);
	}
	if (!resolve(m, NULL, CONFIG_TEST, &cli, &c)) {
		CHECK_STR(c.grub_protocol, "multiboot2");
		config_release(&c);
	}
	cli.grub_protocol = "linux";
	if (!resolve(m, NULL, CONFIG_TEST, &cli, &c)) {
		CHECK_STR(c.grub_protocol, "linux");
		config_release(&c);
	}
	manifest_free(m);
	/* Nothing set: multiboot2. */
	m = parse("/ws/demo/osdk.yaml", PKG);
	if (m && !resolve(m, NULL, CONFIG_RUN, NULL, &c)) {
		CHECK_STR(c.grub_protocol, CONFIG_DEFAULT_GRUB_PROTOCOL);
		CHECK_STR(c.grub_protocol, "multiboot2");
		config_release(&c);
	}
	manifest_free(m);
}

UNIT(bad_cli_boot_method)
{
	struct manifest *m = parse("osdk.yaml", PKG);
	struct config_cli cli = { .boot_method = "qemu-drect" };

	if (!m)
		return;
	check_resolve_err(m, NULL, &cli,
			  "boot method must be one of qemu-direct, "
			  "grub-rescue-iso, grub-qcow2; got 'qemu-drect' (did you mean "
			  "'qemu-direct'?)");
	cli.boot_method = "pxe";
	check_resolve_err(m, NULL, &cli,
			  "boot method must be one of qemu-direct, "
			  "grub-rescue-iso, grub-qcow2; got 'pxe'");
	manifest_free(m);
}

UNIT(timeout_layers)
{
	struct manifest *pkg =
		parse("/ws/demo/osdk.yaml", PKG "schemes:\n  slow:\n"
						"    test: {timeout: 600}\n");
	struct manifest *ws = parse("/ws/osdk.yaml", WS "test: {timeout: 9}\n");
	struct config_cli cli = { .scheme = "slow" };
	struct config c;

	if (!pkg || !ws)
		goto out;
	if (!resolve(pkg, ws, CONFIG_TEST, NULL, &c)) {
		CHECK_INT(c.test_timeout, 9);
		config_release(&c);
	}
	if (!resolve(pkg, ws, CONFIG_TEST, &cli, &c)) {
		CHECK_INT(c.test_timeout, 600);
		config_release(&c);
	}
	if (!resolve(pkg, NULL, CONFIG_TEST, NULL, &c)) {
		CHECK_INT(c.test_timeout, CONFIG_DEFAULT_TEST_TIMEOUT);
		config_release(&c);
	}
out:
	manifest_free(pkg);
	manifest_free(ws);
}

UNIT(release_is_idempotent)
{
	struct manifest *m = parse("osdk.yaml", PKG);
	struct config c;

	if (m && !resolve(m, NULL, CONFIG_RUN, NULL, &c)) {
		config_release(&c);
		config_release(&c);
		CHECK(c.qemu_path == NULL);
	}
	manifest_free(m);
}

UNIT_MAIN()
