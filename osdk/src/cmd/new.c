/* SPDX-License-Identifier: MIT */
/* new.c - osdk new: scaffold a kernel or a library package. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"
#include "core/scaffold.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"

const struct cmd_help cmd_new_help = {
	.name = "new",
	.usage = "(--kernel | --library) [OPTIONS] NAME",
	.summary = "Create a new kernel or library package",
	.details =
		"Creates the directory NAME with an osdk.yaml and sources from\n"
		"osdk's templates. A kernel depends on the frame and boots to a\n"
		"hello line; a library carries a sample KTEST that `osdk test`\n"
		"runs in QEMU.",
	.examples = "  osdk new --kernel hello && cd hello && osdk run\n"
		    "  osdk new --library blk --name blk-queue\n",
};

int cmd_new(int argc, char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec pos = STRVEC_INIT, created = STRVEC_INIT;
	bool kernel = false, library = false;
	const char *name = NULL;
	struct opt opts[] = {
		OPT_FLAG_("kernel", 0, &kernel, "create a kernel package"),
		OPT_FLAG_("library", 0, &library,
			  "create a library (component) package"),
		OPT_STR_("name", 0, &name, "NAME",
			 "package name (default: the directory's name)"),
		OPT_END_(),
	};
	struct scaffold_opts so = { 0 };
	char *tmpl = NULL, *frame = NULL, *dep = NULL, *base;
	int ret;

	if (cli_parse(&cmd_new_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	ret = EXIT_USAGE;
	if (pos.n != 1) {
		cli_error("'osdk new' takes one directory name; see 'osdk help "
			  "new'");
		goto out;
	}
	if (kernel == library) {
		cli_error("say which package to create: --kernel or --library");
		goto out;
	}
	base = strrchr(pos.v[0], '/');
	so.name = name ? name : base ? base + 1 : pos.v[0];
	so.dest = pos.v[0];
	tmpl = xasprintf("%s/templates/%s", cli_datadir(),
			 kernel ? "kernel" : "library");
	base = xasprintf("%s/frame", cli_datadir());
	frame = fs_abspath(base);
	free(base);
	dep = xasprintf("{ path: \"%s\" }", frame);
	so.template_dir = tmpl;
	so.frame_dep = dep;
	if (scaffold_new(&so, &created, &err)) {
		ret = cli_fail(&err);
		goto out;
	}
	cli_status("Created", "%s `%s` package in '%s'",
		   kernel ? "kernel" : "library", so.name, so.dest);
	ret = 0;
out:
	strvec_clear(&pos);
	strvec_clear(&created);
	free(tmpl);
	free(frame);
	free(dep);
	return ret;
}
