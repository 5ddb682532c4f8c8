/* SPDX-License-Identifier: MIT */
/* test_manifest.c - unit tests of reading and checking osdk.yaml. */
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

static int parse_as(const char *path, const char *text, struct manifest **m,
		    struct osdk_err *err)
{
	return manifest_parse(path, text, strlen(text), m, err);
}

/*
 * Parse `text` as "osdk.yaml" and expect -EINVAL with exactly `want`: the
 * whole message is compared, so line, column and field are all checked.
 */
#define CHECK_ERR(text, want)                                                  \
	do {                                                                   \
		struct osdk_err e_ = OSDK_ERR_INIT;                            \
		struct manifest *m_ = (struct manifest *)&e_;                  \
		CHECK_INT(parse_as("osdk.yaml", (text), &m_, &e_), -EINVAL);   \
		CHECK(m_ == NULL);                                             \
		CHECK_STR(e_.msg, (want));                                     \
	} while (0)

/* Parse and expect success; the caller frees *m. */
#define CHECK_OK(text, m)                                                      \
	do {                                                                   \
		struct osdk_err e_ = OSDK_ERR_INIT;                            \
		int r_ = parse_as("/ws/pkg/osdk.yaml", (text), &(m), &e_);     \
		CHECK_INT(r_, 0);                                              \
		if (r_)                                                        \
			UNIT_FAIL("unexpected error: %s", e_.msg);             \
	} while (0)

#define PKG "package: {name: demo, version: 1.0.0}\n"

static char *data_path(const char *rel)
{
	const char *data = getenv("OSDK_TEST_DATA");

	return xasprintf("%s/%s", data ? data : "osdk/tests/data", rel);
}

static char *slurp(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb);
}

/* ---- valid manifests ---- */

