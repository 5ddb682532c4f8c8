/* SPDX-License-Identifier: MIT */
/* test_manifest.c - valid manifests, the repository's own, reading files. */
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
	CHECK_HAS(m->build.coverage_runtime, "/kernel/frame/cov/gcov.c");
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

	CHECK_OK(PKG "build:\n  service-prelude: include/frame/prelude.h\n", m);
	if (!m)
		return;
	CHECK_STR(m->build.service_prelude, "/ws/pkg/include/frame/prelude.h");
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

UNIT_MAIN()
