/* SPDX-License-Identifier: MIT */
/* clean.c - osdk clean: remove the build output. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"

const struct cmd_help cmd_clean_help = {
	.name = "clean",
	.usage = "[OPTIONS]",
	.summary = "Remove the build output (target/osdk)",
	.details = "Removes target/osdk/ below the workspace root, or only one\n"
		   "profile's directory with --release or --dev.",
	.examples = "  osdk clean\n  osdk clean --release\n",
};

int cmd_clean(int argc, char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec pos = STRVEC_INIT;
	struct workspace ws = WORKSPACE_INIT;
	bool release = false, dev = false, quiet = false;
	struct opt opts[] = {
		OPT_FLAG_("release", 0, &release,
			  "remove only the release profile's output"),
		OPT_FLAG_("dev", 0, &dev, "remove only the dev profile's output"),
		OPT_FLAG_("quiet", 'q', &quiet, "print only errors"),
		OPT_END_(),
	};
	char cwd[4096];
	char *paths[2] = { NULL, NULL };
	int ret;

	if (cli_parse(&cmd_clean_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	cli_quiet = quiet;
	if (pos.n) {
		cli_error("unexpected argument '%s' for 'osdk clean'", pos.v[0]);
		ret = EXIT_USAGE;
		goto out;
	}
	if (!getcwd(cwd, sizeof(cwd)) || workspace_load(cwd, &ws, &err)) {
		ret = cli_fail(&err);
		goto out;
	}
	if (release || dev) {
		const char *prof = release ? "release" : "dev";

		paths[0] = xasprintf("%s/target/osdk/%s", ws.root_dir, prof);
		paths[1] = xasprintf("%s/target/osdk/%s-ktest", ws.root_dir,
				     prof);
	} else {
		paths[0] = xasprintf("%s/target/osdk", ws.root_dir);
	}
	for (int i = 0; i < 2 && paths[i]; i++) {
		if (!fs_exists(paths[i]))
			continue;
		if (fs_remove_tree(paths[i], &err)) {
			ret = cli_fail(&err);
			goto out;
		}
		cli_status("Removed", "%s", paths[i]);
	}
out:
	workspace_release(&ws);
	strvec_clear(&pos);
	free(paths[0]);
	free(paths[1]);
	return ret;
}