UNIT(full_manifest_every_field)
{
	char *path = data_path("manifests/full/osdk.yaml");
	char *text = slurp(path);
	struct manifest *m = NULL;
	const struct manifest_scheme *tdx;

	CHECK(text != NULL);
	if (!text)
		goto out;
	CHECK_OK(text, m);
	if (!m)
		goto out;
	CHECK_STR(m->path, "/ws/pkg/osdk.yaml");
	CHECK_STR(m->dir, "/ws/pkg");
	CHECK(m->has_package);
	CHECK_STR(m->package.name, "virtio-blk");
	CHECK_STR(m->package.version, "0.3.1-rc.1+build.5");
	CHECK_INT(m->package.type, MANIFEST_PKG_KERNEL);
	CHECK(m->package.trusted);
	CHECK_INT(m->package.trusted_pos.line, 6);
	CHECK_INT(m->package.trusted_pos.col, 12);
	CHECK_STR(m->package.description,
		  "Block device over virtio, ünïcode included");
	CHECK_STR(m->package.license, "MIT OR Apache-2.0");
	CHECK_INT(m->package.nauthors, 2);
	if (m->package.nauthors == 2) {
		CHECK_STR(m->package.authors[0], "Ada <ada@example.org>");
		CHECK_STR(m->package.authors[1], "Linus");
	}
	CHECK_STR(m->package.repository, "https://example.org/virtio-blk");

	CHECK(m->has_workspace);
	CHECK_INT(m->workspace.nmembers, 2);
	if (m->workspace.nmembers == 2) {
		CHECK_STR(m->workspace.members[0], "kernel");
		CHECK_STR(m->workspace.members[1], "kernel/frame");
	}
	CHECK_INT(m->workspace.ntrusted, 1);
	if (m->workspace.ntrusted == 1)
		CHECK_STR(m->workspace.trusted[0], "frame");

	CHECK_INT(m->ndeps, 6);
	if (m->ndeps == 6) {
		CHECK_STR(m->deps[0].name, "frame");
		CHECK_INT(m->deps[0].kind, MANIFEST_DEP_REGISTRY);
		CHECK_STR(m->deps[0].version, "^0.1");
		CHECK(m->deps[0].registry == NULL);
		CHECK_INT(m->deps[0].pos.line, 19);
		CHECK_INT(m->deps[0].pos.col, 3);
		CHECK_INT(m->deps[1].kind, MANIFEST_DEP_REGISTRY);
		CHECK_STR(m->deps[1].version, "~1.2");
		CHECK_STR(m->deps[1].registry, "local");
		CHECK_INT(m->deps[2].kind, MANIFEST_DEP_PATH);
		CHECK_STR(m->deps[2].path, "/ws/virtio");
		CHECK(m->deps[2].version == NULL);
		CHECK_INT(m->deps[3].kind, MANIFEST_DEP_GIT);
		CHECK_STR(m->deps[3].git, "file:///srv/blk.git");
		CHECK_STR(m->deps[3].rev, "abc123");
		CHECK(m->deps[3].tag == NULL && m->deps[3].branch == NULL);
		CHECK_STR(m->deps[4].tag, "v1");
		CHECK_STR(m->deps[5].name, "branched");
		CHECK_INT(m->deps[5].kind, MANIFEST_DEP_GIT);
		CHECK_STR(m->deps[5].branch, "main");
		CHECK_STR(m->deps[5].version, "1");
		CHECK_INT(m->deps[5].pos.line, 24);
	}

	CHECK_STR(m->build.linker_script, "/ws/pkg/linker.ld");
	CHECK_STR(m->build.cflags, "-DFOO -O2");

	CHECK_STR(m->top.boot_method, "grub-rescue-iso");
	CHECK_STR(m->top.boot_protocol, "multiboot2");
	CHECK_STR(m->top.boot_cmdline, "console=ttyS0");
	CHECK_STR(m->top.boot_initramfs->path, "/ws/initramfs.cpio");
	CHECK_STR(m->top.qemu_path, "qemu-system-x86_64");
	CHECK_STR(m->top.qemu_args, "-m 512M -smp 2");
	CHECK_INT(m->top.test_timeout, 0);

	CHECK_STR(m->run.boot_cmdline, "console=ttyS0 quiet");
	CHECK_STR(m->run.qemu_args, "-m 1G");
	CHECK(m->run.boot_method == NULL && m->run.qemu_path == NULL);

	CHECK_STR(m->test.boot_method, "qemu-direct");
	CHECK_STR(m->test.qemu_path, "/ws/pkg/tools/qemu");
	CHECK_INT(m->test.test_timeout, 90);

	CHECK_INT(m->nschemes, 2);
	tdx = manifest_scheme(m, "tdx");
	CHECK(tdx != NULL);
	if (tdx) {
		CHECK_STR(tdx->base.boot_method, "qemu-direct");
		CHECK_STR(tdx->base.boot_initramfs->path, "/abs/tdx.cpio");
		CHECK_STR(tdx->base.qemu_args,
			  "-machine q35,confidential-guest-support=tdx");
		CHECK_STR(tdx->run.qemu_args, "-smp 4");
		CHECK_STR(tdx->test.boot_cmdline, "ktest");
		CHECK_INT(tdx->test.test_timeout, 300);
		CHECK_INT(tdx->pos.line, 53);
		CHECK_INT(tdx->pos.col, 3);
	}
	CHECK(manifest_scheme(m, "debug") != NULL);
	CHECK(manifest_scheme(m, "tdxx") == NULL);
out:
	manifest_free(m);
	free(text);
	free(path);
}

