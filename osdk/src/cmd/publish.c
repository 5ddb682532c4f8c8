/* SPDX-License-Identifier: MIT */
/* publish.c - osdk publish: check, pack and publish a package to a registry. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"
#include "core/build/build.h"
#include "core/check/check.h"
#include "core/registry/home.h"
#include "core/registry/index.h"
#include "core/manifest/manifest.h"
#include "core/registry/pack.h"
#include "core/registry/pack_entry.h"
#include "core/registry/pack_files.h"
#include "core/registry/registry.h"
#include "core/registry/registry_write.h"
#include "core/manifest/semver.h"
#include "core/resolve/trust.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
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
		"a URL or a path), else the default one. With --workspace at "
		"a\n"
		"workspace root, every member is published, dependencies "
		"first;\n"
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

/*
 * The checks every package passes before it is published, and the one
 * place publish runs them. Today that is the manifest's fields; the
 * framekernel rule set (`osdk check`) joins them here.
 */
/*
 * What a package must pass before it is packed: a complete manifest and,
 * unless it is trusted, the framekernel rules (as osdk check applies them
 * to the release profile). The first violations go into the message.
 */
static int publish_run_checks(struct workspace *ws, size_t idx,
			      struct osdk_err *err)
{
	const char *cc = getenv("CC") && *getenv("CC") ? getenv("CC") : "cc";
	struct check_report rep = CHECK_REPORT_INIT;
	struct check_opts co = { cc, NULL, NULL, true };
	struct checker *ck = NULL;
	struct strbuf text = STRBUF_INIT;
	char *cc_include = NULL;
	int ret;

	ret = pack_check_manifest(ws->pkgs[idx].m, err);
	if (ret || trust_pkg_trusted(ws, idx))
		return ret;
	ret = build_cc_include(cc, &cc_include, err);
	if (ret)
		goto out;
	co.cc_include = cc_include;
	ret = check_new(ws, &co, &ck, err);
	if (!ret)
		ret = check_package(ck, idx, false, &rep, NULL, NULL, err);
	if (ret || !rep.n)
		goto out;
	check_report_sort(&rep);
	for (size_t i = 0; i < rep.n && i < 5; i++)
		check_diag_format(&rep.v[i], ws->pkgs[idx].dir, &text);
	strbuf_trim_trailing(&text);
	ret = err_set(err, -EPERM,
		      "'%s' breaks the framekernel rules (%zu violation%s; "
		      "'osdk check' lists them all):\n%s",
		      ws->pkgs[idx].m->package.name, rep.n,
		      rep.n == 1 ? "" : "s", text.buf);
out:
	check_free(ck);
	check_report_release(&rep);
	strbuf_release(&text);
	free(cc_include);
	return ret;
}

static int refuse_dirty(const char *dir, bool allow, struct osdk_err *err)
{
	struct strvec dirty = STRVEC_INIT;
	struct strbuf list = STRBUF_INIT;
	bool in_repo;
	int ret;

	if (allow)
		return 0;
	ret = pack_files_uncommitted(dir, &dirty, &in_repo, err);
	if (!ret && dirty.n) {
		for (size_t i = 0; i < dirty.n && i < 10; i++)
			strbuf_addf(&list, "\n  %s", dirty.v[i]);
		if (dirty.n > 10)
			strbuf_addf(&list, "\n  ... and %zu more",
				    dirty.n - 10);
		ret = err_set(err, -EPERM,
			      "'%s' has %zu uncommitted change%s:%s"
			      "\ncommit them, or pass --allow-dirty to publish "
			      "the files as they are",
			      dir, dirty.n, dirty.n == 1 ? "" : "s", list.buf);
	}
	strvec_clear(&dirty);
	strbuf_release(&list);
	return ret;
}

/* Every dependency published to this same registry must be there. */
static int deps_present(const struct registry *reg, const struct index_entry *e,
			struct osdk_err *err)
{
	for (size_t i = 0; i < e->ndeps; i++) {
		const struct index_dep *d = &e->deps[i];
		struct index_file f;
		bool found = false;
		int ret;

		if (d->registry)
			continue;
		ret = registry_read_index(reg, d->name, &f, err);
		if (ret && ret != -ENOENT)
			return ret;
		for (size_t k = 0; !ret && k < f.n && !found; k++)
			found = !f.v[k].yanked &&
				semver_matches(d->req, f.v[k].version);
		if (!ret)
			index_file_release(&f);
		if (!found)
			return err_set(err, -ENOENT,
				       "dependency '%s' %s is not "
				       "in registry '%s'; publish it there "
				       "first",
				       d->name, d->req, reg->url);
	}
	return 0;
}

