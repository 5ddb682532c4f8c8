/* SPDX-License-Identifier: MIT */
/* test_manifest_errors.c - manifest field errors: unknown, duplicate and
 * bad keys, wrong values and shapes, with the exact message, line, column
 * and field. */
#include "core/manifest/manifest.h"

#include <string.h>

#include "unit.h"

#include "manifest_util.h"

/* ---- field errors: the exact message, line, column and field ---- */

UNIT(error_unknown_keys)
{
	CHECK_ERR(PKG "run:\n  boot: {}\n\n  qemuu:\n    args: x\n",
		  "osdk.yaml:5:3: unknown key 'qemuu' in 'run'; did you mean "
		  "'qemu'?");
	CHECK_ERR("pakage: {}\n", "osdk.yaml:1:1: unknown key 'pakage' at "
				  "the top level; did you mean 'package'?");
	CHECK_ERR(PKG "grub: { boot-protocol: multiboot }\n",
		  "osdk.yaml:2:24: 'grub.boot-protocol' must be one of "
		  "multiboot2, linux; got 'multiboot' (did you mean "
		  "'multiboot2'?)");
	CHECK_ERR(PKG "grub: { protocol: linux }\n",
		  "osdk.yaml:2:9: unknown key 'protocol' in 'grub'; expected "
		  "one of boot-protocol");
	CHECK_ERR(PKG "run: {timeout: 5}\n",
		  "osdk.yaml:2:7: unknown key 'timeout' in 'run'; expected "
		  "one of boot, qemu, grub");
	CHECK_ERR("package:\n  name: x\n  versoin: 1.0.0\n",
		  "osdk.yaml:3:3: unknown key 'versoin' in 'package'; did you "
		  "mean 'version'?");
	CHECK_ERR(PKG "dependencies:\n  foo: {path: x, tga: v1}\n",
		  "osdk.yaml:3:18: unknown key 'tga' in 'dependencies.foo'; "
		  "did you mean 'tag'?");
	CHECK_ERR(PKG "schemes:\n  tdx:\n    test:\n      qemu:\n"
		      "        arg: x\n",
		  "osdk.yaml:6:9: unknown key 'arg' in 'schemes.tdx.test.qemu';"
		  " did you mean 'args'?");
	CHECK_ERR(PKG "boot: {cmdlin: x}\n",
		  "osdk.yaml:2:8: unknown key 'cmdlin' in 'boot'; did you "
		  "mean 'cmdline'?");
	CHECK_ERR(PKG "build: {linker_script: x}\n",
		  "osdk.yaml:2:9: unknown key 'linker_script' in 'build'; did "
		  "you mean 'linker-script'?");
	CHECK_ERR("workspace: {members: [], trust: []}\n",
		  "osdk.yaml:1:26: unknown key 'trust' in 'workspace'; did "
		  "you mean 'trusted'?");
}

UNIT(error_duplicate_keys)
{
	CHECK_ERR("package:\n  name: x\n  version: 1.0.0\n  name: y\n",
		  "osdk.yaml:4:3: duplicate key 'name' in 'package'");
	CHECK_ERR(PKG "boot: {}\nboot: {}\n",
		  "osdk.yaml:3:1: duplicate key 'boot' at the top level");
	CHECK_ERR(PKG "dependencies:\n  a: \"1\"\n  b: \"1\"\n  a: \"2\"\n",
		  "osdk.yaml:5:3: duplicate key 'a' in 'dependencies'");
	CHECK_ERR(PKG "schemes:\n  x: {}\n  x: {}\n",
		  "osdk.yaml:4:3: duplicate key 'x' in 'schemes'");
}