UNIT(minimal_package_defaults)
{
	struct manifest *m = NULL;

	CHECK_OK("package:\n  name: demo\n  version: 1.0.0\n", m);
	if (!m)
		return;
	CHECK(m->has_package);
	CHECK(!m->has_workspace);
	CHECK_INT(m->package.type, MANIFEST_PKG_LIBRARY);
	CHECK(!m->package.trusted);
	CHECK_INT(m->package.trusted_pos.line, 0);
	CHECK(m->package.description == NULL && m->package.license == NULL);
	CHECK(m->package.authors == NULL && m->package.nauthors == 0);
	CHECK_INT(m->ndeps, 0);
	CHECK_INT(m->nschemes, 0);
	CHECK(m->build.linker_script == NULL && m->build.cflags == NULL);
	CHECK(m->build.service_prelude == NULL);
	CHECK(m->top.boot_method == NULL && m->top.qemu_args == NULL);
	CHECK_INT(m->test.test_timeout, 0);
	manifest_free(m);
}

UNIT(workspace_only)
{
	struct manifest *m = NULL;

	CHECK_OK("workspace:\n  members: []\n", m);
	if (!m)
		return;
	CHECK(!m->has_package);
	CHECK(m->has_workspace);
	CHECK_INT(m->workspace.nmembers, 0);
	manifest_free(m);
}

UNIT(empty_sections_are_allowed)
{
	struct manifest *m = NULL;

	/* A template with every dependency commented out still parses. */
	CHECK_OK(PKG "dependencies:\n#  foo: \"1\"\nboot:\nqemu: ~\n"
		     "run:\ntest:\nschemes:\nbuild:\n",
		 m);
	if (!m)
		return;
	CHECK_INT(m->ndeps, 0);
	CHECK_INT(m->nschemes, 0);
	manifest_free(m);
}

UNIT(flow_and_quoted_scalars)
{
	struct manifest *m = NULL;

	CHECK_OK("{package: {name: 'demo', version: \"1.0.0\", "
		 "type: \"library\", trusted: False}}\n",
		 m);
	if (!m)
		return;
	CHECK_STR(m->package.name, "demo");
	CHECK_INT(m->package.type, MANIFEST_PKG_LIBRARY);
	CHECK(!m->package.trusted);
	manifest_free(m);
}

UNIT(anchors_and_aliases)
{
	struct manifest *m = NULL;

	CHECK_OK(PKG "qemu: &q {args: \"-m 1G\"}\nrun:\n  qemu: *q\n", m);
	if (!m)
		return;
	CHECK_STR(m->top.qemu_args, "-m 1G");
	CHECK_STR(m->run.qemu_args, "-m 1G");
	manifest_free(m);
}

UNIT(numbers_and_bools_as_strings)
{
	struct manifest *m = NULL;

	/* Plain scalars that YAML would type as numbers are strings here. */
	CHECK_OK(PKG "boot:\n  cmdline: 42\nqemu:\n  args: true\n", m);
	if (!m)
		return;
	CHECK_STR(m->top.boot_cmdline, "42");
	CHECK_STR(m->top.qemu_args, "true");
	manifest_free(m);
}

UNIT(document_markers)
{
	struct manifest *m = NULL;

	CHECK_OK("%YAML 1.1\n---\n" PKG "...\n", m);
	manifest_free(m);
	m = NULL;
	CHECK_OK(PKG "---\n", m);
	manifest_free(m);
}

UNIT(relative_path_dir_uses_cwd)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct manifest *m = NULL;
	char *cwd = getcwd(NULL, 0);
	char *want;

	CHECK_INT(parse_as("sub/../pkg/osdk.yaml",
			   PKG "build: {linker-script: ld/k.ld}\n", &m, &err),
		  0);
	want = xasprintf("%s/pkg", strcmp(cwd, "/") ? cwd : "");
	if (m) {
		CHECK_STR(m->path, "sub/../pkg/osdk.yaml");
		CHECK_STR(m->dir, want);
		CHECK(m->build.linker_script &&
		      !strncmp(m->build.linker_script, want, strlen(want)));
		CHECK_HAS(m->build.linker_script, "/pkg/ld/k.ld");
	}
	manifest_free(m);
	m = NULL;
	CHECK_INT(parse_as("osdk.yaml", PKG, &m, &err), 0);
	if (m)
		CHECK_STR(m->dir, cwd);
	manifest_free(m);
	free(want);
	free(cwd);
}

