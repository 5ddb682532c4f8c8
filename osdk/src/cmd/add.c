/* SPDX-License-Identifier: MIT */
/* add.c - osdk add: a dependency written into osdk.yaml, comments kept. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"
#include "core/manifest/edit.h"
#include "core/manifest/manifest.h"
#include "core/manifest/semver.h"
#include "core/registry/home.h"
#include "core/registry/newest.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

const struct cmd_help cmd_add_help = {
	.name = "add",
	.usage = "[OPTIONS] DEP[@REQ]",
	.summary = "Add a dependency to osdk.yaml",
	.details =
		"Writes DEP under `dependencies:` of the package's osdk.yaml\n"
		"(the nearest one above the current directory, or\n"
		"--manifest-path), replacing an entry DEP already has, and\n"
		"changes nothing else in the file: comments, blank lines and\n"
		"quoting stay as they are. Without --path or --git, DEP comes\n"
		"from a registry and the requirement defaults to the newest\n"
		"version there that is not yanked (`^X.Y`). The result is\n"
		"loaded as a build would load it before the file is replaced,\n"
		"so a failed add leaves the file untouched.",
	.examples = "  osdk add cpio\n"
		    "  osdk add virtio --path ../virtio\n"
		    "  osdk add net --git https://example.org/net.git --tag "
		    "v1.0.0\n"
		    "  osdk add blk --registry local --version '^0.2'\n"
		    "  osdk add cpio@=0.1.0\n",
};

int cmd_manifest_here(const char *manifest_path, char **path)
{
	char cwd[4096], *dir;

	if (manifest_path) {
		if (!fs_exists(manifest_path)) {
			cli_error("no manifest at '%s'", manifest_path);
			return 1;
		}
		*path = fs_is_dir(manifest_path)
				? fs_join(manifest_path, "osdk.yaml")
				: fs_abspath(manifest_path);
		if (!fs_exists(*path)) {
			cli_error("no osdk.yaml in '%s'", manifest_path);
			free(*path);
			*path = NULL;
			return 1;
		}
		return 0;
	}
	if (!getcwd(cwd, sizeof(cwd))) {
		cli_error("could not get the current directory: %s",
			  strerror(errno));
		return 1;
	}
	dir = fs_find_upwards(cwd, "osdk.yaml");
	if (!dir) {
		cli_error("no osdk.yaml in '%s' or any directory above it",
			  cwd);
		return 1;
	}
	*path = fs_join(dir, "osdk.yaml");
	free(dir);
	return 0;
}

/* The options must name one source; returns EXIT_USAGE after saying why. */
static int check_source(const struct edit_dep *d)
{
	int refs = !!d->tag + !!d->branch + !!d->rev;

	if (!manifest_valid_name(d->name)) {
		cli_error("'%s' is not a package name ([a-z0-9][a-z0-9_-]*, at "
			  "most 64 characters)",
			  d->name);
		return EXIT_USAGE;
	}
	if (d->path && d->git) {
		cli_error("--path and --git cannot be combined");
		return EXIT_USAGE;
	}
	if (d->registry && (d->path || d->git)) {
		cli_error("--registry cannot be combined with --%s",
			  d->path ? "path" : "git");
		return EXIT_USAGE;
	}
	if (refs && !d->git) {
		cli_error("--tag, --branch and --rev need --git");
		return EXIT_USAGE;
	}
	if (refs > 1) {
		cli_error("give at most one of --tag, --branch and --rev");
		return EXIT_USAGE;
	}
	if (d->version) {
		struct semver_req r = SEMVER_REQ_INIT;
		int bad = !*d->version || semver_req_parse(d->version, &r);

		semver_req_release(&r);
		if (bad) {
			cli_error("'%s' is not a version requirement (see "
				  "docs/manifest.md)",
				  d->version);
			return EXIT_USAGE;
		}
	}
	return 0;
}

/* @to relative to the directory @from, both absolute and folded. */
static char *relative(const char *to, const char *from)
{
	struct strbuf sb = STRBUF_INIT;
	size_t common = 0, i;

	/* The longest shared prefix that ends at a component boundary. */
	for (i = 0; to[i] && to[i] == from[i]; i++)
		if (to[i] == '/')
			common = i;
	if ((!to[i] || to[i] == '/') && (!from[i] || from[i] == '/'))
		common = i;
	for (const char *f = from + common; *f; f++)
		if (*f == '/')
			strbuf_adds(&sb, sb.len ? "/.." : "..");
	if (to[common])
		strbuf_addf(&sb, "%s%s", sb.len ? "/" : "",
			    to + common + (to[common] == '/'));
	if (!sb.len)
		strbuf_addch(&sb, '.');
	return strbuf_detach(&sb);
}