UNIT(error_bad_keys)
{
	CHECK_ERR(PKG "? [a]\n: b\n", "osdk.yaml:2:3: a key at the top level "
				      "must be a string, found a sequence");
	CHECK_ERR(PKG "boot:\n  ~: x\n",
		  "osdk.yaml:3:3: a key in 'boot' must be a string, found "
		  "null");
	CHECK_ERR(PKG "\"a\\0b\": 1\n", "osdk.yaml:2:1: a key at the top level "
					"contains a NUL character");
}

UNIT(error_version)
{
	CHECK_ERR("package:\n  name: keel\n  version: 1.2\n",
		  "osdk.yaml:3:12: 'package.version' must be a semantic "
		  "version like 1.2.3, not '1.2'");
	CHECK_ERR("package: {name: keel, version: v1.0.0}\n",
		  "osdk.yaml:1:32: 'package.version' must be a semantic "
		  "version like 1.2.3, not 'v1.0.0'");
}

UNIT(error_name)
{
	CHECK_ERR("package:\n  name: Keel\n  version: 1.0.0\n",
		  "osdk.yaml:2:9: 'package.name' must be a package name "
		  "([a-z0-9][a-z0-9_-]*, at most 64 characters), not 'Keel'");
	CHECK_ERR("package:\n  name: [a]\n",
		  "osdk.yaml:2:9: expected a string for 'package.name', "
		  "found a sequence");
	CHECK_ERR("package:\n  name:\n  version: 1.0.0\n",
		  "osdk.yaml:2:8: expected a string for 'package.name', "
		  "found null");
}

UNIT(error_enums)
{
	CHECK_ERR("package:\n  name: x\n  version: 1.0.0\n  type: kernal\n",
		  "osdk.yaml:4:9: 'package.type' must be one of kernel, "
		  "library; got 'kernal' (did you mean 'kernel'?)");
	CHECK_ERR(PKG "boot:\n  method: grub\n",
		  "osdk.yaml:3:11: 'boot.method' must be one of qemu-direct, "
		  "grub-rescue-iso, grub-qcow2; got 'grub'");
	CHECK_ERR(PKG "run:\n  boot:\n    protocol: multiboot\n",
		  "osdk.yaml:4:15: 'run.boot.protocol' must be one of "
		  "multiboot2; got 'multiboot' (did you mean 'multiboot2'?)");
	CHECK_ERR(PKG "schemes:\n  tdx:\n    boot: {method: qemu-drect}\n",
		  "osdk.yaml:4:20: 'schemes.tdx.boot.method' must be one of "
		  "qemu-direct, grub-rescue-iso, grub-qcow2; got 'qemu-drect' "
		  "(did you "
		  "mean 'qemu-direct'?)");
}

UNIT(error_missing_required)
{
	CHECK_ERR("# a comment\npackage:\n  version: 1.0.0\n",
		  "osdk.yaml:2:1: 'package' is missing required field 'name'");
	CHECK_ERR("package:\n  name: x\n",
		  "osdk.yaml:1:1: 'package' is missing required field "
		  "'version'");
	CHECK_ERR("package:\n", "osdk.yaml:1:1: 'package' is missing "
				"required field 'name'");
	CHECK_ERR("workspace:\n  trusted: [frame]\n",
		  "osdk.yaml:1:1: 'workspace' is missing required field "
		  "'members'");
}

UNIT(error_timeout)
{
	CHECK_ERR(PKG "test:\n  timeout: 0\n",
		  "osdk.yaml:3:12: 'test.timeout' must be a positive integer");
	CHECK_ERR(PKG "test:\n  timeout: -5\n",
		  "osdk.yaml:3:12: 'test.timeout' must be a positive integer");
	CHECK_ERR(PKG "test:\n  timeout: 1.5\n",
		  "osdk.yaml:3:12: 'test.timeout' must be a positive integer");
	CHECK_ERR(PKG "test:\n  timeout: \"60\"\n",
		  "osdk.yaml:3:12: 'test.timeout' must be a positive integer");
	CHECK_ERR(PKG "test:\n  timeout: 0x3c\n",
		  "osdk.yaml:3:12: 'test.timeout' must be a positive integer");
	CHECK_ERR(PKG "test:\n  timeout: 99999999999\n",
		  "osdk.yaml:3:12: 'test.timeout' must be at most 2147483647");
	CHECK_ERR(PKG "test:\n  timeout:\n",
		  "osdk.yaml:3:11: expected an integer for 'test.timeout', "
		  "found null");
	CHECK_ERR(PKG "schemes:\n  s:\n    test: {timeout: [1]}\n",
		  "osdk.yaml:4:21: expected an integer for "
		  "'schemes.s.test.timeout', found a sequence");
}

