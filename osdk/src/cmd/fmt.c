/* SPDX-License-Identifier: MIT */
/* fmt.c - osdk fmt: a package's C sources in the repository's style. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"
#include "core/build/fmt.h"
#include "core/manifest/manifest.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"

const struct cmd_help cmd_fmt_help = {
	.name = "fmt",
	.usage = "[OPTIONS]",
	.summary = "Format a package's C sources with clang-format",
	.details =
		"Runs clang-format over the .c and .h files below src/ and\n"
		"include/ of the package in the current directory (every\n"
		"member, in a workspace's root; or -p PKG), with the nearest\n"
		".clang-format above each file, or osdk's default style (the\n"
		"one Keel follows) when there is none. Prints each file it\n"
		"rewrites. With --check nothing changes: the files that would\n"
		"are listed on stdout and osdk exits 1.",
	.examples = "  osdk fmt\n"
		    "  osdk fmt --check\n"
		    "  osdk fmt -p frame\n",
};

int cmd_load_packages(const char *name, struct workspace *ws, size_t **idx,
		      size_t *n)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct workspace_opts wo = { .ev = &cli_resolve_events };
	char cwd[4096];
	long i;

	if (!getcwd(cwd, sizeof(cwd))) {
		cli_error("could not get the current directory: %s",
			  strerror(errno));
		return 1;
	}
	if (workspace_load_opts(cwd, &wo, ws, &err))
		return cli_fail(&err);
	if (!name) {
		*idx = xmalloc((ws->ntargets + 1) * sizeof(**idx));
		memcpy(*idx, ws->targets, ws->ntargets * sizeof(**idx));
		*n = ws->ntargets;
		return 0;
	}
	i = workspace_find(ws, name);
	if (i < 0) {
		cli_error("no package '%s' in this workspace", name);
		return 1;
	}
	*idx = xmalloc(sizeof(**idx));
	**idx = (size_t)i;
	*n = 1;
	return 0;
}

int cmd_fmt(int argc, char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec pos = STRVEC_INIT;
	struct workspace ws = WORKSPACE_INIT;
	struct fmt_opts fo = { 0 };
	const char *package = NULL;
	size_t *idx = NULL, n = 0, total = 0;
	char *prog = NULL;
	bool quiet = false;
	int ret;
	struct opt opts[] = {
		OPT_FLAG_("check", 0, &fo.check,
			  "list the files that are not formatted; exit 1 if "
			  "any"),
		OPT_STR_("package", 'p', &package, "PKG",
			 "format the package PKG of the workspace"),
		OPT_FLAG_("quiet", 'q', &quiet, "print only errors"),
		OPT_END_(),
	};

	if (cli_parse(&cmd_fmt_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	cli_quiet = quiet;
	if (pos.n) {
		cli_error("'osdk fmt' takes no arguments, not '%s'; see -p",
			  pos.v[0]);
		ret = EXIT_USAGE;
		goto out;
	}
	if ((ret = fmt_find_clang_format(&prog, &err))) {
		ret = cli_fail(&err);
		goto out;
	}
	fo.clang_format = prog;
	if ((ret = cmd_load_packages(package, &ws, &idx, &n)))
		goto out;
	for (size_t k = 0; k < n; k++) {
		const struct ws_pkg *p = &ws.pkgs[idx[k]];
		struct strvec changed = STRVEC_INIT;

		ret = fmt_package(p->dir, &fo, &changed, NULL, &err);
		for (size_t i = 0; i < changed.n; i++) {
			char *path = xasprintf("%s/%s", p->dir, changed.v[i]);
			char *rel = fs_relpath(path, ws.root_dir);

			if (fo.check)
				printf("%s\n", rel);
			else
				cli_status("Formatted", "%s", rel);
			free(rel);
			free(path);
		}
		total += changed.n;
		strvec_clear(&changed);
		if (ret) {
			ret = cli_fail(&err);
			goto out;
		}
	}
	if (fo.check && total) {
		cli_error("%zu file%s not formatted; run 'osdk fmt'", total,
			  total == 1 ? " is" : "s are");
		ret = 1;
	}
out:
	free(idx);
	free(prog);
	workspace_release(&ws);
	strvec_clear(&pos);
	return ret;
}
