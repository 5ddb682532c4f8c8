/* SPDX-License-Identifier: MIT */
/* update.c - osdk update: move osdk.lock forward to the newest versions. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"
#include "core/resolve/lockfile.h"
#include "util/err.h"

const struct cmd_help cmd_update_help = {
	.name = "update",
	.usage = "[OPTIONS] [PACKAGE]",
	.summary = "Update osdk.lock to the newest compatible versions",
	.details =
		"Fetches every registry and git source the workspace uses and\n"
		"resolves again, so each dependency moves to the newest "
		"version\n"
		"its requirements allow (a git branch to its tip), and writes\n"
		"osdk.lock. With PACKAGE only that package moves; the others\n"
		"keep their locked versions wherever they still fit. Each "
		"change\n"
		"is printed.",
	.examples = "  osdk update\n"
		    "  osdk update blk\n",
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
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec pos = STRVEC_INIT;
	struct workspace ws = WORKSPACE_INIT;
	struct workspace_opts wo = { 0 };
	int changes = 0;
	struct resolve_events ev = { &changes, count_changes };
	bool offline = false, quiet = false;
	struct opt opts[] = {
		OPT_FLAG_("offline", 0, &offline,
			  "resolve from the cache only, without fetching"),
		OPT_FLAG_("quiet", 'q', &quiet, "print only errors"),
		OPT_END_(),
	};
	char cwd[4096];
	int ret;

	if (cli_parse(&cmd_update_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	cli_quiet = quiet;
	if (pos.n > 1) {
		cli_error("'osdk update' takes at most one package name");
		ret = EXIT_USAGE;
		goto out;
	}
	wo.update = true;
	wo.update_pkg = pos.n ? pos.v[0] : NULL;
	wo.offline = offline;
	wo.ev = &ev;
	if (!getcwd(cwd, sizeof(cwd))) {
		cli_error("could not get the current directory: %s",
			  strerror(errno));
		ret = 1;
		goto out;
	}
	ret = workspace_load_opts(cwd, &wo, &ws, &err);
	if (ret) {
		ret = cli_fail(&err);
		goto out;
	}
	if (!changes)
		cli_status("Finished", "%s is up to date", LOCK_NAME);
out:
	workspace_release(&ws);
	strvec_clear(&pos);
	return ret;
}