UNIT(error_trusted_bool)
{
	CHECK_ERR("package: {name: x, version: 1.0.0, trusted: yes}\n",
		  "osdk.yaml:1:45: 'package.trusted' must be true or false, "
		  "not 'yes'");
	CHECK_ERR("package: {name: x, version: 1.0.0, trusted: \"true\"}\n",
		  "osdk.yaml:1:45: 'package.trusted' must be true or false "
		  "without quotes, not 'true'");
	CHECK_ERR("package: {name: x, version: 1.0.0, trusted: 1}\n",
		  "osdk.yaml:1:45: 'package.trusted' must be true or false, "
		  "not '1'");
	CHECK_ERR("package: {name: x, version: 1.0.0, trusted: {}}\n",
		  "osdk.yaml:1:45: expected true or false for "
		  "'package.trusted', found a mapping");
}

UNIT(error_wrong_shape)
{
	CHECK_ERR(PKG "boot:\n- qemu-direct\n",
		  "osdk.yaml:3:1: expected a mapping for 'boot', found a "
		  "sequence");
	CHECK_ERR(PKG "qemu: qemu-system-x86_64\n",
		  "osdk.yaml:2:7: expected a mapping for 'qemu', found a "
		  "scalar");
	CHECK_ERR("package: {name: x, version: 1.0.0, authors: Ada}\n",
		  "osdk.yaml:1:45: expected a sequence for 'package.authors', "
		  "found a scalar");
	CHECK_ERR("package: {name: x, version: 1.0.0, authors: [a, {b: c}]}\n",
		  "osdk.yaml:1:49: expected a string for "
		  "'package.authors[1]', found a mapping");
	CHECK_ERR(PKG "schemes: [tdx]\n",
		  "osdk.yaml:2:10: expected a mapping for 'schemes', found a "
		  "sequence");
	CHECK_ERR(PKG "schemes:\n  tdx: fast\n",
		  "osdk.yaml:3:8: expected a mapping for 'schemes.tdx', found "
		  "a scalar");
	CHECK_ERR(PKG "build: {cflags: {a: b}}\n",
		  "osdk.yaml:2:17: expected a string for 'build.cflags', "
		  "found a mapping");
}

UNIT(error_empty_strings)
{
	CHECK_ERR(PKG "boot: {initramfs: \"\"}\n",
		  "osdk.yaml:2:19: 'boot.initramfs' must not be empty");
	CHECK_ERR(PKG "build: {linker-script: ''}\n",
		  "osdk.yaml:2:24: 'build.linker-script' must not be empty");
	CHECK_ERR(PKG "qemu: {path: ''}\n",
		  "osdk.yaml:2:14: 'qemu.path' must not be empty");
	CHECK_ERR("package: {name: x, version: 1.0.0, license: ''}\n",
		  "osdk.yaml:1:45: 'package.license' must not be empty");
}