static int write_dry_run(struct publisher *p, const struct index_entry *e,
			 const struct strbuf *ar, struct osdk_err *err)
{
	char *dir = xasprintf("%s/target/osdk/package", p->ws.root_dir);
	char *path = xasprintf("%s/%s-%s.tar", dir, e->name, e->version);
	int ret = fs_mkdirs(dir, err);

	if (!ret)
		ret = fs_write_atomic(path, ar->buf, ar->len, err);
	if (!ret) {
		cli_status("Packaged", "%s", path);
		cli_warn("aborting upload: --dry-run");
	}
	free(path);
	free(dir);
	return ret;
}

static int publish_one(struct publisher *p, size_t idx)
{
	struct osdk_err err = OSDK_ERR_INIT;
	const struct ws_pkg *pkg = &p->ws.pkgs[idx];
	struct registry_write_result res;
	struct strbuf ar = STRBUF_INIT;
	struct registry reg = REGISTRY_INIT;
	struct index_entry e;
	struct index_file f = INDEX_FILE_INIT;
	const struct index_entry *old = NULL;
	size_t nfiles;
	int ret;

	ret = pack_index_entry(&p->ws, idx, p->url, &p->cfg, &e, &err);
	if (ret)
		return cli_fail(&err);
	ret = registry_open_latest(p->home, p->url, &reg, &err);
	if (!ret) {
		ret = registry_read_index(&reg, e.name, &f, &err);
		ret = ret == -ENOENT ? 0 : ret;
	}
	if (!ret && (old = index_file_find(&f, e.version)) &&
	    !p->skip_published)
		ret = err_set(&err, -EEXIST,
			      "%s v%s is already in registry "
			      "'%s'; a published version never changes, so "
			      "bump the version",
			      e.name, e.version, p->url);
	if (!ret && !old)
		ret = deps_present(&reg, &e, &err);
	if (!ret && !old)
		ret = refuse_dirty(pkg->dir, p->allow_dirty, &err);
	if (!ret && !old)
		ret = publish_run_checks(&p->ws, idx, &err);
	if (!ret) {
		if (!old)
			cli_status("Packaging", "%s v%s (%s)", e.name,
				   e.version, pkg->dir);
		ret = pack_package(pkg->dir, e.name, e.version, &ar, &nfiles,
				   &err);
	}
	if (ret)
		goto out_fail;
	pack_sha256(ar.buf, ar.len, e.sha256);
	if (old) {
		cli_status("Skipping", "%s v%s: already in registry `%s`",
			   e.name, e.version, p->url);
		if (strcmp(old->sha256, e.sha256) != 0)
			cli_warn(
				"the sources of %s v%s in '%s' differ from the "
				"published ones; bump the version to publish "
				"them",
				e.name, e.version, pkg->dir);
		goto out;
	}
	cli_status("Packaged", "%zu file%s, %.1fKiB (sha256 %.16s)", nfiles,
		   nfiles == 1 ? "" : "s", (double)ar.len / 1024, e.sha256);
	if (p->dry_run) {
		ret = write_dry_run(p, &e, &ar, &err);
		if (ret)
			goto out_fail;
		goto out;
	}
	cli_status("Uploading", "%s v%s to registry `%s`", e.name, e.version,
		   p->url);
	ret = registry_publish(p->home, p->url, &e, ar.buf, ar.len, &res, &err);
	if (ret)
		goto out_fail;
	if (res.stale_lock[0])
		cli_warn("removed '%s' from registry `%s`: a lock left by a "
			 "write that was interrupted",
			 res.stale_lock, p->url);
	if (res.attempts > 1)
		cli_status("Published",
			   "%s v%s at %.12s (the registry moved "
			   "meanwhile; %d attempts)",
			   e.name, e.version, res.commit, res.attempts);
	else
		cli_status("Published", "%s v%s at %.12s", e.name, e.version,
			   res.commit);
	goto out;
out_fail:
	ret = cli_fail(&err);
out:
	index_file_release(&f);
	registry_close(&reg);
	strbuf_release(&ar);
	index_entry_release(&e);
	return ret;
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
