/* SPDX-License-Identifier: MIT */
/* new.c - osdk new and osdk init: scaffold a kernel or a library package. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"
#include "core/registry/home.h"
#include "core/manifest/manifest.h"
#include "core/manifest/scaffold.h"
#include "core/manifest/semver.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"

const struct cmd_help cmd_new_help = {
	.name = "new",
	.usage = "(--kernel | --library) [OPTIONS] NAME",
	.summary = "Create a new kernel or library package",
	.details =
		"Creates the directory NAME with an osdk.yaml and sources "
		"from\n"
		"osdk's templates. A kernel depends on the frame and boots to "
		"a\n"
		"hello line; a library carries a sample KTEST that `osdk "
		"test`\n"
		"runs in QEMU.\n\n"
		"The frame comes from the default registry (`frame: "
		"\"^0.1\"`,\n"
		"the requirement matching the frame installed with osdk) when\n"
		"$OSDK_HOME/config.yaml names one, as install.sh sets up; "
		"else\n"
		"from the installed copy by path.",
	.examples = "  osdk new --kernel hello && cd hello && osdk run\n"
		    "  osdk new --library blk --name blk-queue\n",
};

const struct cmd_help cmd_init_help = {
	.name = "init",
	.usage = "(--kernel | --library) [OPTIONS] [DIR]",
	.summary = "Make a kernel or library package in an existing directory",
	.details =
		"As `osdk new`, but in DIR (default: the current directory),\n"
		"which may already hold files: the template's files are added\n"
		"where none of that name exists, and existing ones are kept as\n"
		"they are (osdk lists them). A directory that already has an\n"
		"osdk.yaml is refused. The package is named after the directory\n"
		"unless --name says otherwise.",
	.examples = "  mkdir blk && cd blk && osdk init --library\n"
		    "  osdk init --kernel --name hello-os\n",
};

/* "^0.1" for frame 0.1.x, "^2" for 2.x: what the installed frame meets. */
static char *frame_req(const char *frame_dir)
{
	char *path = xasprintf("%s/osdk.yaml", frame_dir);
	struct manifest *m = NULL;
	struct semver v;
	char *req = NULL;

	if (manifest_load(path, &m, NULL) == 0 && m->has_package &&
	    semver_parse(m->package.version, &v) == 0) {
		req = v.major ? xasprintf("^%llu", (unsigned long long)v.major)
			      : xasprintf("^0.%llu",
					  (unsigned long long)v.minor);
		semver_release(&v);
	}
	manifest_free(m);
	free(path);
	return req ? req : xstrdup("*");
}

/*
 * The YAML value of the new package's frame dependency: a requirement on
 * the default registry when one is configured, else the datadir's frame by
 * path. *from says which, for the status line.
 */
static int frame_dep(const char *frame, char **dep, const char **from,
		     struct osdk_err *err)
{
	struct home_config cfg = HOME_CONFIG_INIT;
	char *home = home_dir();
	int ret = home_config_load(home, &cfg, err);

	if (!ret && cfg.default_registry) {
		char *req = frame_req(frame);

		*dep = xasprintf("\"%s\"", req);
		*from = "the default registry";
		free(req);
	} else if (!ret) {
		*dep = xasprintf("{ path: \"%s\" }", frame);
		*from = "its installed copy";
	}
	home_config_release(&cfg);
	free(home);
	return ret;
}

/* osdk new (@init false) and osdk init (@init true). */
static int scaffold_cmd(const struct cmd_help *help, bool init, int argc,
			char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec pos = STRVEC_INIT, created = STRVEC_INIT;
	struct strvec kept = STRVEC_INIT;
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
	char *tmpl = NULL, *frame = NULL, *dep = NULL, *base, *dir = NULL;
	const char *from = NULL;
	int ret;

	if (cli_parse(help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	ret = EXIT_USAGE;
	if (init && pos.n > 1) {
		cli_error("'osdk init' takes at most one directory; see 'osdk "
			  "help init'");
		goto out;
	}
	if (!init && pos.n != 1) {
		cli_error("'osdk new' takes one directory name; see 'osdk help "
			  "new'");
		goto out;
	}
	dir = fs_abspath(pos.n ? pos.v[0] : ".");
	so.in_place = init;
	so.kept = &kept;
	if (kernel && library) {
		cli_error(
			"--kernel and --library exclude each other: a package "
			"is one or the other");
		goto out;
	}
	if (!kernel && !library) {
		cli_error("say which package to create: --kernel or --library");
		goto out;
	}
	base = strrchr(dir, '/');
	so.name = name ? name : base && base[1] ? base + 1 : dir;
	if (scaffold_check_name(so.name, &err)) {
		cli_error("%s", err.msg);
		goto out;
	}
	so.dest = pos.n ? pos.v[0] : ".";
	tmpl = xasprintf("%s/templates/%s", cli_datadir(),
			 kernel ? "kernel" : "library");
	base = xasprintf("%s/frame", cli_datadir());
	frame = fs_abspath(base);
	free(base);
	if (frame_dep(frame, &dep, &from, &err)) {
		ret = cli_fail(&err);
		goto out;
	}
	so.template_dir = tmpl;
	so.frame_dep = dep;
	if (scaffold_new(&so, &created, &err)) {
		ret = cli_fail(&err);
		goto out;
	}
	cli_status("Created", "%s `%s` package in '%s' (the frame from %s)",
		   kernel ? "kernel" : "library", so.name, so.dest, from);
	for (size_t i = 0; i < kept.n; i++)
		cli_status("Kept", "'%s', which was already there", kept.v[i]);
	ret = 0;
out:
	strvec_clear(&pos);
	strvec_clear(&created);
	strvec_clear(&kept);
	free(dir);
	free(tmpl);
	free(frame);
	free(dep);
	return ret;
}

int cmd_new(int argc, char **argv)
{
	return scaffold_cmd(&cmd_new_help, false, argc, argv);
}

int cmd_init(int argc, char **argv)
{
	return scaffold_cmd(&cmd_init_help, true, argc, argv);
}
