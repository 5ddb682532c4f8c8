/* SPDX-License-Identifier: MIT */
/* test_config.c - unit tests of resolving settings through the layers. */
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

#define PKG "package: {name: demo, version: 1.0.0}\n"
#define WS  "workspace: {members: [demo]}\n"

static struct manifest *parse(const char *path, const char *text)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct manifest *m = NULL;

	if (manifest_parse(path, text, strlen(text), &m, &err))
		UNIT_FAIL("fixture does not parse: %s", err.msg);
	return m;
}

/* Resolve and expect success; the caller releases *c. */
static int resolve(const struct manifest *pkg, const struct manifest *ws,
		   enum config_action a, const struct config_cli *cli,
		   struct config *c)
{
	struct osdk_err err = OSDK_ERR_INIT;
	int ret = config_resolve(pkg, ws, a, cli, c, &err);

	if (ret)
		UNIT_FAIL("config_resolve: %d: %s", ret, err.msg);
	return ret;
}

UNIT(defaults)
{
	struct manifest *m = parse("/ws/demo/osdk.yaml", PKG);
	enum config_action acts[] = {CONFIG_BUILD, CONFIG_RUN, CONFIG_TEST};

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
	struct manifest *m =
	    parse("/ws/demo/osdk.yaml", PKG "boot:\n  method: grub-rescue-iso\n"
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
	    parse("/ws/demo/osdk.yaml",
		  PKG "boot: {cmdline: top}\nqemu: {args: top}\n"
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
	struct config_cli cli = {.scheme = "s"};
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
	struct config_cli cli = {.scheme = "s",
				 .boot_method = "qemu-direct",
				 .cmdline = "console=hvc0",
				 .initramfs = "/tmp/./x/../cli.cpio"};
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
	struct manifest *ws = parse(
	    "/ws/osdk.yaml",
	    WS "boot: {cmdline: \"console=ttyS0\", init-args: [-l],\n"
	       "       init-env: {HOME: /root, PS1: \"keel # \"}}\n"
	       "test: {boot: {init-args: []}}\n");
	struct manifest *pkg = parse(
	    "/ws/demo/osdk.yaml",
	    PKG "run: {boot: {init-env: [TERM=vt100]}}\n");
	struct config_cli cli = {.cmdline = "quiet -- first"};
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
	struct manifest *m = parse(
	    "/ws/demo/osdk.yaml",
	    PKG "boot: {initramfs: rootfs, initramfs-compress: gzip}\n"
		"run:\n  boot:\n    initramfs:\n"
		"      - { path: /etc/hostname, content: keel }\n");
	struct config_cli none = {.initramfs = ""};
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
	struct config_cli cli = {.initramfs = "out/rootfs.cpio"};
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
	struct config_cli cli = {.qemu_args = "-s -S"};
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

/*
 * The ladder: eight layers, most specific first, as config.h lists them.
 * Layer k of manifest `ws` (k >= 4) or `pkg` (k < 4) sets every field to a
 * value naming k, so whichever value comes out says which layer won.
 */
enum { L_SCHEME_ACTION, L_SCHEME, L_ACTION, L_TOP };

#define LAYER_FMT                                                              \
	"{boot: {cmdline: c%d, initramfs: /i%d}, "                             \
	"qemu: {args: a%d, path: p%d}%s}\n"

static void add_layer(struct strbuf *sb, int k, const char *action)
{
	char timeout[32] = "";

	if (!strcmp(action, "test"))
		snprintf(timeout, sizeof(timeout), ", timeout: %d", 100 + k);
	switch (k % 4) {
	case L_SCHEME_ACTION:
		strbuf_addf(sb, "schemes:\n  s:\n    %s: ", action);
		strbuf_addf(sb, LAYER_FMT, k, k, k, k, timeout);
		break;
	case L_SCHEME:
		/* Merged into the same scheme as the layer above if both. */
		strbuf_addf(sb,
			    "    boot: {cmdline: c%d, initramfs: /i%d}\n"
			    "    qemu: {args: a%d, path: p%d}\n",
			    k, k, k, k);
		break;
	case L_ACTION:
		strbuf_addf(sb, "%s: ", action);
		strbuf_addf(sb, LAYER_FMT, k, k, k, k, timeout);
		break;
	default:
		strbuf_addf(sb,
			    "boot: {cmdline: c%d, initramfs: /i%d}\n"
			    "qemu: {args: a%d, path: p%d}\n",
			    k, k, k, k);
	}
}

/*
 * A manifest with the layers in `mask` (bits 0-3, numbered from `base`) set.
 * One that sets no layer lacks scheme "s" (it has "other"), so that the lookup
 * must find "s" in the other manifest; one that sets only unscheme'd layers has
 * an empty "s".
 */
static struct manifest *ladder(const char *head, const char *path,
			       unsigned mask, int base, const char *action)
{
	struct strbuf sb = STRBUF_INIT;
	struct manifest *m;

	strbuf_adds(&sb, head);
	if ((mask & 2) && !(mask & 1))
		strbuf_adds(&sb, "schemes:\n  s:\n");
	for (int k = 0; k < 4; k++)
		if (mask & (1u << k))
			add_layer(&sb, base + k, action);
	if (!(mask & 3))
		strbuf_adds(&sb, mask ? "schemes:\n  s: {}\n"
				      : "schemes:\n  other: {}\n");
	m = parse(path, sb.buf);
	strbuf_release(&sb);
	return m;
}

static void check_winner(const struct config *c, int k, bool test)
{
	char want[16];

	snprintf(want, sizeof(want), "c%d", k);
	CHECK_STR(c->cmdline, want);
	snprintf(want, sizeof(want), "/i%d", k);
	CHECK_STR(c->initramfs, want);
	snprintf(want, sizeof(want), "a%d", k);
	CHECK_STR(c->qemu_args, want);
	snprintf(want, sizeof(want), "p%d", k);
	CHECK_STR(c->qemu_path, want);
	if (test && k % 4 != L_SCHEME && k % 4 != L_TOP)
		CHECK_INT(c->test_timeout, 100 + k);
}

UNIT(precedence_ladder_layer_by_layer)
{
	static const char *const actions[] = {"run", "test"};
	struct config_cli cli = {.scheme = "s"};

	for (int a = 0; a < 2; a++) {
		enum config_action act = a ? CONFIG_TEST : CONFIG_RUN;

		/* Layers k..7 set: layer k must win. */
		for (int k = 0; k < 8; k++) {
			unsigned all = (0xffu << k) & 0xff;
			struct manifest *pkg, *ws;
			struct config c;

			pkg = ladder(PKG, "/ws/demo/osdk.yaml", all & 0xf, 0,
				     actions[a]);
			ws = ladder(WS, "/ws/osdk.yaml", all >> 4, 4,
				    actions[a]);
			if (pkg && ws && !resolve(pkg, ws, act, &cli, &c)) {
				check_winner(&c, k, a == 1);
				config_release(&c);
			}
			manifest_free(pkg);
			manifest_free(ws);
		}
	}
}

UNIT(precedence_each_layer_alone)
{
	static const char *const actions[] = {"run", "test"};
	struct config_cli cli = {.scheme = "s"};

	for (int a = 0; a < 2; a++) {
		enum config_action act = a ? CONFIG_TEST : CONFIG_RUN;

		/* Only layer k set: a member inherits it from wherever. */
		for (int k = 0; k < 8; k++) {
			unsigned one = 1u << k;
			struct manifest *pkg, *ws;
			struct config c;

			pkg = ladder(PKG, "/ws/demo/osdk.yaml", one & 0xf, 0,
				     actions[a]);
			ws = ladder(WS, "/ws/osdk.yaml", one >> 4, 4,
				    actions[a]);
			if (pkg && ws && !resolve(pkg, ws, act, &cli, &c)) {
				check_winner(&c, k, a == 1);
				config_release(&c);
			}
			manifest_free(pkg);
			manifest_free(ws);
		}
	}
}

UNIT(other_action_layers_are_ignored)
{
	struct config_cli cli = {.scheme = "s"};
	/* Only test-flavoured layers: `osdk run` must see none of them. */
	struct manifest *pkg =
	    ladder(PKG, "/ws/demo/osdk.yaml", 0x5, 0, "test");
	struct manifest *ws = ladder(WS, "/ws/osdk.yaml", 0x5, 4, "test");
	struct config c;

	if (pkg && ws && !resolve(pkg, ws, CONFIG_RUN, &cli, &c)) {
		CHECK_STR(c.cmdline, "");
		CHECK_STR(c.qemu_args, CONFIG_DEFAULT_QEMU_ARGS);
		CHECK_INT(c.test_timeout, CONFIG_DEFAULT_TEST_TIMEOUT);
		config_release(&c);
	}
	manifest_free(pkg);
	manifest_free(ws);
}

UNIT(scheme_not_selected_is_ignored)
{
	struct manifest *pkg = ladder(PKG, "/ws/demo/osdk.yaml", 0x3, 0, "run");
	struct config c;

	if (pkg && !resolve(pkg, NULL, CONFIG_RUN, NULL, &c)) {
		CHECK(c.scheme == NULL);
		CHECK_STR(c.cmdline, "");
		config_release(&c);
	}
	manifest_free(pkg);
}

UNIT(workspace_same_as_package)
{
	struct manifest *m =
	    parse("/ws/osdk.yaml", PKG WS "qemu: {args: x}\n"
					  "schemes: {s: {qemu: {args: y}}}\n");
	struct config_cli cli = {.scheme = "s"};
	struct config c;

	if (m && !resolve(m, m, CONFIG_RUN, NULL, &c)) {
		CHECK_STR(c.qemu_args, "x");
		config_release(&c);
	}
	if (m && !resolve(m, m, CONFIG_RUN, &cli, &c)) {
		CHECK_STR(c.qemu_args, "y");
		config_release(&c);
	}
	manifest_free(m);
}

UNIT(repo_workspace_timeout_inherited)
{
	const char *data = getenv("OSDK_TEST_DATA");
	char *root = xasprintf("%s/../../../osdk.yaml", data ? data : ".");
	char *kern =
	    xasprintf("%s/../../../kernel/osdk.yaml", data ? data : ".");
	struct osdk_err err = OSDK_ERR_INIT;
	struct manifest *ws = NULL, *pkg = NULL;
	struct config c;

	CHECK_INT(manifest_load(root, &ws, &err), 0);
	CHECK_INT(manifest_load(kern, &pkg, &err), 0);
	if (ws && pkg && !resolve(pkg, ws, CONFIG_TEST, NULL, &c)) {
		CHECK_INT(c.test_timeout, ws->test.test_timeout);
		/* The workspace's test section names the devices the frame's
		 * io/ ktests drive; the action section wins over the top. */
		CHECK_STR(c.qemu_args, ws->test.qemu_args ? ws->test.qemu_args
						     : ws->top.qemu_args);
		/* Test kernels boot with the plain console and no root:
		 * the busybox initramfs and init's words are run's only. */
		CHECK_STR(c.cmdline, "console=ttyS0");
		CHECK(c.initramfs == NULL && c.initramfs_spec == NULL);
		config_release(&c);
	}
	if (ws && pkg && !resolve(pkg, ws, CONFIG_RUN, NULL, &c)) {
		CHECK_STR(c.cmdline,
			  "console=ttyS0 quiet HOME=/root TERM=vt100");
		CHECK(c.initramfs_spec != NULL);
		if (c.initramfs_spec)
			CHECK_STR(c.initramfs_spec->entries[0].value,
				  "/bin/busybox");
		config_release(&c);
	}
	manifest_free(ws);
	manifest_free(pkg);
	free(root);
	free(kern);
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
	struct manifest *pkg =
	    parse("kernel/osdk.yaml", PKG "schemes: {tdx: {}, debug: {}}\n");
	struct manifest *ws =
	    parse("osdk.yaml", WS "schemes: {ci: {}, debug: {}}\n");
	struct manifest *bare = parse("kernel/osdk.yaml", PKG);
	struct config_cli cli = {.scheme = "tdxx"};

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

UNIT(bad_cli_boot_method)
{
	struct manifest *m = parse("osdk.yaml", PKG);
	struct config_cli cli = {.boot_method = "qemu-drect"};

	if (!m)
		return;
	check_resolve_err(m, NULL, &cli,
			  "boot method must be one of qemu-direct, "
			  "grub-rescue-iso; got 'qemu-drect' (did you mean "
			  "'qemu-direct'?)");
	cli.boot_method = "pxe";
	check_resolve_err(m, NULL, &cli,
			  "boot method must be one of qemu-direct, "
			  "grub-rescue-iso; got 'pxe'");
	manifest_free(m);
}

UNIT(timeout_layers)
{
	struct manifest *pkg =
	    parse("/ws/demo/osdk.yaml", PKG "schemes:\n  slow:\n"
					    "    test: {timeout: 600}\n");
	struct manifest *ws = parse("/ws/osdk.yaml", WS "test: {timeout: 9}\n");
	struct config_cli cli = {.scheme = "slow"};
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
