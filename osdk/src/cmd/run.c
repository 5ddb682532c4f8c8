/* SPDX-License-Identifier: MIT */
/* run.c - osdk run: build the kernel and boot it in QEMU. */
#include "run.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "core/boot/gdb.h"
#include "core/build/tools.h"
#include "msg.h"
#include "util/err.h"
#include "util/proc.h"

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
		"Attach with `osdk debug --remote ADDR`; with vscode, a VS Code\n"
		"launch configuration that attaches to it is merged into the\n"
		"workspace's .vscode/launch.json (others there are kept).\n"
		"\n"
		"In a workspace with several kernels, -p NAME picks the one to\n"
		"boot; --manifest-path starts from that osdk.yaml instead of the\n"
		"current directory's.\n"
		"\n"
		"--coverage builds the kernel's packages of this checkout (not\n"
		"the frame) instrumented and, once the kernel stopped through\n"
		"the frame (main returned, frame_poweroff(), a panic), writes an\n"
		"lcov tracefile, an HTML report and a line and branch summary\n"
		"per package; --coverage-package NAME instruments NAME instead\n"
		"(repeatable). See docs/coverage.md.\n"
		"\n"
		"--bundle DIR boots the bundle `osdk build -o DIR` kept, as it was\n"
		"built: no workspace, no build (flags that would change a build\n"
		"are refused; --qemu-args and --accel apply).",
	.examples = "  osdk run\n"
		    "  osdk run --release --qemu-args '-smp 2'\n"
		    "  osdk run --kcmdline 'console=ttyS0 log=debug'\n"
		    "  osdk run --gdb-server addr=:1234,wait-client\n"
		    "  osdk run --gdb-server addr=:1234,wait-client,vscode\n"
		    "  osdk run -p keel --manifest-path ../keel/osdk.yaml\n"
		    "  osdk build -o dist && osdk run --bundle dist\n"
		    "  osdk run --coverage\n",
};

/*
 * The command line into @a; false to go on, true when the command must
 * stop with *@code: help printed, or a usage error.
 */
static bool parse_args(int argc, char **argv, struct run_args *a, int *code)
{
	const char *gdb_spec = NULL;
	struct strvec pos = STRVEC_INIT;
	struct opt opts[] = {
		BUILD_FLAG_OPTS(&a->f),
		COV_OPTS(&a->cov),
		OPT_OPTSTR_("gdb-server", 0, &gdb_spec, "[SPEC]",
			    "start QEMU's gdb stub (see below)"),
		OPT_STR_("accel", 0, &a->f.accel, "WHICH",
			 "auto (KVM when /dev/kvm is usable), kvm or tcg"),
		PKG_OPT_PACKAGE(&a->f.pkg, "run kernel package NAME"),
		PKG_OPT_MANIFEST(&a->f.pkg),
		OPT_STR_("bundle", 0, &a->bundle_from, "DIR",
			 "boot the bundle osdk build -o DIR made; no build"),
		OPT_END_(),
	};
	bool stop = true;

	if (cli_parse(&cmd_run_help, opts, argc, argv, &pos, NULL, code))
		goto out;
	*code = EXIT_USAGE;
	if (pos.n) {
		cli_error("unexpected argument '%s' for 'osdk run'", pos.v[0]);
		goto out;
	}
	if (gdb_spec && run_gdb_parse(gdb_spec, a))
		goto out;
	if (a->bundle_from && a->vscode) {
		cli_error("--gdb-server's vscode writes into the workspace; it "
			  "cannot be used with --bundle");
		goto out;
	}
	if (a->bundle_from && cov_flags_on(&a->cov)) {
		*code = cli_cov_no_bundle();
		goto out;
	}
	stop = false;
out:
	strvec_clear(&pos);
	return stop;
}

/*
 * Boot the kernel as @rb says, its console on this terminal, and wait for
 * QEMU to end: its wait status in *@status. 0, or an exit code after
 * printing why QEMU could not be started.
 */
static int boot(const struct run_args *a, struct run_boot *rb, int *status)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec qargv = STRVEC_INIT;
	struct qemu_opts *qo = &rb->qo;
	const struct bundle *b = &rb->b;
	struct proc pr;
	char *line;
	int ret = 1;

	qo->accel = rb->accel.qemu;
	qo->bundle = b;
	qo->interactive = true;
	qo->gdb_addr = a->gdb_addr;
	qo->gdb_wait = a->gdb_wait;
	/* A record left by an earlier run must not be read as this one's. */
	if (remove(rb->exit_file) && errno != ENOENT) {
		cli_error("could not remove '%s': %s", rb->exit_file,
			  strerror(errno));
		goto out;
	}
	qo->exit_file = rb->exit_file;
	qo->cov_file = rb->cov_file;
	if (tools_require(qo->qemu, "boot the kernel", &err) ||
	    qemu_argv(qo, &qargv, &err)) {
		ret = cli_fail(&err);
		goto out;
	}
	line = strvec_join(&qargv);
	if (cli_verbose)
		cli_status("Running", "`%s`", line);
	else
		cli_status("Running", "%s (%s, %s)",
			   b->image ? b->image : b->kernel,
			   bundle_method_name(b->method),
			   rb->tdvf ? "KVM, TDX guest" : rb->accel.name);
	free(line);
	run_gdb_announce(a);
	fflush(stdout);
	/* Ctrl-C belongs to the guest console; QEMU decides what it means. */
	signal(SIGINT, SIG_IGN);
	/* The terminal (stdin too) is the guest's serial console. */
	ret = proc_spawn(strvec_argv(&qargv), NULL, &pr);
	if (!ret)
		ret = proc_wait(&pr, status);
	signal(SIGINT, SIG_DFL);
	if (ret) {
		cli_error("could not start '%s': %s", qo->qemu, strerror(-ret));
		ret = 1;
	}
out:
	strvec_clear(&qargv);
	return ret;
}

int cmd_run(int argc, char **argv)
{
	struct run_args a = { 0 };
	struct run_boot rb = { 0 };
	struct qemu_end end;
	struct session s;
	int status, ret;

	memset(&s, 0, sizeof(s));
	if (parse_args(argc, argv, &a, &ret))
		goto out;
	a.f.cov = &a.cov;
	if (a.bundle_from)
		ret = run_boot_from_bundle(&a, &rb);
	else
		ret = run_boot_from_build(&a, &s, &rb);
	if (!ret)
		ret = boot(&a, &rb, &status);
	if (ret)
		goto out;
	ret = run_exit_code(status, rb.exit_file, a.gdb_addr != NULL,
			    &end);
	/* Whatever the kernel's code: a report fails the run only when it
	 * cannot be made. */
	if (rb.cov_file && cli_cov_report(&s, rb.cov_file) && ret == 0)
		ret = 1;
	if (msg_json)
		run_emit_finished(&end, ret);
out:
	pkg_flags_release(&a.f.pkg);
	cov_flags_release(&a.cov);
	free(a.gdb_addr);
	run_boot_release(&rb);
	session_release(&s);
	return ret;
}
