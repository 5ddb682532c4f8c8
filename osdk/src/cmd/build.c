/* SPDX-License-Identifier: MIT */
/* build.c - osdk build: compile the packages, link and bundle the kernel. */
#include <stdio.h>

#include "cli.h"
#include "cmds.h"
#include "core/manifest/manifest.h"

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
		"osdk.yaml instead of the current directory's.",
	.examples = "  osdk build\n"
		    "  osdk build -p mm -p fs     # these two and their "
		    "dependencies\n"
		    "  osdk build --workspace --exclude keel\n"
		    "  osdk build --manifest-path ../keel/osdk.yaml\n"
		    "  osdk build --release -j 8\n"
		    "  osdk build --boot-method grub-rescue-iso\n",
};

/* Bundle the kernel just linked, if any, and print its image's path. */
static int bundle_kernel(struct session *s)
{
	struct bundle b = { 0 };
	int ret;

	if (!s->res.kernel_elf)
		return 0;
	ret = cli_bundle(s, &b);
	if (!ret && !cli_quiet)
		printf("%s\n", b.image ? b.image : b.kernel);
	bundle_release(&b);
	return ret;
}

int cmd_build(int argc, char **argv)
{
	struct build_flags f = { 0 };
	struct strvec pos = STRVEC_INIT;
	struct opt opts[] = {
		BUILD_FLAG_OPTS(&f),
		PKG_OPT_PACKAGE(&f.pkg, "build package NAME (repeatable)"),
		PKG_OPT_WORKSPACE(&f.pkg),
		PKG_OPT_MANIFEST(&f.pkg),
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
		ret = bundle_kernel(&s);
	/* Several kernels selected: each links and bundles in turn. */
	for (size_t t = 0; !ret && s.several && t < s.ws.ntargets; t++) {
		size_t k = s.ws.targets[t];

		if (s.ws.pkgs[k].m->package.type != MANIFEST_PKG_KERNEL ||
		    (long)k == first)
			continue;
		s.kernel = (long)k;
		ret = cli_build_kernel(&f, CONFIG_BUILD, &s);
		if (!ret)
			ret = bundle_kernel(&s);
	}
	session_release(&s);
out_pos:
	pkg_flags_release(&f.pkg);
	strvec_clear(&pos);
	return ret;
}