/* ---- the repository's own manifests ---- */

static struct manifest *load_repo(const char *rel)
{
	struct osdk_err err = OSDK_ERR_INIT;
	char *path = data_path(rel);
	struct manifest *m = NULL;
	int ret = manifest_load(path, &m, &err);

	CHECK_INT(ret, 0);
	if (ret)
		UNIT_FAIL("%s: %s", rel, err.msg);
	free(path);
	return m;
}

UNIT(repo_root_manifest)
{
	struct manifest *m = load_repo("../../../osdk.yaml");

	if (!m)
		return;
	CHECK(m->has_workspace);
	CHECK(!m->has_package);
	/* Keel and its frame first; the services follow. */
	CHECK(m->workspace.nmembers >= 2);
	if (m->workspace.nmembers >= 2) {
		CHECK_STR(m->workspace.members[0], "kernel");
		CHECK_STR(m->workspace.members[1], "kernel/frame");
	}
	CHECK_INT(m->workspace.ntrusted, 1);
	if (m->workspace.ntrusted)
		CHECK_STR(m->workspace.trusted[0], "frame");
	CHECK_STR(m->top.qemu_args, "-machine q35 -cpu max -m 256M -smp 1");
	CHECK(m->test.test_timeout > 0);
	CHECK(m->dir[0] == '/');
	manifest_free(m);
}

UNIT(repo_kernel_manifest)
{
	struct manifest *m = load_repo("../../../kernel/osdk.yaml");

	if (!m)
		return;
	CHECK_STR(m->package.name, "keel");
	CHECK_INT(m->package.type, MANIFEST_PKG_KERNEL);
	CHECK(!m->package.trusted);
	CHECK(m->ndeps >= 1);
	for (size_t i = 0; i < m->ndeps; i++) {
		if (strcmp(m->deps[i].name, "frame"))
			continue;
		CHECK_INT(m->deps[i].kind, MANIFEST_DEP_PATH);
		CHECK(m->deps[i].path[0] == '/');
		CHECK_HAS(m->deps[i].path, "/kernel/frame");
		CHECK(!strstr(m->deps[i].path, ".."));
	}
	manifest_free(m);
}

UNIT(repo_frame_manifest)
{
	struct manifest *m = load_repo("../../../kernel/frame/osdk.yaml");

	if (!m)
		return;
	CHECK_STR(m->package.name, "frame");
	CHECK_INT(m->package.type, MANIFEST_PKG_LIBRARY);
	CHECK(m->package.trusted);
	CHECK(m->package.trusted_pos.line > 0);
	CHECK(m->build.linker_script && m->build.linker_script[0] == '/');
	CHECK_HAS(m->build.linker_script, "/kernel/frame/");
	CHECK_HAS(m->build.service_prelude,
		  "/kernel/frame/include/frame/prelude.h");
	CHECK_INT(m->build.nuser_images, 1);
	if (m->build.nuser_images == 1) {
		CHECK_STR(m->build.user_images[0].name, "vdso");
		CHECK_STR(m->build.user_images[0].version_script,
			  "vdso/vdso.map");
	}
	manifest_free(m);
}

