/* SPDX-License-Identifier: MIT */
/* build.c - osdk build: compile the packages, link and bundle the kernel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"
#include "core/boot/bundle_dir.h"
#include "core/manifest/manifest.h"
#include "msg.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"

const struct cmd_help cmd_build_help = {
	.name = "build",
	.usage = "[OPTIONS]",
	.summary = "Compile the current package and its dependencies",
	.details =
		"Compiles every package the current one needs, only what changed\n"
		"since the last build, into target/osdk/<profile>/. For a kernel\n"
		"package it also links the kernel ELF and makes the boot image\n"
		"for the selected boot method (a GRUB ISO for grub-rescue-iso).\n"
		"\n"
		"-p NAME builds package NAME instead (any package of the\n"
		"workspace's graph; repeatable), --workspace every member,\n"
		"--exclude NAME leaves one out; --manifest-path starts from that\n"
		"osdk.yaml instead of the current directory's.\n"
		"\n"
		"-o/--output DIR also copies the kernel's artefacts (its ELF,\n"
		"boot image and initramfs) into DIR, created if missing, under\n"
		"their own names, and prints the copied image's path: a stable\n"
		"place for scripts and CI to keep them.",
	.examples = "  osdk build\n"
		    "  osdk build -p mm -p fs     # these two and their "
		    "dependencies\n"
		    "  osdk build --workspace --exclude keel\n"
		    "  osdk build --manifest-path ../keel/osdk.yaml\n"
		    "  osdk build --release -j 8\n"
		    "  osdk build --boot-method grub-rescue-iso\n"
		    "  osdk build -o dist         # and copy the artefacts to "
		    "dist/\n",
};

/* Copy @path into @dir under its own name; *copy is the new path. */
static int copy_into(const char *dir, const char *path, char **copy)
{
	struct osdk_err err = OSDK_ERR_INIT;
	const char *base = strrchr(path, '/');
	char *to = fs_join(dir, base ? base + 1 : path);

	char *a = fs_abspath(path), *b = fs_abspath(to);
	/* -o naming the output directory itself: already there. */
	int ret = strcmp(a, b) ? fs_copy_file(path, to, &err) : 0;

	free(a);
	free(b);
	if (ret) {
		free(to);
		return cli_fail(&err);
	}
	free(*copy);
	*copy = to;
	return 0;
}

/* -o DIR: the artefacts of the bundle @b and the kernel ELF, copied. The
 * copies replace the paths in @b, so those are printed; *@elf is the ELF's
 * copy. */
static int copy_out(const char *dir, const struct session *s,
		    struct bundle *b, char **elf)
{
	struct osdk_err err = OSDK_ERR_INIT;
	int ret;

	if (fs_mkdirs(dir, &err))
		return cli_fail(&err);
	ret = copy_into(dir, s->res.kernel_elf, elf);
	/* The ELF QEMU loads may be the linked one or a copy beside it. */
	if (!ret && b->kernel && strcmp(b->kernel, s->res.kernel_elf))
		ret = copy_into(dir, b->kernel, &b->kernel);
	else if (!ret && b->kernel) {
		free(b->kernel);
		b->kernel = xstrdup(*elf);
	}
	if (!ret && b->image)
		ret = copy_into(dir, b->image, &b->image);
	if (!ret && b->initramfs)
		ret = copy_into(dir, b->initramfs, &b->initramfs);
	return ret;
}

/* -o DIR: what osdk run --bundle DIR needs to boot the copies. */
static int write_bundle_dir(const char *dir, const struct session *s,
			    const struct bundle *b, const char *elf)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct bundle_dir bd = {
		.kind = BUNDLE_DIR_KERNEL,
		.package = s->res.kernel_name,
		.method = b->method,
		.kernel = b->kernel ? b->kernel : (char *)elf,
		.image = b->image,
		.initramfs = b->initramfs,
		.cmdline = b->cmdline,
		.qemu = s->cfg.qemu_path,
		.qemu_args = s->cfg.qemu_args,
		.accel = s->cfg.accel,
		.test_timeout = s->cfg.test_timeout,
		.protocol = b->protocol,
		.confidential = s->cfg.confidential,
	};
	int ret = bundle_dir_add_firmware(dir, &bd, s->cfg.ovmf_code,
					  s->cfg.ovmf_vars, s->cfg.tdvf, &err);

	if (!ret)
		ret = bundle_dir_write(dir, &bd, &err);
	/* Only the firmware copies are the bundle's own strings. */
	free(bd.ovmf_code);
	free(bd.ovmf_vars);
	free(bd.tdvf);
	return ret ? cli_fail(&err) : 0;
}

/* Bundle the kernel just linked, if any, and print its image's path. */
static int bundle_kernel(struct session *s, const char *out)
{
	struct bundle b = { 0 };
	char *elf = NULL;
	int ret;

	if (!s->res.kernel_elf)
		return 0;
	ret = cli_bundle(s, &b);
	if (!ret && out)
		ret = copy_out(out, s, &b, &elf);
	if (!ret && out)
		ret = write_bundle_dir(out, s, &b, elf);
	if (!ret)
		msg_image(s, &b);
	if (!ret && !cli_quiet)
		printf("%s\n", b.image ? b.image : b.kernel);
	bundle_release(&b);
	free(elf);
	return ret;
}

int cmd_build(int argc, char **argv)
{
	struct build_flags f = { 0 };
	struct strvec pos = STRVEC_INIT;
	const char *out = NULL;
	struct opt opts[] = {
		BUILD_FLAG_OPTS(&f),
		PKG_OPT_PACKAGE(&f.pkg, "build package NAME (repeatable)"),
		PKG_OPT_WORKSPACE(&f.pkg),
		PKG_OPT_MANIFEST(&f.pkg),
		OPT_STR_("output", 'o', &out, "DIR",
			 "also copy the kernel's artefacts into DIR"),
		OPT_END_(),
	};
	struct session s;
	long first;
	int ret;

	if (cli_parse(&cmd_build_help, opts, argc, argv, &pos, NULL, &ret))
		goto out_pos;
	if (pos.n) {
		cli_error("unexpected argument '%s' for 'osdk build'", pos.v[0]);
		ret = EXIT_USAGE;
		goto out_pos;
	}
	ret = cli_build(&f, CONFIG_BUILD, &s);
	first = s.kernel;
	if (!ret)
		ret = bundle_kernel(&s, out);
	/* Several kernels selected: each links and bundles in turn. */
	for (size_t t = 0; !ret && s.several && t < s.ws.ntargets; t++) {
		size_t k = s.ws.targets[t];

		if (s.ws.pkgs[k].m->package.type != MANIFEST_PKG_KERNEL ||
		    (long)k == first)
			continue;
		s.kernel = (long)k;
		ret = cli_build_kernel(&f, CONFIG_BUILD, &s);
		if (!ret)
			ret = bundle_kernel(&s, out);
	}
	session_release(&s);
out_pos:
	pkg_flags_release(&f.pkg);
	strvec_clear(&pos);
	return ret;
}
