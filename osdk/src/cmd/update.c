/* SPDX-License-Identifier: MIT */
/* update.c - osdk update: move osdk.lock forward to the newest versions. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"
#include "core/resolve/lockfile.h"
#include "util/err.h"

const struct cmd_help cmd_update_help = {
	.name = "update",
	.usage = "[OPTIONS] [PACKAGE...]",
	.summary = "Update osdk.lock to the newest compatible versions",
	.details =
		"Fetches every registry and git source the workspace uses and\n"
		"resolves again, so each dependency moves to the newest "
		"version\n"
		"its requirements allow (a git branch to its tip), and writes\n"
		"osdk.lock. With -p PACKAGE (or PACKAGE) only that package\n"
		"moves, with what its new version forces; the others keep "
		"their\n"
		"locked versions wherever they still fit. --precise VERSION\n"
		"moves the one package to exactly VERSION of its registry (up "
		"or\n"
		"down); a version the registry lacks, or one the requirements "
		"on\n"
		"the package do not allow, is an error naming the versions "
		"there\n"
		"are. Each change is printed. --manifest-path starts from "
		"that\n"
		"osdk.yaml instead of the current directory's.",
	.examples = "  osdk update\n"
		    "  osdk update -p blk\n"
		    "  osdk update -p log --precise 1.2.0\n",
};

/* Pass status lines on, counting the ones that change the lock file. */
static void count_changes(void *ctx, const char *verb, const char *subject)
{
	bool fetch = !strncmp(subject, "registry `", 10) ||
		     !strncmp(subject, "git `", 5);

	if (!fetch && (!strcmp(verb, "Adding") || !strcmp(verb, "Removing") ||
		       !strcmp(verb, "Updating")))
		(*(int *)ctx)++;
	cli_resolve_events.status(NULL, verb, subject);
}

int cmd_update(int argc, char **argv)
{
	struct strvec pos = STRVEC_INIT;
	struct workspace ws = WORKSPACE_INIT;
	struct workspace_opts wo = { 0 };
	struct pkg_flags pf = { 0 };
	struct pkg_flags load = { 0 };
	int changes = 0;
	struct resolve_events ev = { &changes, count_changes };
	const char *precise = NULL;
	bool offline = false, quiet = false;
	struct opt opts[] = {
		PKG_OPT_PACKAGE(&pf, "update only package NAME and what it "
				     "forces (repeatable)"),
		OPT_STR_("precise", 0, &precise, "VERSION",
			 "with one -p: move that package to exactly VERSION"),
		PKG_OPT_MANIFEST(&pf),
		OPT_FLAG_("offline", 0, &offline,
			  "resolve from the cache only, without fetching"),
		OPT_FLAG_("quiet", 'q', &quiet, "print only errors"),
		OPT_END_(),
	};
	int ret;

	if (cli_parse(&cmd_update_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	cli_quiet = quiet;
	/* `osdk update NAME` is `osdk update -p NAME`. */
	for (size_t i = 0; i < pos.n; i++)
		strvec_push(&pf.packages, pos.v[i]);
	if (precise && pf.packages.n != 1) {
		cli_error("'--precise' needs exactly one package: 'osdk update "
			  "-p NAME --precise VERSION'");
		ret = EXIT_USAGE;
		goto out;
	}
	wo.update = true;
	wo.update_pkgs = (const char *const *)pf.packages.v;
	wo.nupdate_pkgs = pf.packages.n;
	wo.precise = precise;
	wo.offline = offline;
	wo.ev = &ev;
	/* The names are checked against osdk.lock, not used to select. */
	load.manifest_path = pf.manifest_path;
	ret = cli_load(&load, &wo, 0, &ws);
	if (ret)
		goto out;
	if (!changes)
		cli_status("Finished", "%s is up to date", LOCK_NAME);
out:
	pkg_flags_release(&pf);
	workspace_release(&ws);
	strvec_clear(&pos);
	return ret;
}
