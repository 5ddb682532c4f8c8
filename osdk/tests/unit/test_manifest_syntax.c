/* SPDX-License-Identifier: MIT */
/* test_manifest_syntax.c - manifest document errors: YAML syntax, encoding,
 * nesting, the top level and the shape of every message. */
#include "core/manifest/manifest.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "util/err.h"
#include "util/strbuf.h"

#include "manifest_util.h"

/* ---- document errors: the exact message, line and column ---- */

UNIT(error_empty_manifest)
{
	CHECK_ERR("", "osdk.yaml: empty manifest; expected 'package' or "
		      "'workspace'");
	CHECK_ERR("# only a comment\n\n",
		  "osdk.yaml: empty manifest; expected 'package' or "
		  "'workspace'");
	CHECK_ERR("~\n", "osdk.yaml: empty manifest; expected 'package' or "
			 "'workspace'");
}

UNIT(error_root_not_a_mapping)
{
	CHECK_ERR("- a\n- b\n", "osdk.yaml:1:1: expected a mapping at the "
				"top level, found a sequence");
	CHECK_ERR("hello\n", "osdk.yaml:1:1: expected a mapping at the top "
			     "level, found a scalar");
}

UNIT(error_no_package_or_workspace)
{
	CHECK_ERR("\nboot: {}\n", "osdk.yaml:2:1: expected 'package' or "
				  "'workspace' at the top level");
}

UNIT(error_yaml_syntax)
{
	CHECK_ERR("package:\n  name: [x\n",
		  "osdk.yaml:3:1: did not find expected ',' or ']' (while "
		  "parsing a flow sequence at 2:9)");
	CHECK_ERR("package:\n  name: x\n version: 1\n",
		  "osdk.yaml:3:2: did not find expected key (while parsing a "
		  "block mapping at 1:1)");
	CHECK_ERR("package: {name: x\n",
		  "osdk.yaml:2:1: did not find expected ',' or '}' (while "
		  "parsing a flow mapping at 1:10)");
	CHECK_ERR("a: b: c\n", "osdk.yaml:1:5: mapping values are not "
			       "allowed in this context");
	CHECK_ERR("package:\n\tname: x\n",
		  "osdk.yaml:2:1: found character that cannot start any token "
		  "(while scanning for the next token at 2:1)");
	CHECK_ERR(PKG "run: *nowhere\n",
		  "osdk.yaml:2:6: found undefined alias");
}

/* Nesting stops at 64 collections: 64 load, the 65th is refused at its
 * own column, and a collection closed early restores the budget. */
UNIT(error_nesting_limit)
{
	char text[512];
	size_t n;

	n = (size_t)snprintf(text, sizeof(text), PKG "x: ");
	for (int i = 0; i < 63; i++)
		text[n++] = '[';
	for (int i = 0; i < 63; i++)
		text[n++] = ']';
	memcpy(text + n, "\n", 2);
	CHECK_ERR(text, "osdk.yaml:2:1: unknown key 'x' at the top level; "
			"expected one of package, workspace, dependencies, "
			"build, boot, qemu, run, test, schemes, prove, grub");
	n = (size_t)snprintf(text, sizeof(text), PKG "x: ");
	for (int i = 0; i < 64; i++)
		text[n++] = '[';
	memcpy(text + n, "\n", 2);
	CHECK_ERR(text, "osdk.yaml:2:67: collections nest deeper than 64 "
			"levels");
}

UNIT(error_utf16)
{
	static const char bom[] = "\xff\xfep\0a\0";

	struct osdk_err e = OSDK_ERR_INIT;
	struct manifest *m = NULL;

	CHECK_INT(manifest_parse("osdk.yaml", bom, sizeof(bom) - 1, &m, &e),
		  -EINVAL);
	CHECK(m == NULL);
	CHECK_STR(e.msg, "osdk.yaml:1:1: the file is UTF-16; osdk reads YAML "
			 "files as UTF-8 only: convert it (iconv -t UTF-8)");
}

UNIT(error_bad_encoding)
{
	CHECK_ERR(PKG "boot: {cmdline: \"\xff\"}\n",
		  "osdk.yaml:2:18: invalid leading UTF-8 octet");
	CHECK_ERR(PKG "\x01\n", "osdk.yaml:2:1: control characters are not "
				"allowed");
}

UNIT(error_second_document)
{
	CHECK_ERR(PKG "---\nboot: {}\n", "osdk.yaml:3:1: a manifest is a "
					 "single yaml document; remove this "
					 "second one");
	CHECK_ERR(PKG "---\nboot: [\n",
		  "osdk.yaml:4:1: did not find expected node content (while "
		  "parsing a flow node at 4:1)");
}

UNIT(error_first_one_wins)
{
	/* Two mistakes: the one nearer the top of the file is reported. */
	CHECK_ERR("package:\n  name: X\n  version: 1\n",
		  "osdk.yaml:2:9: 'package.name' must be a package name "
		  "([a-z0-9][a-z0-9_-]*, at most 64 characters), not 'X'");
	CHECK_ERR(PKG "boot: {method: q}\nqemuu: {}\n",
		  "osdk.yaml:2:16: 'boot.method' must be one of qemu-direct, "
		  "grub-rescue-iso, grub-qcow2; got 'q'");
}

UNIT(error_message_is_one_safe_line)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct manifest *m = NULL;
	struct strbuf long_version = STRBUF_INIT;

	CHECK_ERR("\"bad\\nkey\\e\": 1\n",
		  "osdk.yaml:1:1: unknown key 'bad\\nkey\\x1b' at the top "
		  "level; expected one of package, workspace, dependencies, "
		  "build, boot, qemu, run, test, schemes, prove, grub");
	strbuf_adds(&long_version, "package: {name: x, version: \"1.2.");
	for (int i = 0; i < 500; i++)
		strbuf_adds(&long_version, "\xc3\xa9"); /* é, two bytes */
	strbuf_adds(&long_version, "\"}\n");
	CHECK_INT(parse_as("osdk.yaml", long_version.buf, &m, &err), -EINVAL);
	CHECK_HAS(err.msg, "...'");
	CHECK(strlen(err.msg) < 250);
	/* Cut between characters, never inside one. */
	CHECK(!strstr(err.msg, "\xc3..."));
	strbuf_release(&long_version);
}

UNIT_MAIN()
