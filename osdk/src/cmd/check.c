/* SPDX-License-Identifier: MIT */
/* check.c - osdk check: the framekernel rules over every untrusted package. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"
#include "core/check/check.h"
#include "core/check/check_memo.h"
#include "core/manifest/manifest.h"
#include "core/resolve/select.h"
#include "core/resolve/trust.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

const struct cmd_help cmd_check_help = {
	.name = "check",
	.usage = "[OPTIONS]",
	.summary = "Check the framekernel rules in every untrusted package",
	.details =
		"Parses every source of every package of the workspace that is "
		"not\n"
		"trusted with libclang, with exactly the flags 'osdk build' "
		"compiles\n"
		"it with, and reports each thing only the frame may do:\n"
		"\n"
		"  src/blk.c:12:5: error[FK-ASM]: inline assembly statement\n"
		"      hint: only the frame may contain assembly; ...\n"
		"\n"
		"A package is trusted only when its manifest says 'trusted: "
		"true'\n"
		"and it comes from a source that may grant it: the workspace's "
		"own\n"
		"tree with its name in 'workspace.trusted', 'frame' from the "
		"default\n"
		"registry (checksum-checked) or osdk's installed copy, or a "
		"source the\n"
		"root workspace names ('{ name: frame, git: URL }'). The rules "
		"are in\n"
		"docs/framekernel-rules.md;\n"
		"'osdk build' runs the same check on every untrusted source "
		"it\n"
		"compiles, and it cannot be turned off. Exit status: 0 when "
		"nothing\n"
		"was found, 1 when something was.\n"
		"\n"
		"-p NAME checks only package NAME (repeatable); --exclude "
		"NAME\n"
		"checks every package but NAME; --workspace is the default\n"
		"(every package of the workspace); --manifest-path starts "
		"from\n"
		"that osdk.yaml instead of the current directory's.",
	.examples = "  osdk check\n"
		    "  osdk check --package virtio-blk\n"
		    "  osdk check --exclude keel\n"
		    "  osdk check --release --tests\n"
		    "  osdk check --list-rules\n",
};

struct check_flags {
	bool release;
	bool tests;
	bool list;
	bool verbose;
	bool quiet;
	struct pkg_flags pkg;
};

static void list_rules(void)
{
	for (int r = 0; r < CHECK_NRULES; r++)
		printf("%-14s %s\n", check_rule_info(r)->id,
		       check_rule_info(r)->title);
}

static void show_file(void *ctx, const char *src)
{
	(void)ctx;
	cli_status("Parsing", "%s", src);
}

/* Check one package's sources into rep. */
static int check_pkg(struct checker *ck, const struct workspace *ws, size_t p,
		     const struct check_flags *f, struct check_report *rep)
{
	struct osdk_err err = OSDK_ERR_INIT;
	const struct manifest *m = ws->pkgs[p].m;

	cli_status("Checking", "%s v%s", m->package.name, m->package.version);
	if (check_package(ck, p, f->tests && ws_is_target(ws, p), rep,
			  f->verbose ? show_file : NULL, NULL, &err))
		return cli_fail(&err);
	return 0;
}