UNIT(initramfs_entries_of_every_kind)
{
	struct manifest *m = NULL;
	const struct manifest_initramfs *rd;

	CHECK_OK(PKG "run:\n  boot:\n    initramfs:\n"
		     "      - { path: /bin/busybox, source: /bin/busybox, "
		     "mode: 0755, applets: true }\n"
		     "      - { path: //etc/hostname/, content: \"keel\\n\" }\n"
		     "      - { path: /tmp, dir: true, mode: 01777 }\n"
		     "      - { path: /bin/sh, symlink: busybox }\n"
		     "      - { path: /, tree: rootfs }\n"
		     "      - { path: /init, source: ../init, mode: 755 }\n"
		     "      - { path: /dev/console, char: \"5:1\" }\n"
		     "      - { path: /dev/sda, block: \"8:0\", mode: 0660 }\n"
		     "    initramfs-compress: gzip\n"
		     "    init-args: [-l, \"two words\"]\n"
		     "    init-env: {HOME: /root, N: 1}\n",
		 m);
	if (!m)
		return;
	rd = m->run.boot_initramfs;
	CHECK(rd != NULL && rd->path == NULL);
	if (rd && rd->nentries == 8) {
		CHECK_STR(rd->file, "/ws/pkg/osdk.yaml");
		CHECK_STR(rd->field, "run.boot.initramfs");
		CHECK_INT(rd->entries[0].kind, MANIFEST_RD_SOURCE);
		CHECK_STR(rd->entries[0].value, "/bin/busybox");
		CHECK_INT(rd->entries[0].mode, 0755);
		CHECK(rd->entries[0].applets);
		CHECK_STR(rd->entries[0].field, "run.boot.initramfs[0]");
		CHECK_INT(rd->entries[0].pos.line, 5);
		CHECK_INT(rd->entries[0].value_pos.line, 5);
		CHECK_INT(rd->entries[1].kind, MANIFEST_RD_CONTENT);
		CHECK_STR(rd->entries[1].path, "/etc/hostname");
		CHECK_STR(rd->entries[1].value, "keel\n");
		CHECK_INT(rd->entries[1].mode, -1);
		CHECK_INT(rd->entries[2].kind, MANIFEST_RD_DIR);
		CHECK_INT(rd->entries[2].mode, 01777);
		CHECK_INT(rd->entries[3].kind, MANIFEST_RD_SYMLINK);
		CHECK_STR(rd->entries[3].value, "busybox");
		CHECK_INT(rd->entries[4].kind, MANIFEST_RD_TREE);
		CHECK_STR(rd->entries[4].path, "/");
		CHECK_STR(rd->entries[4].value, "/ws/pkg/rootfs");
		CHECK_STR(rd->entries[5].value, "/ws/init");
		CHECK_INT(rd->entries[5].mode, 0755);
		CHECK_INT(rd->entries[6].kind, MANIFEST_RD_CHAR);
		CHECK_INT(rd->entries[6].major, 5);
		CHECK_INT(rd->entries[6].minor, 1);
		CHECK_INT(rd->entries[7].kind, MANIFEST_RD_BLOCK);
		CHECK_INT(rd->entries[7].major, 8);
		CHECK_INT(rd->entries[7].mode, 0660);
	} else {
		UNIT_FAIL("expected 8 entries");
	}
	CHECK_STR(m->run.boot_initramfs_compress, "gzip");
	CHECK(m->run.boot_init_args.set && m->run.boot_init_args.n == 2);
	if (m->run.boot_init_args.n == 2)
		CHECK_STR(m->run.boot_init_args.v[1], "two words");
	CHECK(m->run.boot_init_env.set && m->run.boot_init_env.n == 2);
	if (m->run.boot_init_env.n == 2) {
		CHECK_STR(m->run.boot_init_env.v[0], "HOME=/root");
		CHECK_STR(m->run.boot_init_env.v[1], "N=1");
	}
	CHECK(!m->top.boot_init_args.set && !m->top.boot_init_env.set);
	manifest_free(m);

	/* init-env as a list; an empty list is set. */
	CHECK_OK(PKG "boot: {init-env: [A=b, \"C=d e\"], init-args: []}\n", m);
	if (m) {
		CHECK(m->top.boot_init_env.n == 2);
		CHECK(m->top.boot_init_args.set && !m->top.boot_init_args.n);
		manifest_free(m);
	}
}