UNIT(build_user_images)
{
	struct manifest *m = NULL;
	const struct manifest_user_image *u;

	CHECK_OK(PKG "build:\n  user-images:\n    vdso:\n"
		     "      sources: [vdso/a.c, ./vdso/b.S]\n"
		     "      cflags: \"-O2 -fno-jump-tables\"\n"
		     "      ldflags: \"-Wl,-soname,x.so\"\n"
		     "      linker-script: vdso/vdso.lds\n"
		     "      version-script: vdso/vdso.map\n"
		     "    tool_2: { sources: [user/t.c] }\n",
		 m);
	if (!m)
		return;
	CHECK_INT(m->build.nuser_images, 2);
	if (m->build.nuser_images != 2)
		goto out;
	u = &m->build.user_images[0];
	CHECK_STR(u->name, "vdso");
	CHECK_INT(u->nsources, 2);
	/* Kept relative: they are compiled from the package directory. */
	CHECK_STR(u->sources[0], "vdso/a.c");
	CHECK_STR(u->sources[1], "./vdso/b.S");
	CHECK_STR(u->cflags, "-O2 -fno-jump-tables");
	CHECK_STR(u->ldflags, "-Wl,-soname,x.so");
	CHECK_STR(u->linker_script, "vdso/vdso.lds");
	CHECK_STR(u->version_script, "vdso/vdso.map");
	CHECK_INT(u->pos.line, 4);
	u = &m->build.user_images[1];
	CHECK_STR(u->name, "tool_2");
	CHECK(u->cflags == NULL && u->linker_script == NULL);
out:
	manifest_free(m);

	CHECK_ERR(PKG "build: {user-images: {vdso: {sources: [/abs.c]}}}\n",
		  "osdk.yaml:2:40: 'build.user-images.vdso.sources[0]' must be "
		  "a path relative to the package, not '/abs.c'");
	CHECK_ERR(PKG "build: {user-images: {vdso: "
		      "{sources: [a/../../x.c]}}}\n",
		  "osdk.yaml:2:40: 'build.user-images.vdso.sources[0]' must "
		  "stay inside the package, not 'a/../../x.c'");
	CHECK_ERR(PKG "build: {user-images: {vdso: {sources: [src/x.c]}}}\n",
		  "osdk.yaml:2:40: 'build.user-images.vdso.sources[0]' is "
		  "under 'src/', whose sources are all compiled into the "
		  "kernel; put user-image sources elsewhere, not 'src/x.c'");
	CHECK_ERR(PKG "build: {user-images: {vdso: {cflags: -O2}}}\n",
		  "osdk.yaml:2:23: 'build.user-images.vdso' needs at least one "
		  "of 'sources'");
	CHECK_ERR(PKG "build: {user-images: {v-dso: {sources: [a.c]}}}\n",
		  "osdk.yaml:2:23: 'build.user-images.v-dso' is not a valid "
		  "image name ([a-z_][a-z0-9_]*, at most 64 characters: it "
		  "names symbols)");
	CHECK_ERR(PKG "build: {user-images: {vdso: {source: [a.c]}}}\n",
		  "osdk.yaml:2:30: unknown key 'source' in "
		  "'build.user-images.vdso'; did you mean 'sources'?");
	CHECK_ERR(PKG "build: {user-images: {vdso: {sources: [a.c], "
		      "linker-script: ../x.lds}}}\n",
		  "osdk.yaml:2:61: 'build.user-images.vdso.linker-script' "
		  "must stay inside the package, not '../x.lds'");
}

UNIT(build_service_prelude_is_a_path)
{
	struct manifest *m = NULL;

	CHECK_OK(PKG "build:\n  service-prelude: include/frame/prelude.h\n",
		 m);
	if (!m)
		return;
	CHECK_STR(m->build.service_prelude,
		  "/ws/pkg/include/frame/prelude.h");
	manifest_free(m);
	m = NULL;
	CHECK_OK(PKG "build: {service-prelude: /abs/../p.h}\n", m);
	if (m)
		CHECK_STR(m->build.service_prelude, "/p.h");
	manifest_free(m);
	CHECK_ERR(PKG "build: {service-prelude: ''}\n",
		  "osdk.yaml:2:26: 'build.service-prelude' must not be empty");
	CHECK_ERR(PKG "build: {service_prelude: x.h}\n",
		  "osdk.yaml:2:9: unknown key 'service_prelude' in 'build'; "
		  "did you mean 'service-prelude'?");
	CHECK_ERR(PKG "build: {service-prelude: [a.h]}\n",
		  "osdk.yaml:2:26: expected a string for "
		  "'build.service-prelude', found a sequence");
}

