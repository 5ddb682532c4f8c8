/* SPDX-License-Identifier: MIT */
/* remove.c - osdk remove: a dependency taken out of osdk.yaml. */
#include <stdlib.h>

#include "cli.h"
#include "cmds.h"
#include "core/manifest/edit.h"
#include "util/err.h"

const struct cmd_help cmd_remove_help = {
	.name = "remove",
	.usage = "[OPTIONS] DEP",
	.summary = "Remove a dependency from osdk.yaml",
	.details =
		"Deletes DEP's entry under `dependencies:` of the package's\n"
		"osdk.yaml (the nearest one above the current directory, "
		"or\n"
		"--manifest-path): its key line and every line of its "
		"value,\n"
		"and nothing else. It is an error if there is no such "
		"entry.",
	.examples = "  osdk remove blk\n",
};

int cmd_remove(int argc, char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec pos = STRVEC_INIT;
	struct edit_dep d = { 0 };
	const char *manifest_path = NULL;
	char *manifest = NULL;
	bool quiet = false;
	int ret;
	struct opt opts[] = {
		OPT_STR_("manifest-path", 0, &manifest_path, "PATH",
			 "the osdk.yaml to edit"),
		OPT_FLAG_("quiet", 'q', &quiet, "print only errors"),
		OPT_END_(),
	};

	if (cli_parse(&cmd_remove_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	cli_quiet = quiet;
	if (pos.n != 1) {
		cli_error("'osdk remove' takes one dependency name");
		ret = EXIT_USAGE;
		goto out;
	}
	d.name = pos.v[0];
	if ((ret = cmd_manifest_here(manifest_path, &manifest)))
		goto out;
	ret = edit_manifest_file(manifest, EDIT_REMOVE, &d, NULL, &err);
	if (ret) {
		ret = cli_fail(&err);
		goto out;
	}
	cli_status("Removing", "%s from %s", d.name, manifest);
out:
	free(manifest);
	strvec_clear(&pos);
	return ret;
}
