/* SPDX-License-Identifier: MIT */
/* yank.c - osdk yank: keep new resolutions away from a published version. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"
#include "core/registry/home.h"
#include "core/manifest/manifest.h"
#include "core/registry/registry_write.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"

const struct cmd_help cmd_yank_help = {
	.name = "yank",
	.usage = "[OPTIONS] VERSION",
	.summary = "Yank a published version, or undo a yank",
	.details =
		"Marks VERSION of the package yanked in the registry's index, "
		"in\n"
		"a new commit. New resolutions skip a yanked version; lock "
		"files\n"
		"that already pin it keep building with it, and its archive "
		"stays\n"
		"in the registry. --undo takes the mark away. The package is "
		"the\n"
		"one in the current directory unless --package names another.",
	.examples =
		"  osdk yank 0.1.3\n"
		"  osdk yank 0.1.3 --undo\n"
		"  osdk yank --package blk --registry file:///tmp/r 0.1.0\n",
};

/* The name of the package whose manifest governs the cwd. */
static int current_package(char **name, struct osdk_err *err)
{
	struct manifest *m = NULL;
	char cwd[4096], *dir, *path;
	int ret;

	if (!getcwd(cwd, sizeof(cwd)))
		return err_set(err, -errno,
			       "could not get the current "
			       "directory: %s",
			       strerror(errno));
	dir = fs_find_upwards(cwd, "osdk.yaml");
	if (!dir)
		return err_set(err, -ENOENT,
			       "no osdk.yaml in '%s' or above; "
			       "name the package with --package",
			       cwd);
	path = fs_join(dir, "osdk.yaml");
	ret = manifest_load(path, &m, err);
	if (!ret && !m->has_package)
		ret = err_set(err, -EINVAL,
			      "'%s' is a workspace; name the "
			      "package with --package",
			      path);
	if (!ret)
		*name = xstrdup(m->package.name);
	manifest_free(m);
	free(path);
	free(dir);
	return ret;
}

int cmd_yank(int argc, char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec pos = STRVEC_INIT;
	struct home_config cfg = HOME_CONFIG_INIT;
	struct registry_write_result res;
	const char *registry = NULL, *package = NULL;
	bool undo = false, quiet = false;
	struct opt opts[] = {
		OPT_FLAG_("undo", 0, &undo, "take the yank back"),
		OPT_STR_("package", 'p', &package, "NAME",
			 "the package (default: the current one)"),
		OPT_STR_("registry", 0, &registry, "NAME|URL",
			 "the registry (default: the default registry)"),
		OPT_FLAG_("quiet", 'q', &quiet, "print only errors"),
		OPT_END_(),
	};
	char *home = NULL, *url = NULL, *name = NULL;
	const char *ver;
	int ret;

	if (cli_parse(&cmd_yank_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	cli_quiet = quiet;
	if (pos.n != 1) {
		cli_error(
			"'osdk yank' takes one version; see 'osdk help yank'");
		ret = EXIT_USAGE;
		goto out;
	}
	ver = pos.v[0];
	if (!manifest_valid_version(ver)) {
		cli_error("'%s' is not a version (MAJOR.MINOR.PATCH)", ver);
		ret = EXIT_USAGE;
		goto out;
	}
	home = home_dir();
	if (package)
		name = xstrdup(package);
	else if ((ret = current_package(&name, &err)))
		goto out_fail;
	if ((ret = home_config_load(home, &cfg, &err)) ||
	    (ret = home_registry_url(&cfg, registry, &url, &err)) ||
	    (ret = registry_yank(home, url, name, ver, !undo, &res, &err)))
		goto out_fail;
	if (res.stale_lock[0])
		cli_warn("removed '%s' from registry `%s`: a lock left by a "
			 "write that was interrupted",
			 res.stale_lock, url);
	if (res.changed)
		cli_status(undo ? "Unyanked" : "Yanked",
			   "%s v%s in registry `%s`", name, ver, url);
	else
		cli_status("Unchanged", "%s v%s was %s yanked", name, ver,
			   undo ? "not" : "already");
	goto out;
out_fail:
	ret = cli_fail(&err);
out:
	home_config_release(&cfg);
	free(name);
	free(url);
	free(home);
	strvec_clear(&pos);
	return ret;
}