UNIT(initramfs_errors)
{
	CHECK_ERR(PKG "boot: {initramfs: {a: b}}\n",
		  "osdk.yaml:2:19: expected a path or a sequence of entries "
		  "for 'boot.initramfs', found a mapping");
	CHECK_ERR(PKG "boot:\n  initramfs:\n    - /bin/sh\n",
		  "osdk.yaml:4:7: expected a mapping for 'boot.initramfs[0]' "
		  "(an entry like { path: /bin/sh, symlink: busybox }), found "
		  "a scalar");
	CHECK_ERR(PKG "boot:\n  initramfs:\n    - { path: /x, sorce: y }\n",
		  "osdk.yaml:4:19: unknown key 'sorce' in "
		  "'boot.initramfs[0]'; did you mean 'source'?");
	CHECK_ERR(PKG "boot:\n  initramfs:\n    - { source: y }\n",
		  "osdk.yaml:4:7: 'boot.initramfs[0]' is missing required "
		  "field 'path'");
	CHECK_ERR(PKG
		  "boot:\n  initramfs:\n    - { path: bin/sh, symlink: b }\n",
		  "osdk.yaml:4:15: 'boot.initramfs[0].path' must be an "
		  "absolute path in the archive without '.' or '..' parts, "
		  "like /bin/sh, not 'bin/sh'");
	CHECK_ERR(PKG
		  "boot:\n  initramfs:\n    - { path: /a/../b, dir: true }\n",
		  "osdk.yaml:4:15: 'boot.initramfs[0].path' must be an "
		  "absolute path in the archive without '.' or '..' parts, "
		  "like /bin/sh, not '/a/../b'");
	CHECK_ERR(PKG "boot:\n  initramfs:\n    - { path: /x }\n",
		  "osdk.yaml:4:7: 'boot.initramfs[0]' needs one of 'source', "
		  "'content', 'dir', 'symlink', 'tree', 'char' or 'block'");
	CHECK_ERR(PKG "boot:\n  initramfs:\n    - { path: /dev/x, char: 5 }\n",
		  "osdk.yaml:4:29: 'boot.initramfs[0].char' must be "
		  "MAJOR:MINOR in decimal (major at most 4095, minor at most "
		  "1048575) like \"5:1\", not '5'");
	CHECK_ERR(PKG "boot:\n  initramfs:\n    - { path: /dev/x, block: "
		      "\"4096:0\" }\n",
		  "osdk.yaml:4:30: 'boot.initramfs[0].block' must be "
		  "MAJOR:MINOR in decimal (major at most 4095, minor at most "
		  "1048575) like \"5:1\", not '4096:0'");
	CHECK_ERR(PKG "boot:\n  initramfs:\n"
		      "    - { path: /x, source: a, content: b }\n",
		  "osdk.yaml:4:30: 'boot.initramfs[0]' has both 'source' and "
		  "'content'");
	CHECK_ERR(PKG "boot:\n  initramfs:\n    - { path: /x, dir: true, "
		      "mode: 0789 }\n",
		  "osdk.yaml:4:36: 'boot.initramfs[0].mode' must be octal "
		  "permission bits like 0755 or 01777 (at most 07777), not "
		  "'0789'");
	CHECK_ERR(PKG "boot:\n  initramfs:\n    - { path: /x, dir: true, "
		      "mode: 017777 }\n",
		  "osdk.yaml:4:36: 'boot.initramfs[0].mode' must be octal "
		  "permission bits like 0755 or 01777 (at most 07777), not "
		  "'017777'");
	CHECK_ERR(PKG "boot:\n  initramfs:\n    - { path: /x, symlink: y, "
		      "mode: 0644 }\n",
		  "osdk.yaml:4:31: 'boot.initramfs[0]' has 'mode', which a "
		  "symlink does not take (a link's mode is always 0777)");
	CHECK_ERR(PKG "boot:\n  initramfs:\n    - { path: /x, content: y, "
		      "applets: true }\n",
		  "osdk.yaml:4:31: 'boot.initramfs[0]' has 'applets' but no "
		  "'source' (the busybox binary to ask)");
	CHECK_ERR(PKG "boot:\n  initramfs:\n    - { path: /, dir: true }\n",
		  "osdk.yaml:4:7: 'boot.initramfs[0].path' is '/': only a "
		  "'tree' can be merged in at the root");
	CHECK_ERR(PKG "boot:\n  initramfs:\n    - { path: /x, dir: false }\n",
		  "osdk.yaml:4:24: 'boot.initramfs[0].dir' must be true "
		  "(leave the entry out for no directory)");
	CHECK_ERR(PKG "boot:\n  initramfs:\n    - { path: /x, dir: true }\n"
		      "    - { path: /x/, content: a }\n",
		  "osdk.yaml:5:7: 'boot.initramfs[1].path' '/x' is already "
		  "given by 'boot.initramfs[0]'");
	CHECK_ERR(PKG "boot: {initramfs-compress: xz}\n",
		  "osdk.yaml:2:28: 'boot.initramfs-compress' must be one of "
		  "none, gzip; got 'xz'");
}

