/* SPDX-License-Identifier: MIT */
/* run.c - osdk run: build the kernel and boot it in QEMU. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmds.h"
#include "core/boot/accel.h"
#include "core/boot/gdb.h"
#include "core/boot/qemu.h"
#include "core/build/tools.h"
#include "util/err.h"
#include "util/proc.h"
#include "util/xalloc.h"

const struct cmd_help cmd_run_help = {
	.name = "run",
	.usage = "[OPTIONS]",
	.summary = "Build the kernel and boot it in QEMU",
	.details =
		"Builds like `osdk build`, then boots the kernel in QEMU with its\n"
		"serial console on this terminal (Ctrl-A X quits QEMU). The code\n"
		"the kernel powers off with (its main's return value, or\n"
		"frame_poweroff(), 0 to 255) becomes osdk's exit code; a kernel\n"
		"panic exits with 101 and a QEMU that ends any other way with 1.\n"
		"\n"
		"--gdb-server [addr=HOST:PORT|PATH][,wait-client] starts QEMU's gdb\n"
		"stub on a TCP address (default " GDB_DEFAULT_ADDR ") or a Unix\n"
		"socket path; with wait-client the CPU waits for gdb to continue.\n"
		"Attach with `osdk debug --remote ADDR`.\n"
		"\n"
		"In a workspace with several kernels, -p NAME picks the one to\n"
		"boot; --manifest-path starts from that osdk.yaml instead of the\n"
		"current directory's.",
	.examples = "  osdk run\n"
		    "  osdk run --release --qemu-args '-smp 2'\n"
		    "  osdk run --kcmdline 'console=ttyS0 log=debug'\n"
		    "  osdk run --gdb-server addr=:1234,wait-client\n"
		    "  osdk run -p keel --manifest-path ../keel/osdk.yaml\n",
};

/* A TCP address must end in a port QEMU can listen on; a path is a Unix
 * socket (see qemu_gdb_chardev()). */
static bool gdb_addr_ok(const char *addr)
{
	const char *colon = strrchr(addr, ':');
	char *end;
	long port;

	if (strchr(addr, '/') || !colon)
		return true;
	errno = 0;
	port = strtol(colon + 1, &end, 10);
	return colon[1] && !*end && !errno && port >= 1 && port <= 65535;
}

