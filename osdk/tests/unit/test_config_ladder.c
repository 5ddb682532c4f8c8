/* SPDX-License-Identifier: MIT */
/* test_config_ladder.c - the precedence ladder of settings, layer by layer. */
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

/*
 * The ladder: eight layers, most specific first, as config.h lists them.
 * Layer k of manifest `ws` (k >= 4) or `pkg` (k < 4) sets every field to a
 * value naming k, so whichever value comes out says which layer won.
 */
enum { L_SCHEME_ACTION, L_SCHEME, L_ACTION, L_TOP };

#define LAYER_FMT                                  \
	"{boot: {cmdline: c%d, initramfs: /i%d}, " \
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

/*
 * With the layers in @set (bit k: layer k; 0-3 the package's, 4-7 the
 * workspace's) set for `osdk run` (@test false) or `osdk test`, layer
 * @winner must win.
 */
static void check_layers(unsigned set, int winner, bool test)
{
	const char *action = test ? "test" : "run";
	struct config_cli cli = { .scheme = "s" };
	struct manifest *pkg, *ws;
	struct config c;

	pkg = ladder(PKG, "/ws/demo/osdk.yaml", set & 0xf, 0, action);
	ws = ladder(WS, "/ws/osdk.yaml", set >> 4, 4, action);
	if (pkg && ws &&
	    !resolve(pkg, ws, test ? CONFIG_TEST : CONFIG_RUN, &cli, &c)) {
		check_winner(&c, winner, test);
		config_release(&c);
	}
	manifest_free(pkg);
	manifest_free(ws);
}

UNIT(precedence_ladder_layer_by_layer)
{
	/* Layers k..7 set: layer k must win. */
	for (int a = 0; a < 2; a++)
		for (int k = 0; k < 8; k++)
			check_layers((0xffu << k) & 0xff, k, a == 1);
}

UNIT(precedence_each_layer_alone)
{
	/* Only layer k set: a member inherits it from wherever. */
	for (int a = 0; a < 2; a++)
		for (int k = 0; k < 8; k++)
			check_layers(1u << k, k, a == 1);
}

UNIT(other_action_layers_are_ignored)
{
	struct config_cli cli = { .scheme = "s" };
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
	struct manifest *m = parse("/ws/osdk.yaml",
				   PKG WS "qemu: {args: x}\n"
					  "schemes: {s: {qemu: {args: y}}}\n");
	struct config_cli cli = { .scheme = "s" };
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

UNIT_MAIN()
