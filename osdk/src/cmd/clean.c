/* SPDX-License-Identifier: MIT */
/* clean.c - osdk clean: remove the build output. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"
#include "core/manifest/manifest.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"

const struct cmd_help cmd_clean_help = {
	.name = "clean",
	.usage = "[OPTIONS]",
	.summary = "Remove the build output (target/osdk)",
	.details =
		"Removes target/osdk/ below the workspace root, or only one\n"
		"profile's directory with --release or --dev. With -p NAME\n"
		"only package NAME's output goes (its objects and archive in\n"
		"each profile, test builds included); the next build compiles\n"
		"it again. --manifest-path starts from that osdk.yaml instead\n"
		"of the current directory's.",
	.examples = "  osdk clean\n  osdk clean --release\n"
		    "  osdk clean -p mm\n",
};

/* The directories to remove: target/osdk, a profile's, or with -p each
 * selected package's in the profiles asked for. */
static void clean_paths(const struct workspace *ws, bool by_pkg, bool release,
			bool dev, struct strvec *paths)
{
	static const char *const profiles[] = { "dev", "dev-ktest", "release",
						"release-ktest" };

	if (!by_pkg && !release && !dev) {
		strvec_pushf(paths, "%s/target/osdk", ws->root_dir);
		return;
	}
	for (size_t k = 0; k < 4; k++) {
		bool rel = k >= 2;

		if ((release || dev) && rel != release)
			continue;
		if (!by_pkg) {
			strvec_pushf(paths, "%s/target/osdk/%s", ws->root_dir,
				     profiles[k]);
			continue;
		}
		for (size_t t = 0; t < ws->ntargets; t++)
			strvec_pushf(paths, "%s/target/osdk/%s/%s",
				     ws->root_dir, profiles[k],
				     ws->pkgs[ws->targets[t]].m->package.name);
	}
}

int cmd_clean(int argc, char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec pos = STRVEC_INIT, paths = STRVEC_INIT;
	struct workspace ws = WORKSPACE_INIT;
	struct pkg_flags pf = { 0 };
	bool release = false, dev = false, quiet = false;
	struct opt opts[] = {
		OPT_FLAG_("release", 0, &release,
			  "remove only the release profile's output"),
		OPT_FLAG_("dev", 0, &dev,
			  "remove only the dev profile's output"),
		PKG_OPT_PACKAGE(&pf, "remove only package NAME's output "
				     "(repeatable)"),
		PKG_OPT_MANIFEST(&pf),
		OPT_FLAG_("quiet", 'q', &quiet, "print only errors"),
		OPT_END_(),
	};
	int ret;

	if (cli_parse(&cmd_clean_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	cli_quiet = quiet;
	if (pos.n) {
		cli_error("unexpected argument '%s' for 'osdk clean'",
			  pos.v[0]);
		ret = EXIT_USAGE;
		goto out;
	}
	if (release && dev) {
		cli_error("'--release' and '--dev' cannot be used together; "
			  "without either, both go");
		ret = EXIT_USAGE;
		goto out;
	}
	ret = cli_load(&pf, NULL, 0, &ws);
	if (ret)
		goto out;
	clean_paths(&ws, pf.packages.n > 0, release, dev, &paths);
	for (size_t i = 0; i < paths.n; i++) {
		if (!fs_exists(paths.v[i]))
			continue;
		if (fs_remove_tree(paths.v[i], &err)) {
			ret = cli_fail(&err);
			goto out;
		}
		cli_status("Removed", "%s", paths.v[i]);
	}
out:
	pkg_flags_release(&pf);
	workspace_release(&ws);
	strvec_clear(&pos);
	strvec_clear(&paths);
	return ret;
}
