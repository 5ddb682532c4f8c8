/* SPDX-License-Identifier: MIT */
/* doc.c - osdk doc: browsable API documentation of a package's headers. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "cmds.h"
#include "core/build/doc.h"
#include "core/manifest/manifest.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"

const struct cmd_help cmd_doc_help = {
	.name = "doc",
	.usage = "[OPTIONS]",
	.summary = "Generate HTML API documentation with Doxygen",
	.details =
		"Documents the public headers (include/, or src/ for a\n"
		"package without one) of the package in the current\n"
		"directory (every member, in a workspace's root; or -p PKG)\n"
		"from their comments, with Doxygen, into target/doc/PKG/,\n"
		"and prints the path of each index.html on stdout. The\n"
		"Doxyfile is generated there too; Doxygen's warnings go to\n"
		"target/doc/PKG/warnings.log. --open shows the page with\n"
		"xdg-open when there is one.",
	.examples = "  osdk doc\n"
		    "  osdk doc -p frame --open\n",
};

/* xdg-open in the background; without it, the printed path is enough. */
static void open_page(const char *index)
{
	const char *argv[] = { "xdg-open", index, NULL };
	struct proc_opts po = PROC_OPTS_INIT;
	struct proc p;

	if (!proc_which("xdg-open")) {
		cli_status("Skipping", "--open: no xdg-open on PATH");
		return;
	}
	po.stdin_null = true;
	if (proc_spawn(argv, &po, &p) == 0)
		cli_status("Opening", "%s", index);
}

int cmd_doc(int argc, char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec pos = STRVEC_INIT;
	struct workspace ws = WORKSPACE_INIT;
	const char *package = NULL;
	size_t *idx = NULL, n = 0;
	bool quiet = false, open = false;
	char *target = NULL;
	int ret;
	struct opt opts[] = {
		OPT_STR_("package", 'p', &package, "PKG",
			 "document the package PKG of the workspace"),
		OPT_FLAG_("open", 0, &open,
			  "open the documentation in a browser (xdg-open)"),
		OPT_FLAG_("quiet", 'q', &quiet, "print only errors"),
		OPT_END_(),
	};

	if (cli_parse(&cmd_doc_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	cli_quiet = quiet;
	if (pos.n) {
		cli_error("'osdk doc' takes no arguments, not '%s'; see -p",
			  pos.v[0]);
		ret = EXIT_USAGE;
		goto out;
	}
	if ((ret = cmd_load_packages(package, &ws, &idx, &n)))
		goto out;
	target = fs_join(ws.root_dir, "target");
	for (size_t k = 0; k < n; k++) {
		const struct ws_pkg *p = &ws.pkgs[idx[k]];
		struct doc_opts o = { p->dir, p->m, target };
		char *index = NULL;

		cli_status("Documenting", "%s v%s", p->m->package.name,
			   p->m->package.version);
		if ((ret = doc_package(&o, &index, &err))) {
			ret = cli_fail(&err);
			goto out;
		}
		printf("%s\n", index);
		if (open)
			open_page(index);
		free(index);
	}
out:
	free(target);
	free(idx);
	workspace_release(&ws);
	strvec_clear(&pos);
	return ret;
}
