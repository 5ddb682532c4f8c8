/* SPDX-License-Identifier: MIT */
/* registry.c - osdk registry: create registries and name them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"
#include "core/registry/home.h"
#include "core/registry/registry.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"

const struct cmd_help cmd_registry_help = {
	.name = "registry",
	.usage = "init PATH [--name NAME [--default]] | add NAME URL "
		 "[--default] | list",
	.words = "init add list",
	.summary = "Create a registry, or name registries in config.yaml",
	.details =
		"init PATH creates an empty registry: a bare git repository "
		"whose\n"
		"first commit holds config.json. With --name it is also added "
		"to\n"
		"$OSDK_HOME/config.yaml under that name (and made the default\n"
		"one with --default). add names an existing registry by URL;\n"
		"list prints the configured ones, the default marked with "
		"'*'.\n"
		"config.yaml is rewritten by init --name and add; comments in "
		"it\n"
		"are not kept.",
	.examples = "  osdk registry init /tmp/r\n"
		    "  osdk registry init ~/.osdk/registry --name local "
		    "--default\n"
		    "  osdk registry add team https://git.example.org/osdk-"
		    "index.git\n"
		    "  osdk registry list\n",
};

static int name_it(const char *name, const char *url, bool make_default,
		   struct osdk_err *err)
{
	struct home_config cfg = HOME_CONFIG_INIT;
	char *home = home_dir();
	int ret = home_config_load(home, &cfg, err);

	if (!ret)
		ret = home_config_set_registry(&cfg, name, url, make_default,
					       err);
	if (!ret)
		cli_status("Configured", "registry `%s` = %s%s in %s", name,
			   url, make_default ? " (the default)" : "", cfg.path);
	home_config_release(&cfg);
	free(home);
	return ret;
}

static int do_init(const char *path, const char *name, bool make_default,
		   struct osdk_err *err)
{
	char *url = NULL;
	int ret;

	if (name && !home_valid_registry_name(name))
		return err_set(err, -EINVAL,
			       "'%s' is not a valid registry "
			       "name ([a-z0-9][a-z0-9_-]*)",
			       name);
	ret = home_canon_url(path, &url, err);
	if (!ret && strncmp(url, "file://", 7) != 0)
		ret = err_set(err, -EINVAL,
			      "'%s' is not a local path; osdk "
			      "registry init creates registries on this "
			      "machine",
			      path);
	if (!ret)
		ret = registry_init(url + 7, err);
	if (!ret) {
		cli_status("Created", "registry in '%s'", url + 7);
		printf("%s\n", url);
	}
	if (!ret && name)
		ret = name_it(name, url, make_default, err);
	free(url);
	return ret;
}

static int do_list(struct osdk_err *err)
{
	struct home_config cfg = HOME_CONFIG_INIT;
	char *home = home_dir();
	int ret = home_config_load(home, &cfg, err);

	for (size_t i = 0; !ret && i < cfg.nregs; i++)
		printf("%c %-16s %s\n",
		       cfg.default_registry && !strcmp(cfg.default_registry,
						       cfg.regs[i].name)
			       ? '*'
			       : ' ',
		       cfg.regs[i].name, cfg.regs[i].url);
	if (!ret && !cfg.nregs)
		cli_status("Empty", "no registries in %s", cfg.path);
	home_config_release(&cfg);
	free(home);
	return ret;
}

int cmd_registry(int argc, char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec pos = STRVEC_INIT;
	const char *name = NULL;
	bool make_default = false, quiet = false;
	struct opt opts[] = {
		OPT_STR_("name", 0, &name, "NAME",
			 "init: also configure the new registry as NAME"),
		OPT_FLAG_("default", 0, &make_default,
			  "make it the default registry"),
		OPT_FLAG_("quiet", 'q', &quiet, "print only errors"),
		OPT_END_(),
	};
	const char *sub;
	char *url = NULL;
	int ret;

	if (cli_parse(&cmd_registry_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	cli_quiet = quiet;
	ret = EXIT_USAGE;
	sub = pos.n ? pos.v[0] : "";
	if (!strcmp(sub, "init") && pos.n == 2) {
		if (make_default && !name) {
			cli_error("--default needs --name: a default registry "
				  "is named in config.yaml");
			goto out;
		}
		ret = do_init(pos.v[1], name, make_default, &err);
	} else if (!strcmp(sub, "add") && pos.n == 3 && !name) {
		ret = home_canon_url(pos.v[2], &url, &err);
		if (!ret)
			ret = name_it(pos.v[1], url, make_default, &err);
	} else if (!strcmp(sub, "list") && pos.n == 1 && !name &&
		   !make_default) {
		ret = do_list(&err);
	} else {
		cli_error("usage: osdk registry %s; see 'osdk help registry'",
			  cmd_registry_help.usage);
		goto out;
	}
	if (ret)
		ret = cli_fail(&err);
out:
	free(url);
	strvec_clear(&pos);
	return ret;
}
