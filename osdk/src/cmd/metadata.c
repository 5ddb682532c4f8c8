/* SPDX-License-Identifier: MIT */
/* metadata.c - osdk metadata: the resolved graph as JSON, for tools. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"
#include "core/build/metadata.h"
#include "util/err.h"

const struct cmd_help cmd_metadata_help = {
	.name = "metadata",
	.usage = "[OPTIONS]",
	.summary = "Print the resolved package graph as JSON",
	.details =
		"Resolves the workspace as a build would (through osdk.lock)\n"
		"and prints, as one JSON document on stdout, every package\n"
		"with its version, source, manifest, type, trust and\n"
		"dependencies (requirement and resolved version), the\n"
		"workspace's members, root and target directory, and where a\n"
		"build puts each kernel's images. The layout is described in\n"
		"docs/commands.md; `format_version` changes when it does.",
	.examples = "  osdk metadata --format json\n"
		    "  osdk metadata --no-deps | jq '.packages[].name'\n",
};

int cmd_metadata(int argc, char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec pos = STRVEC_INIT;
	struct workspace ws = WORKSPACE_INIT;
	struct workspace_opts wo = { 0 };
	struct metadata_opts mo = { 0 };
	const char *format = "json";
	char cwd[4096], *text = NULL;
	bool quiet = false;
	int ret;
	struct opt opts[] = {
		OPT_STR_("format", 0, &format, "FORMAT",
			 "the output format: json (the only one)"),
		OPT_FLAG_("no-deps", 0, &mo.no_deps,
			  "only the workspace's own members"),
		OPT_FLAG_("release", 0, &mo.release,
			  "artefact paths of the release profile"),
		OPT_FLAG_("locked", 0, &wo.locked,
			  "fail if osdk.lock would have to change"),
		OPT_FLAG_("offline", 0, &wo.offline,
			  "use only what the cache holds"),
		OPT_FLAG_("quiet", 'q', &quiet, "print only errors"),
		OPT_END_(),
	};

	if (cli_parse(&cmd_metadata_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	cli_quiet = quiet;
	if (pos.n) {
		cli_error("'osdk metadata' takes no arguments, not '%s'",
			  pos.v[0]);
		ret = EXIT_USAGE;
		goto out;
	}
	if (strcmp(format, "json")) {
		cli_error("unknown --format '%s'; the only format is json",
			  format);
		ret = EXIT_USAGE;
		goto out;
	}
	if (!getcwd(cwd, sizeof(cwd))) {
		cli_error("could not get the current directory: %s",
			  strerror(errno));
		ret = 1;
		goto out;
	}
	wo.ev = &cli_resolve_events;
	if ((ret = workspace_load_opts(cwd, &wo, &ws, &err)) ||
	    (ret = metadata_json(&ws, &mo, &text, &err))) {
		ret = cli_fail(&err);
		goto out;
	}
	fputs(text, stdout);
out:
	free(text);
	workspace_release(&ws);
	strvec_clear(&pos);
	return ret;
}
