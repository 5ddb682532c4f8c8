/* SPDX-License-Identifier: MIT */
/* publish.c - osdk publish: check, pack and publish a package to a registry. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"
#include "core/manifest/manifest.h"
#include "core/publish/publish.h"
#include "core/registry/home.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/xalloc.h"

const struct cmd_help cmd_publish_help = {
	.name = "publish",
	.usage = "[OPTIONS]",
	.summary = "Check, pack and publish the package to a registry",
	.details =
		"Checks the package (its manifest needs a license and a\n"
		"description), refuses uncommitted changes, packs it into a\n"
		"deterministic archive (same sources, same bytes, same "
		"sha256)\n"
		"and adds the archive and its index line to the registry in "
		"one\n"
		"git commit. A version the registry already has is refused: a\n"
		"published version never changes. Path dependencies are\n"
		"published as requirements on the same registry (\"^VERSION\" "
		"of\n"
		"the package at the path, unless the dependency names a\n"
		"version); git dependencies cannot be published.\n\n"
		"The registry is --registry (a name from "
		"$OSDK_HOME/config.yaml,\n"
		"a URL or a path), else the default one. A remote registry\n"
		"(git://, https://, ssh://) gets the commit by a push, with the\n"
		"credentials git would use: its credential helpers for https,\n"
		"the ssh agent's keys for ssh (docs/registry.md).\n\n"
		"With --workspace at a workspace root, every member is\n"
		"published, dependencies first;\n"
		"-p NAME publishes member NAME (repeatable) from anywhere in "
		"the\n"
		"workspace, and --manifest-path starts from that osdk.yaml.",
	.examples =
		"  osdk publish --registry file:///tmp/r\n"
		"  osdk publish --dry-run      # writes target/osdk/package/"
		"NAME-VERSION.tar\n"
		"  osdk publish --workspace --registry local --allow-dirty "
		"--skip-published\n"
		"  osdk publish -p blk --registry local\n",
};

struct publisher {
	char *home;
	struct home_config cfg;
	char *url;
	bool dry_run, allow_dirty, skip_published;
	struct workspace ws;
};

static void pub_status(void *ctx, const char *verb, const char *subject)
{
	(void)ctx;
	cli_status(verb, "%s", subject);
}

static void pub_warning(void *ctx, const char *msg)
{
	(void)ctx;
	cli_warn("%s", msg);
}

static const struct publish_events pub_events = { NULL, pub_status,
						  pub_warning };

static int publish_one(struct publisher *p, size_t idx)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct publish_opts o = { p->home,    &p->cfg,	      p->url,
				  p->dry_run, p->allow_dirty, p->skip_published,
				  &pub_events };

	if (publish_package(&p->ws, idx, &o, &err))
		return cli_fail(&err);
	return 0;
}

int cmd_publish(int argc, char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec pos = STRVEC_INIT;
	struct workspace_opts wo = { 0 };
	struct publisher p;
	const char *registry = NULL;
	struct pkg_flags pf = { 0 };
	bool quiet = false;
	struct opt opts[] = {
		OPT_STR_("registry", 0, &registry, "NAME|URL",
			 "the registry to publish to (default: the default "
			 "registry)"),
		OPT_FLAG_("dry-run", 0, &p.dry_run,
			  "check and pack, write the archive, publish nothing"),
		OPT_FLAG_("allow-dirty", 0, &p.allow_dirty,
			  "publish even with uncommitted changes"),
		OPT_FLAG_("skip-published", 0, &p.skip_published,
			  "skip a version the registry already has (seeding)"),
		OPT_FLAG_("workspace", 0, &pf.workspace,
			  "publish every member of the workspace"),
		PKG_OPT_PACKAGE(&pf, "publish package NAME (repeatable)"),
		PKG_OPT_MANIFEST(&pf),
		OPT_FLAG_("quiet", 'q', &quiet, "print only errors"),
		OPT_END_(),
	};
	int ret;

	memset(&p, 0, sizeof(p));
	if (cli_parse(&cmd_publish_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	cli_quiet = quiet;
	if (pos.n) {
		cli_error("unexpected argument '%s' for 'osdk publish'",
			  pos.v[0]);
		ret = EXIT_USAGE;
		goto out;
	}
	p.home = home_dir();
	wo.ev = &cli_resolve_events;
	if (!(ret = home_config_load(p.home, &p.cfg, &err)))
		ret = home_registry_url(&p.cfg, registry, &p.url, &err);
	if (ret) {
		ret = cli_fail(&err);
		goto out;
	}
	ret = cli_load(&pf, &wo, 0, &p.ws);
	if (ret)
		goto out;
	if (p.ws.ntargets > 1 && !pf.workspace && !pf.packages.n) {
		cli_error(
			"several packages here (the workspace's members); run "
			"'osdk publish' in one package's directory, or pass "
			"--workspace to publish them all");
		ret = 1;
		goto out;
	}
	for (size_t t = 0; t < p.ws.ntargets; t++) {
		const struct ws_pkg *w = &p.ws.pkgs[p.ws.targets[t]];

		if (!w->source)
			continue;
		cli_error("package '%s' comes from %s; only the workspace's "
			  "own packages can be published",
			  w->m->package.name, w->source);
		ret = EXIT_USAGE;
		goto out;
	}
	ret = 0;
	for (size_t t = 0; t < p.ws.ntargets && !ret; t++)
		ret = publish_one(&p, p.ws.targets[t]);
out:
	pkg_flags_release(&pf);
	workspace_release(&p.ws);
	home_config_release(&p.cfg);
	free(p.url);
	free(p.home);
	strvec_clear(&pos);
	return ret;
}