/* ---- reading files ---- */

UNIT(load_missing_file)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct manifest *m = (struct manifest *)&err;

	CHECK_INT(manifest_load("/nonexistent/osdk.yaml", &m, &err), -ENOENT);
	CHECK(m == NULL);
	CHECK_STR(err.msg, "could not read '/nonexistent/osdk.yaml': "
			   "No such file or directory");
}

UNIT(load_directory)
{
	struct osdk_err err = OSDK_ERR_INIT;
	char *path = data_path("manifests");
	struct manifest *m = NULL;
	char *want = xasprintf("could not read '%s': Is a directory", path);

	CHECK_INT(manifest_load(path, &m, &err), -EISDIR);
	CHECK(m == NULL);
	CHECK_STR(err.msg, want);
	free(want);
	free(path);
}

UNIT(load_unreadable_file)
{
	char tmpl[] = "/tmp/osdk-manifest-XXXXXX";
	struct osdk_err err = OSDK_ERR_INIT;
	struct manifest *m = NULL;
	int fd;

	if (geteuid() == 0)
		return; /* root reads anything; nothing to test */
	fd = mkstemp(tmpl);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	chmod(tmpl, 0);
	CHECK_INT(manifest_load(tmpl, &m, &err), -EACCES);
	CHECK_HAS(err.msg, "Permission denied");
	unlink(tmpl);
}

UNIT(load_error_names_path_as_given)
{
	struct osdk_err err = OSDK_ERR_INIT;
	char *path = data_path("manifests/bad-type/osdk.yaml");
	struct manifest *m = NULL;
	char *want = xasprintf("%s:5:9: 'package.type' must be one of kernel, "
			       "library; got 'kernal' (did you mean "
			       "'kernel'?)",
			       path);

	CHECK_INT(manifest_load(path, &m, &err), -EINVAL);
	CHECK(m == NULL);
	CHECK_STR(err.msg, want);
	free(want);
	free(path);
}

UNIT(load_too_large)
{
	char tmpl[] = "/tmp/osdk-manifest-XXXXXX";
	struct osdk_err err = OSDK_ERR_INIT;
	struct manifest *m = NULL;
	char *big = xmalloc(1 << 20);
	int fd = mkstemp(tmpl);

	CHECK(fd >= 0);
	if (fd < 0)
		goto out;
	memset(big, '#', 1 << 20);
	for (int i = 0; i < 5; i++)
		CHECK_INT(write(fd, big, 1 << 20), 1 << 20);
	close(fd);
	CHECK_INT(manifest_load(tmpl, &m, &err), -EFBIG);
	CHECK_HAS(err.msg, "larger than 4 MiB");
	unlink(tmpl);
out:
	free(big);
}

/* ---- errors: the exact message, line, column and field ---- */

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

UNIT(error_unknown_keys)
{
	CHECK_ERR(PKG "run:\n  boot: {}\n\n  qemuu:\n    args: x\n",
		  "osdk.yaml:5:3: unknown key 'qemuu' in 'run'; did you mean "
		  "'qemu'?");
	CHECK_ERR("pakage: {}\n", "osdk.yaml:1:1: unknown key 'pakage' at "
				  "the top level; did you mean 'package'?");
	CHECK_ERR(PKG "run: {timeout: 5}\n",
		  "osdk.yaml:2:7: unknown key 'timeout' in 'run'; expected "
		  "one of boot, qemu");
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
		  "grub-rescue-iso; got 'grub'");
	CHECK_ERR(PKG "run:\n  boot:\n    protocol: multiboot\n",
		  "osdk.yaml:4:15: 'run.boot.protocol' must be one of "
		  "multiboot2; got 'multiboot' (did you mean 'multiboot2'?)");
	CHECK_ERR(PKG "schemes:\n  tdx:\n    boot: {method: qemu-drect}\n",
		  "osdk.yaml:4:20: 'schemes.tdx.boot.method' must be one of "
		  "qemu-direct, grub-rescue-iso; got 'qemu-drect' (did you "
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
	CHECK_ERR(PKG "boot:\n  initramfs:\n    - { path: bin/sh, symlink: b }\n",
		  "osdk.yaml:4:15: 'boot.initramfs[0].path' must be an "
		  "absolute path in the archive without '.' or '..' parts, "
		  "like /bin/sh, not 'bin/sh'");
	CHECK_ERR(PKG "boot:\n  initramfs:\n    - { path: /a/../b, dir: true }\n",
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
			"build, boot, qemu, run, test, schemes, prove");
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
		  "grub-rescue-iso; got 'q'");
}