UNIT(init_words_errors)
{
	CHECK_ERR(PKG "boot: {init-args: -l}\n",
		  "osdk.yaml:2:19: expected a sequence for 'boot.init-args', "
		  "found a scalar");
	CHECK_ERR(PKG "boot: {init-args: [\"\"]}\n",
		  "osdk.yaml:2:20: 'boot.init-args[0]' must not be empty");
	CHECK_ERR(PKG "boot: {init-args: ['say \"hi\"']}\n",
		  "osdk.yaml:2:20: 'boot.init-args[0]' cannot go on the "
		  "kernel command line (a double quote or a control "
		  "character), not 'say \"hi\"'");
	CHECK_ERR(PKG "boot: {init-env: [HOME]}\n",
		  "osdk.yaml:2:19: 'boot.init-env[0]' must be KEY=VALUE with "
		  "KEY a variable name ([A-Za-z_][A-Za-z0-9_]*), not 'HOME'");
	CHECK_ERR(PKG "boot: {init-env: {1A: x}}\n",
		  "osdk.yaml:2:19: '1A' is not a variable name "
		  "([A-Za-z_][A-Za-z0-9_]*)");
	CHECK_ERR(PKG "boot: {init-env: {A: [x]}}\n",
		  "osdk.yaml:2:22: expected a string for 'boot.init-env.A', "
		  "found a sequence");
	CHECK_ERR(PKG "boot: {init-env: -x}\n",
		  "osdk.yaml:2:18: expected a mapping or a sequence of "
		  "KEY=VALUE for 'boot.init-env', found a scalar");
}

UNIT(error_nul_in_value)
{
	CHECK_ERR(PKG "boot: {cmdline: \"a\\0b\"}\n",
		  "osdk.yaml:2:17: 'boot.cmdline' contains a NUL character");
}

UNIT(error_workspace_lists)
{
	CHECK_ERR("workspace:\n  members: [kernel, /abs]\n",
		  "osdk.yaml:2:21: 'workspace.members[1]' must be a directory "
		  "relative to the workspace, not '/abs'");
	CHECK_ERR("workspace:\n  members:\n    - ''\n",
		  "osdk.yaml:3:7: 'workspace.members[0]' must not be empty");
	CHECK_ERR("workspace:\n  members: kernel\n",
		  "osdk.yaml:2:12: expected a sequence for "
		  "'workspace.members', found a scalar");
	CHECK_ERR("workspace:\n  members: []\n  trusted: [frame, Frame]\n",
		  "osdk.yaml:3:20: 'workspace.trusted[1]' must be a package "
		  "name ([a-z0-9][a-z0-9_-]*, at most 64 characters), not "
		  "'Frame'");
}