static int run_check(const struct check_flags *f)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct workspace ws = WORKSPACE_INIT;
	struct check_report rep = CHECK_REPORT_INIT;
	struct checker *ck = NULL;
	struct strbuf text = STRBUF_INIT;
	const char *cc = getenv("CC") && *getenv("CC") ? getenv("CC") : "cc";
	char *cc_include = NULL, *out_dir = NULL, *cache = NULL;
	unsigned npkgs = 0;
	char cwd[4096];
	bool *skip = NULL;
	int ret;

	if (!getcwd(cwd, sizeof(cwd))) {
		cli_error("could not get the current directory: %s",
			  strerror(errno));
		return 1;
	}
	ret = cli_load(&f->pkg, NULL, 0, &ws);
	if (ret)
		goto out;
	ret = 1;
	skip = xcalloc(ws.npkgs + 1, sizeof(bool));
	for (size_t i = 0; i < f->pkg.packages.n; i++) {
		long p = workspace_find(&ws, f->pkg.packages.v[i]);

		if (p >= 0 && trust_pkg_trusted(&ws, (size_t)p)) {
			cli_error("package '%s' is trusted; the framekernel "
				  "rules do not apply to it",
				  f->pkg.packages.v[i]);
			goto out;
		}
	}
	/* -p: those packages; else every package but the excluded. */
	for (size_t p = 0; p < ws.npkgs; p++) {
		skip[p] = f->pkg.packages.n && !ws_is_target(&ws, p);
		for (size_t i = 0; i < f->pkg.excludes.n; i++)
			skip[p] |= !strcmp(ws.pkgs[p].m->package.name,
					   f->pkg.excludes.v[i]);
	}
	if (build_cc_include(cc, &cc_include, &err)) {
		cli_fail(&err);
		goto out;
	}
	for (size_t p = 0; p < ws.npkgs; p++)
		if (trust_claim_refused(&ws, p, &err))
			cli_warn("%s", err.msg);
	out_dir = build_out_dir(&ws, f->release, f->tests);
	cache = fs_join(out_dir, "check");
	{
		char *memo = check_memo_dir();
		struct check_opts co = { cc, cc_include, cache, f->release,
					 memo };
		int bad = check_new(&ws, &co, &ck, &err);

		free(memo);
		if (bad) {
			cli_fail(&err);
			goto out;
		}
	}
	for (size_t p = 0; p < ws.npkgs; p++) {
		if (skip[p] || trust_pkg_trusted(&ws, p))
			continue;
		if (check_pkg(ck, &ws, p, f, &rep))
			goto out;
		npkgs++;
	}
	check_report_sort(&rep);
	for (size_t i = 0; i < rep.n; i++)
		check_diag_format(&rep.v[i], cwd, &text);
	fputs(text.buf, stderr);
	if (rep.n) {
		cli_error("%zu framekernel rule violation%s in %u untrusted "
			  "package%s",
			  rep.n, rep.n == 1 ? "" : "s", npkgs,
			  npkgs == 1 ? "" : "s");
		goto out;
	}
	cli_status("Finished",
		   "%u file%s in %u untrusted package%s follow "
		   "the framekernel rules",
		   rep.files, rep.files == 1 ? "" : "s", npkgs,
		   npkgs == 1 ? "" : "s");
	ret = 0;
out:
	free(skip);
	check_free(ck);
	check_report_release(&rep);
	strbuf_release(&text);
	workspace_release(&ws);
	free(cc_include);
	free(out_dir);
	free(cache);
	return ret;
}

int cmd_check(int argc, char **argv)
{
	struct check_flags f = { 0 };
	struct strvec pos = STRVEC_INIT;
	struct opt opts[] = {
		OPT_FLAG_("release", 0, &f.release,
			  "check with the release profile's flags"),
		OPT_FLAG_("tests", 0, &f.tests,
			  "check the current package(s) as 'osdk test' "
			  "compiles them (-DKTEST)"),
		PKG_OPT_PACKAGE(&f.pkg, "check only package NAME (repeatable)"),
		PKG_OPT_WORKSPACE(&f.pkg),
		PKG_OPT_MANIFEST(&f.pkg),
		OPT_FLAG_("list-rules", 0, &f.list,
			  "print the rule ids and what each forbids"),
		OPT_FLAG_("verbose", 'v', &f.verbose,
			  "name every file checked"),
		OPT_FLAG_("quiet", 'q', &f.quiet,
			  "print only the violations and errors"),
		OPT_END_(),
	};
	int ret;

	if (cli_parse(&cmd_check_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	if (pos.n) {
		cli_error("unexpected argument '%s' for 'osdk check'",
			  pos.v[0]);
		ret = EXIT_USAGE;
		goto out;
	}
	cli_quiet = f.quiet;
	cli_verbose = f.verbose;
	if (f.list) {
		list_rules();
		ret = 0;
		goto out;
	}
	ret = run_check(&f);
out:
	pkg_flags_release(&f.pkg);
	strvec_clear(&pos);
	return ret;
}