/* Parse "[addr=A][,wait-client]"; an empty spec means the defaults. */
static int parse_gdb_spec(const char *spec, char **addr, bool *wait)
{
	char *copy = xstrdup(spec), *save = NULL;
	int ret = 0;

	*addr = NULL;
	*wait = false;
	for (char *t = strtok_r(copy, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		if (strncmp(t, "addr=", 5) == 0 && t[5]) {
			if (!gdb_addr_ok(t + 5)) {
				cli_error("bad --gdb-server address '%s'; "
					  "expected HOST:PORT with a port "
					  "from 1 to 65535, or a socket path",
					  t + 5);
				ret = EXIT_USAGE;
				break;
			}
			free(*addr);
			/* ":1234" means every local interface, as QEMU has it. */
			*addr = xstrdup(t + 5);
		} else if (strcmp(t, "wait-client") == 0) {
			*wait = true;
		} else {
			cli_error("bad --gdb-server part '%s'; expected "
				  "addr=HOST:PORT, addr=PATH or wait-client",
				  t);
			ret = EXIT_USAGE;
			break;
		}
	}
	if (!ret && !*addr)
		*addr = xstrdup(GDB_DEFAULT_ADDR);
	free(copy);
	return ret;
}

int cmd_run(int argc, char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct build_flags f = { 0 };
	const char *gdb_spec = NULL;
	struct strvec pos = STRVEC_INIT, qargv = STRVEC_INIT;
	struct opt opts[] = {
		BUILD_FLAG_OPTS(&f),
		OPT_OPTSTR_("gdb-server", 0, &gdb_spec, "[SPEC]",
			    "start QEMU's gdb stub (see below)"),
		OPT_STR_("accel", 0, &f.accel, "WHICH",
			 "auto (KVM when /dev/kvm is usable), kvm or tcg"),
		PKG_OPT_PACKAGE(&f.pkg, "run kernel package NAME"),
		PKG_OPT_MANIFEST(&f.pkg),
		OPT_END_(),
	};
	struct qemu_opts qo = { 0 };
	struct accel_choice accel;
	struct session s;
	struct bundle b = { 0 };
	char *gdb_addr = NULL, *exit_file = NULL;
	struct qemu_end end;
	int status, ret;

	memset(&s, 0, sizeof(s));
	if (cli_parse(&cmd_run_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	if (pos.n) {
		cli_error("unexpected argument '%s' for 'osdk run'", pos.v[0]);
		ret = EXIT_USAGE;
		goto out;
	}
	if (gdb_spec) {
		ret = parse_gdb_spec(gdb_spec, &gdb_addr, &qo.gdb_wait);
		if (ret)
			goto out;
		qo.gdb_addr = gdb_addr;
	}
	ret = cli_build(&f, CONFIG_RUN, &s);
	if (ret)
		goto out;
	ret = cli_bundle(&s, &b);
	if (ret)
		goto out;
	ret = cli_accel(&s, &accel);
	if (ret)
		goto out;
	qo.qemu = s.cfg.qemu_path;
	qo.args = s.cfg.qemu_args;
	qo.accel = accel.qemu;
	qo.bundle = &b;
	qo.interactive = true;
	exit_file = xasprintf("%s.exit", b.kernel);
	/* A record left by an earlier run must not be read as this one's. */
	if (remove(exit_file) && errno != ENOENT) {
		cli_error("could not remove '%s': %s", exit_file,
			  strerror(errno));
		ret = 1;
		goto out;
	}
	qo.exit_file = exit_file;
	if (tools_require(qo.qemu, "boot the kernel", &err) ||
	    qemu_argv(&qo, &qargv, &err)) {
		ret = cli_fail(&err);
		goto out;
	}
	{
		char *line = strvec_join(&qargv);

		if (cli_verbose)
			cli_status("Running", "`%s`", line);
		else
			cli_status("Running", "%s (%s, %s)",
				   b.image ? b.image : b.kernel,
				   bundle_method_name(b.method), accel.name);
		free(line);
	}
	if (gdb_addr && qo.gdb_wait)
		cli_status("Waiting", "for gdb on %s (the CPU starts stopped)",
			   gdb_addr);
	else if (gdb_addr)
		cli_status("Listening", "for gdb on %s", gdb_addr);
	fflush(stdout);
	/* Ctrl-C belongs to the guest console; QEMU decides what it means. */
	signal(SIGINT, SIG_IGN);
	{
		struct proc pr;

		/* The terminal (stdin too) is the guest's serial console. */
		ret = proc_spawn(strvec_argv(&qargv), NULL, &pr);
		if (!ret)
			ret = proc_wait(&pr, &status);
	}
	signal(SIGINT, SIG_DFL);
	if (ret) {
		cli_error("could not start '%s': %s", qo.qemu, strerror(-ret));
		ret = 1;
		goto out;
	}
	qemu_end(status, exit_file, &end);
	switch (end.kind) {
	case QEMU_END_CODE:
		ret = end.code;
		break;
	case QEMU_END_PANIC:
	case QEMU_END_KTEST_PANIC:
		cli_error("the kernel panicked (its message is above)");
		ret = EXIT_PANIC;
		break;
	default:
		if (gdb_addr && status == 0)
			/* QEMU ends the same way for gdb's kill and a reset. */
			cli_error("QEMU ended without an exit code while gdb "
				  "was attached: gdb's 'kill' ends it this way, "
				  "as does a guest reset such as a triple "
				  "fault");
		else
			cli_error("%s (QEMU exit status %d)", end.what, status);
		ret = 1;
		break;
	}
out:
	pkg_flags_release(&f.pkg);
	bundle_release(&b);
	session_release(&s);
	strvec_clear(&pos);
	strvec_clear(&qargv);
	free(gdb_addr);
	free(exit_file);
	return ret;
}