UNIT(error_message_is_one_safe_line)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct manifest *m = NULL;
	struct strbuf long_version = STRBUF_INIT;

	CHECK_ERR("\"bad\\nkey\\e\": 1\n",
		  "osdk.yaml:1:1: unknown key 'bad\\nkey\\x1b' at the top "
		  "level; expected one of package, workspace, dependencies, "
		  "build, boot, qemu, run, test, schemes, prove");
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

/* ---- names, versions and requirements ---- */

UNIT(valid_names_table)
{
	static const char *const good[] = {
	    "a",
	    "keel",
	    "frame",
	    "virtio-blk",
	    "fs_ext2",
	    "9p",
	    "a-",
	    "x_",
	    "0",
	    "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01"};
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
	    "0123456789abcdefghijklmnopqrstuvwxyz012"};

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
	static const char *const good[] = {"0.0.0",
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
					   "18446744073709551615.0.0"};
	static const char *const bad[] = {
	    "",		 "1",	   "1.2",      "1.2.3.4",
	    "v1.2.3",	 "01.2.3", "1.02.3",   "1.2.03",
	    "1.2.3-",	 "1.2.3+", "1.2.3-01", "1.2.3-a..b",
	    "1.2.3-a_b", " 1.2.3", "1.2.3 ",   "1.2.x",
	    "a.b.c",	 "1..2",   "1.2.3-+b", "18446744073709551616.0.0"};

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
	    "1",	   "1.2",	   "1.2.3", "^0.1",
	    "~1.2",	   "=1.2.3",	   ">1",    ">=1.0",
	    "<2",	   "<=2.0.0",	   "*",	    "1.*",
	    "1.2.*",	   "1.x",	   "1.2.X", ">= 1.2, < 1.5",
	    "^1.2.3-rc.1", "=1.0.0+build", " ^1 ",  "1.2,1.3"};
	static const char *const bad[] = {
	    "",	     "latest",	"^",   "1.",  "1..2",	"^v1", ">=", "1,", ",1",
	    "1.*.3", "1.2.3.4", "==1", "^01", "1.2.3-", "1 2", "**", "=>1"};

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
	    {"/ws", "frame", "/ws/frame"},
	    {"/ws/kernel", "../virtio", "/ws/virtio"},
	    {"/ws", "./a/./b/", "/ws/a/b"},
	    {"/ws", "a//b", "/ws/a/b"},
	    {"/ws", "/abs/x", "/abs/x"},
	    {"/ws", "/abs/../y", "/y"},
	    {"/", "..", "/"},
	    {"/ws", "../../..", "/"},
	    {"/ws/", ".", "/ws"},
	    {"/ws", "", "/ws"},
	    {"/a/b", "../c/../d", "/a/d"},
	    {"/ws", "..foo/.bar", "/ws/..foo/.bar"},
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
	CHECK(manifest_boot_methods[2] == NULL);
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
	static const char subst[] = {':',  '-',	 '[',  '{', '}',    '"',
				     '\'', '\n', ' ',  '&', '*',    '!',
				     '#',  '\0', '\t', '|', '\xff', '\x80'};
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
		  "one of boot, qemu, run, test");
}

UNIT_MAIN()
