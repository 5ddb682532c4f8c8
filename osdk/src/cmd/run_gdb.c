/* SPDX-License-Identifier: MIT */
/* run_gdb.c - osdk run --gdb-server: its spec, VS Code's attach
 * configuration and where to attach. */
#include "run.h"

#include <stdlib.h>

#include "core/boot/gdb.h"
#include "core/build/flags.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"

int run_gdb_parse(const char *spec, struct run_args *a)
{
	struct osdk_err err = OSDK_ERR_INIT;

	if (!gdb_parse_server_spec(spec, &a->gdb_addr, &a->gdb_wait, &a->vscode,
				   &err))
		return 0;
	cli_error("%s", err.msg);
	return EXIT_USAGE;
}

int run_gdb_vscode(const struct session *s, const char *addr)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec maps = STRVEC_INIT;
	char *path = fs_join(s->ws.root_dir, ".vscode/launch.json");
	char *name = xasprintf("osdk: attach to %s", s->res.kernel_name);
	char *where =
		addr[0] == ':' ? xasprintf("localhost%s", addr) : xstrdup(addr);
	int ret;

	for (size_t p = 0; p < s->ws.npkgs; p++) {
		char *src = build_source_name(&s->ws, p);

		if (src)
			strvec_pushf(&maps, "%s=%s", src, s->ws.pkgs[p].dir);
		free(src);
	}
	ret = gdb_vscode_launch(path, name, s->res.kernel_elf, where,
				s->ws.root_dir, &maps, &err);
	if (ret)
		ret = cli_fail(&err);
	else
		cli_status("Wrote",
			   "'%s' to %s: start it in VS Code's Run "
			   "and Debug view",
			   name, path);
	strvec_clear(&maps);
	free(path);
	free(name);
	free(where);
	return ret;
}

void run_gdb_announce(const struct run_args *a)
{
	if (a->gdb_addr && a->gdb_wait)
		cli_status("Waiting", "for gdb on %s (the CPU starts stopped)",
			   a->gdb_addr);
	else if (a->gdb_addr)
		cli_status("Listening", "for gdb on %s", a->gdb_addr);
}