UNIT(error_dependencies)
{
	CHECK_ERR(PKG "dependencies:\n  foo:\n    git: x\n    path: y\n",
		  "osdk.yaml:5:5: 'dependencies.foo' has both 'git' and "
		  "'path'");
	CHECK_ERR(PKG "dependencies:\n  foo:\n    path: y\n    git: x\n",
		  "osdk.yaml:5:5: 'dependencies.foo' has both 'git' and "
		  "'path'");
	CHECK_ERR(PKG "dependencies:\n  foo: {path: y, registry: r}\n",
		  "osdk.yaml:3:18: 'dependencies.foo' has both 'registry' and "
		  "'path'");
	CHECK_ERR(PKG "dependencies:\n  foo: {registry: r, git: g}\n",
		  "osdk.yaml:3:22: 'dependencies.foo' has both 'registry' and "
		  "'git'");
	CHECK_ERR(PKG "dependencies:\n  foo: {git: g, tag: a, rev: b}\n",
		  "osdk.yaml:3:25: 'dependencies.foo' has both 'rev' and "
		  "'tag'");
	CHECK_ERR(PKG "dependencies:\n  foo: {git: g, tag: a, branch: b}\n",
		  "osdk.yaml:3:25: 'dependencies.foo' has both 'tag' and "
		  "'branch'");
	CHECK_ERR(PKG "dependencies:\n  foo: {version: \"1\", tag: a}\n",
		  "osdk.yaml:3:23: 'dependencies.foo' has 'tag' but no 'git'");
	CHECK_ERR(PKG "dependencies:\n  foo: {registry: local}\n",
		  "osdk.yaml:3:3: 'dependencies.foo' needs a 'version', 'path' "
		  "or 'git'");
	CHECK_ERR(PKG "dependencies:\n  foo: {}\n",
		  "osdk.yaml:3:3: 'dependencies.foo' needs a 'version', 'path' "
		  "or 'git'");
	CHECK_ERR(PKG "dependencies:\n  foo:\n",
		  "osdk.yaml:3:7: expected a version requirement or a mapping "
		  "for 'dependencies.foo', found null");
	CHECK_ERR(PKG "dependencies:\n  foo: [1]\n",
		  "osdk.yaml:3:8: expected a version requirement or a mapping "
		  "for 'dependencies.foo', found a sequence");
	CHECK_ERR(PKG "dependencies:\n  Foo: \"1\"\n",
		  "osdk.yaml:3:3: 'dependencies.Foo' is not a valid package "
		  "name ([a-z0-9][a-z0-9_-]*, at most 64 characters)");
	CHECK_ERR(PKG "dependencies:\n  foo: \"latest\"\n",
		  "osdk.yaml:3:8: 'dependencies.foo' must be a version "
		  "requirement like ^1.2 or >=1.0, <2.0, not 'latest'");
	CHECK_ERR(PKG "dependencies:\n  foo: {version: \"^1..2\"}\n",
		  "osdk.yaml:3:18: 'dependencies.foo.version' must be a "
		  "version requirement like ^1.2 or >=1.0, <2.0, not '^1..2'");
	CHECK_ERR(PKG "dependencies:\n  foo: {git: ''}\n",
		  "osdk.yaml:3:14: 'dependencies.foo.git' must not be empty");
	CHECK_ERR(PKG "dependencies: [foo]\n",
		  "osdk.yaml:2:15: expected a mapping for 'dependencies', "
		  "found a sequence");
}

UNIT(error_scheme_names)
{
	CHECK_ERR(PKG "schemes:\n  TDX: {}\n",
		  "osdk.yaml:3:3: 'schemes.TDX' is not a valid scheme name "
		  "([a-z0-9][a-z0-9_-]*, at most 64 characters)");
}

UNIT_MAIN()
