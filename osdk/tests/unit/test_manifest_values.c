/* SPDX-License-Identifier: MIT */
/* test_manifest_values.c - names, versions, requirements, paths, and hostile
 * input. */
#include "core/manifest/manifest.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include "manifest_util.h"

/* ---- names, versions and requirements ---- */

UNIT(valid_names_table)
{
	static const char *const good[] = { "a",
					    "keel",
					    "frame",
					    "virtio-blk",
					    "fs_ext2",
					    "9p",
					    "a-",
					    "x_",
					    "0",
					    "abcdefghijklmnopqrstuvwxyz01234567"
					    "89abcdefghijklmnopqrstuvwxyz01" };
	static const char *const bad[] = {
		"",
		"Keel",
		"-a",
		"_a",
		"a.b",
		"a b",
		"é",
		"a/b",
		"virtio.blk",
		"KEEL",
		"a\tb",
		"abcdefghijklmnopqrstuvwxyz"
		"0123456789abcdefghijklmnopqrstuvwxyz012"
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		if (!manifest_valid_name(good[i]))
			UNIT_FAIL("'%s' should be a valid name", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (manifest_valid_name(bad[i]))
			UNIT_FAIL("'%s' should not be a valid name", bad[i]);
	CHECK_INT(strlen(good[9]), 64);
	CHECK_INT(strlen(bad[11]), 65);
}

UNIT(valid_versions_table)
{
	static const char *const good[] = { "0.0.0",
					    "1.2.3",
					    "10.20.30",
					    "0.1.0-alpha",
					    "1.0.0-alpha.1",
					    "1.0.0-0.3.7",
					    "1.0.0-x.7.z.92",
					    "1.0.0+20130313144700",
					    "1.0.0-beta+exp.sha.5114f85",
					    "1.0.0-rc.1+build.1",
					    "1.0.0+001",
					    "1.0.0-a-b--c",
					    "18446744073709551615.0.0" };
	static const char *const bad[] = {
		"",	     "1",      "1.2",	   "1.2.3.4",
		"v1.2.3",    "01.2.3", "1.02.3",   "1.2.03",
		"1.2.3-",    "1.2.3+", "1.2.3-01", "1.2.3-a..b",
		"1.2.3-a_b", " 1.2.3", "1.2.3 ",   "1.2.x",
		"a.b.c",     "1..2",   "1.2.3-+b", "18446744073709551616.0.0"
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		if (!manifest_valid_version(good[i]))
			UNIT_FAIL("'%s' should be a valid version", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (manifest_valid_version(bad[i]))
			UNIT_FAIL("'%s' should not be a valid version", bad[i]);
}

static int parse_req(const char *req)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct manifest *m = NULL;
	char *text = xasprintf(PKG "dependencies:\n  d: '%s'\n", req);
	int ret = parse_as("osdk.yaml", text, &m, &err);

	manifest_free(m);
	free(text);
	return ret;
}

UNIT(version_requirements_table)
{
	static const char *const good[] = {
		"1",	       "1.2",	       "1.2.3", "^0.1",
		"~1.2",	       "=1.2.3",       ">1",	">=1.0",
		"<2",	       "<=2.0.0",      "*",	"1.*",
		"1.2.*",       "1.x",	       "1.2.X", ">= 1.2, < 1.5",
		"^1.2.3-rc.1", "=1.0.0+build", " ^1 ",	"1.2,1.3"
	};
	static const char *const bad[] = { "",	   "latest", "^",	"1.",
					   "1..2", "^v1",    ">=",	"1,",
					   ",1",   "1.*.3",  "1.2.3.4", "==1",
					   "^01",  "1.2.3-", "1 2",	"**",
					   "=>1" };

	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++)
		if (parse_req(good[i]))
			UNIT_FAIL("'%s' should be a valid requirement",
				  good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (parse_req(bad[i]) != -EINVAL)
			UNIT_FAIL("'%s' should not be a valid requirement",
				  bad[i]);
}

UNIT(join_path_table)
{
	static const char *const t[][3] = {
		{ "/ws", "frame", "/ws/frame" },
		{ "/ws/kernel", "../virtio", "/ws/virtio" },
		{ "/ws", "./a/./b/", "/ws/a/b" },
		{ "/ws", "a//b", "/ws/a/b" },
		{ "/ws", "/abs/x", "/abs/x" },
		{ "/ws", "/abs/../y", "/y" },
		{ "/", "..", "/" },
		{ "/ws", "../../..", "/" },
		{ "/ws/", ".", "/ws" },
		{ "/ws", "", "/ws" },
		{ "/a/b", "../c/../d", "/a/d" },
		{ "/ws", "..foo/.bar", "/ws/..foo/.bar" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(*t); i++) {
		char *p = manifest_join_path(t[i][0], t[i][1]);

		if (strcmp(p, t[i][2]))
			UNIT_FAIL("join('%s', '%s') = '%s', want '%s'", t[i][0],
				  t[i][1], p, t[i][2]);
		free(p);
	}
}

UNIT(boot_methods_list)
{
	CHECK_STR(manifest_boot_methods[0], "qemu-direct");
	CHECK_STR(manifest_boot_methods[1], "grub-rescue-iso");
	CHECK_STR(manifest_boot_methods[2], "grub-qcow2");
	CHECK(manifest_boot_methods[3] == NULL);
}

/* ---- robustness ---- */

/*
 * Whatever the input, manifest_parse returns 0 with a manifest or -EINVAL
 * with a one-line message and no manifest; ASan and LSan watch for the
 * rest.
 */
static void check_robust(const char *text, size_t len, int *failures)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct manifest *m = (struct manifest *)&err;
	int ret = manifest_parse("osdk.yaml", text, len, &m, &err);
	bool ok = ret == 0 ? m != NULL
			   : ret == -EINVAL && m == NULL &&
				     !strncmp(err.msg, "osdk.yaml", 9) &&
				     !strchr(err.msg, '\n');

	if (!ok && (*failures)++ < 5)
		UNIT_FAIL("len %zu: ret %d, msg '%s'", len, ret, err.msg);
	manifest_free(ret == 0 ? m : NULL);
}

UNIT(truncated_at_every_offset)
{
	char *path = data_path("manifests/full/osdk.yaml");
	char *text = slurp(path);
	int failures = 0;

	CHECK(text != NULL);
	for (size_t n = 0; text && n <= strlen(text); n++) {
		/* A private copy so ASan sees any read past the end. */
		char *cut = xmalloc(n ? n : 1);

		memcpy(cut, text, n);
		check_robust(cut, n, &failures);
		free(cut);
	}
	CHECK_INT(failures, 0);
	free(text);
	free(path);
}

UNIT(mutated_at_every_offset)
{
	static const char subst[] = { ':',  '-',  '[',	'{', '}',    '"',
				      '\'', '\n', ' ',	'&', '*',    '!',
				      '#',  '\0', '\t', '|', '\xff', '\x80' };
	char *path = data_path("manifests/full/osdk.yaml");
	char *text = slurp(path);
	size_t len = text ? strlen(text) : 0;
	int failures = 0;

	CHECK(text != NULL);
	/* Three substitutes per offset, rotating, so that every offset and
	 * every substitute is tried without a quadratic run time. */
	for (size_t i = 0; i < len; i++) {
		for (size_t j = 0; j < 3; j++) {
			char *copy = xmalloc(len);

			memcpy(copy, text, len);
			copy[i] = subst[(i + j * 7) % sizeof(subst)];
			check_robust(copy, len, &failures);
			free(copy);
		}
	}
	CHECK_INT(failures, 0);
	free(text);
	free(path);
}

UNIT(hostile_yaml)
{
	struct strbuf sb = STRBUF_INIT;
	int failures = 0;

	/* Deep nesting: libyaml's depth limit, not the C stack, stops it. */
	strbuf_adds(&sb, PKG "boot: ");
	for (int i = 0; i < 20000; i++)
		strbuf_addch(&sb, '[');
	check_robust(sb.buf, sb.len, &failures);
	strbuf_reset(&sb);
	/* Alias fan-out is walked by the schema, never expanded. */
	strbuf_adds(&sb, "package: {name: x, version: 1.0.0, authors: &a "
			 "[a, b]}\nworkspace: {members: *a, trusted: *a}\n");
	check_robust(sb.buf, sb.len, &failures);
	strbuf_reset(&sb);
	/* A self-referencing node. */
	strbuf_adds(&sb, PKG "schemes: &s {x: *s}\n");
	check_robust(sb.buf, sb.len, &failures);
	strbuf_reset(&sb);
	/* Many dependencies, then a duplicate at the end. */
	strbuf_adds(&sb, PKG "dependencies:\n");
	for (int i = 0; i < 2000; i++)
		strbuf_addf(&sb, "  d%d: \"1\"\n", i);
	strbuf_adds(&sb, "  d7: \"1\"\n");
	check_robust(sb.buf, sb.len, &failures);
	strbuf_release(&sb);
	CHECK_INT(failures, 0);
	CHECK_ERR(PKG "schemes: &s {x: *s}\n",
		  "osdk.yaml:2:14: unknown key 'x' in 'schemes.x'; expected "
		  "one of boot, qemu, run, test, grub");
}

UNIT_MAIN()