/* Whether the package at @yaml is the one named @name; prints why not. */
static int same_package(const char *yaml, const char *given, const char *name)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct manifest *m = NULL;
	int ret = 0;

	if (manifest_load(yaml, &m, &err))
		return cli_fail(&err);
	if (!m->has_package) {
		cli_error("'%s' holds a workspace, not a package", given);
		ret = 1;
	} else if (strcmp(m->package.name, name)) {
		cli_error("'%s' holds package '%s', not '%s'", given,
			  m->package.name, name);
		ret = 1;
	}
	manifest_free(m);
	return ret;
}

/* --path as the manifest will hold it: relative to its directory. */
static int rel_path(const char *manifest, const char *given, const char *name,
		    char **out)
{
	char cwd[4096], *dir = xstrdup(manifest), *abs, *yaml;
	int ret = 0;

	if (!getcwd(cwd, sizeof(cwd))) {
		cli_error("could not get the current directory: %s",
			  strerror(errno));
		free(dir);
		return 1;
	}
	*strrchr(dir, '/') = 0;
	abs = manifest_join_path(cwd, given);
	yaml = fs_join(abs, "osdk.yaml");
	if (!fs_exists(yaml)) {
		cli_error("'%s' holds no osdk.yaml", given);
		ret = 1;
	} else if (!(ret = same_package(yaml, given, name))) {
		*out = relative(abs, dir);
	}
	free(yaml);
	free(abs);
	free(dir);
	return ret;
}

/* The newest version of d->name in its registry, as "^X.Y". */
static int registry_req(struct edit_dep *d, bool offline, char **req)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct home_config cfg = HOME_CONFIG_INIT;
	char *home = home_dir(), *url = NULL, *version = NULL;
	int ret;

	if ((ret = home_config_load(home, &cfg, &err)) ||
	    (ret = home_registry_url(&cfg, d->registry, &url, &err)))
		goto fail;
	if (!offline)
		cli_status("Updating", "registry `%s`", url);
	ret = registry_newest_req(home, url, d->name, offline, req, &version,
				  &err);
	if (ret)
		goto fail;
	cli_status("Found", "%s v%s", d->name, version);
	goto out;
fail:
	ret = cli_fail(&err);
out:
	free(version);
	free(url);
	free(home);
	home_config_release(&cfg);
	return ret;
}

int cmd_add(int argc, char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec pos = STRVEC_INIT;
	struct edit_dep d = { 0 };
	struct strbuf desc = STRBUF_INIT;
	const char *path = NULL, *manifest_path = NULL;
	char *manifest = NULL, *rel = NULL, *req = NULL;
	bool offline = false, quiet = false;
	int replaced = 0, ret;
	char *at;
	struct opt opts[] = {
		OPT_STR_("path", 0, &path, "DIR",
			 "a package in that directory"),
		OPT_STR_("git", 0, &d.git, "URL", "a git repository"),
		OPT_STR_("tag", 0, &d.tag, "TAG", "with --git: a tag"),
		OPT_STR_("branch", 0, &d.branch, "BRANCH",
			 "with --git: the tip of a branch"),
		OPT_STR_("rev", 0, &d.rev, "REV", "with --git: a commit"),
		OPT_STR_("registry", 0, &d.registry, "NAME|URL",
			 "a registry other than the default one"),
		OPT_STR_("version", 0, &d.version, "REQ",
			 "the version requirement (default: ^ the newest)"),
		OPT_STR_("manifest-path", 0, &manifest_path, "PATH",
			 "the osdk.yaml to edit"),
		OPT_FLAG_("offline", 0, &offline,
			  "read the registry from the cache only"),
		OPT_FLAG_("quiet", 'q', &quiet, "print only errors"),
		OPT_END_(),
	};

	if (cli_parse(&cmd_add_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	cli_quiet = quiet;
	if (pos.n != 1) {
		cli_error("'osdk add' takes one dependency name");
		ret = EXIT_USAGE;
		goto out;
	}
	d.name = pos.v[0];
	d.path = path;
	at = strchr(pos.v[0], '@');
	if (at) { /* cargo's `name@requirement` */
		if (d.version || !at[1]) {
			cli_error("give a requirement either after '@' or "
				  "with --version");
			ret = EXIT_USAGE;
			goto out;
		}
		*at = 0;
		d.version = at + 1;
	}
	if ((ret = check_source(&d)))
		goto out;
	if ((ret = cmd_manifest_here(manifest_path, &manifest)))
		goto out;
	if (path && (ret = rel_path(manifest, path, d.name, &rel)))
		goto out;
	d.path = rel;
	if (!d.path && !d.git && !d.version) {
		if ((ret = registry_req(&d, offline, &req)))
			goto out;
		d.version = req;
	}
	ret = edit_manifest_file(manifest, EDIT_ADD, &d, &replaced, &err);
	if (ret) {
		ret = cli_fail(&err);
		goto out;
	}
	edit_dep_value(&d, &desc);
	cli_status(replaced ? "Replacing" : "Adding", "%s: %s in %s", d.name,
		   desc.buf, manifest);
out:
	strbuf_release(&desc);
	free(req);
	free(rel);
	free(manifest);
	strvec_clear(&pos);
	return ret;
}
