/* SPDX-License-Identifier: MIT */
/* debug.c - osdk debug: gdb with the kernel's symbols, attached to QEMU. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"
#include "core/build/build.h"
#include "core/build/flags.h"
#include "core/manifest/manifest.h"
#include "core/boot/gdb.h"
#include "core/build/tools.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/xalloc.h"

const struct cmd_help cmd_debug_help = {
	.name = "debug",
	.usage = "[OPTIONS] [-- GDB-ARGS...]",
	.summary = "Debug the running kernel with gdb",
	.details =
		"Starts gdb with the kernel ELF of the last build (its symbols) and\n"
		"connects it to the gdb stub of a QEMU started with\n"
		"`osdk run --gdb-server`. Arguments after -- go to gdb as they are\n"
		"(for instance -batch -ex 'break f' -ex continue -ex bt).\n"
		"-p NAME picks the kernel package in a workspace with several;\n"
		"--manifest-path starts from that osdk.yaml instead of the\n"
		"current directory's.",
	.examples =
		"  osdk run --gdb-server addr=:1234,wait-client &\n"
		"  osdk debug --remote localhost:1234\n"
		"  osdk debug --remote /tmp/keel.sock -- -batch -ex 'bt'\n",
};

int cmd_debug(int argc, char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec pos = STRVEC_INIT, rest = STRVEC_INIT, gargv = STRVEC_INIT;
	struct strvec extra = STRVEC_INIT;
	const char *remote = GDB_DEFAULT_ADDR;
	struct pkg_flags pf = { 0 };
	bool release = false;
	struct opt opts[] = {
		PKG_OPT_PACKAGE(&pf, "debug kernel package NAME"),
		PKG_OPT_MANIFEST(&pf),
		OPT_STR_("remote", 0, &remote, "ADDR",
			 "the gdb stub: HOST:PORT or a socket path (default "
			 GDB_DEFAULT_ADDR ")"),
		OPT_FLAG_("release", 0, &release,
			  "use the release build's kernel"),
		OPT_END_(),
	};
	struct workspace ws = WORKSPACE_INIT;
	char *dir = NULL, *elf = NULL;
	size_t kidx;
	int status, ret;

	if (cli_parse(&cmd_debug_help, opts, argc, argv, &pos, &rest, &ret))
		goto out;
	if (pos.n) {
		cli_error("unexpected argument '%s' for 'osdk debug'", pos.v[0]);
		ret = EXIT_USAGE;
		goto out;
	}
	if (gdb_check_addr(remote, "--remote", &err)) {
		cli_error("%s", err.msg);
		ret = EXIT_USAGE;
		goto out;
	}
	ret = cli_load(&pf, NULL, 1, &ws);
	if (ret)
		goto out;
	if (workspace_kernel(&ws, "debug", &kidx, &err)) {
		ret = cli_fail(&err);
		goto out;
	}
	dir = build_out_dir(&ws, release, false);
	elf = xasprintf("%s/%s.elf", dir, ws.pkgs[kidx].m->package.name);
	if (!fs_exists(elf)) {
		cli_error("no kernel at '%s'; run 'osdk build%s' first", elf,
			  release ? " --release" : "");
		ret = 1;
		goto out;
	}
	if (tools_require("gdb", "debug the kernel", &err)) {
		ret = cli_fail(&err);
		goto out;
	}
	/* The kernel names its sources as the build's prefix maps say:
	 * below the root relative to it, others by NAME-VERSION. */
	strvec_push(&extra, "-ex");
	strvec_pushf(&extra, "directory %s", ws.root_dir);
	for (size_t p = 0; p < ws.npkgs; p++) {
		char *name = build_source_name(&ws, p);

		if (name) {
			strvec_push(&extra, "-ex");
			strvec_pushf(&extra, "set substitute-path %s %s", name,
				     ws.pkgs[p].dir);
		}
		free(name);
	}
	for (size_t i = 0; i < rest.n; i++)
		strvec_push(&extra, rest.v[i]);
	gdb_argv(elf, remote, strvec_argv(&extra), &gargv);
	cli_status("Debugging", "%s via %s", elf, remote);
	/* Ctrl-C is gdb's: it interrupts the guest, not osdk. */
	signal(SIGINT, SIG_IGN);
	{
		struct proc pr;

		ret = proc_spawn(strvec_argv(&gargv), NULL, &pr);
		if (!ret)
			ret = proc_wait(&pr, &status);
	}
	signal(SIGINT, SIG_DFL);
	if (ret) {
		cli_error("could not start gdb: %s", strerror(-ret));
		ret = 1;
		goto out;
	}
	ret = status < 0 ? 1 : status;
out:
	pkg_flags_release(&pf);
	workspace_release(&ws);
	strvec_clear(&pos);
	strvec_clear(&rest);
	strvec_clear(&extra);
	strvec_clear(&gargv);
	free(dir);
	free(elf);
	return ret;
}
