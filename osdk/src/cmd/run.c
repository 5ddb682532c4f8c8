/* SPDX-License-Identifier: MIT */
/* run.c - osdk run: build the kernel and boot it in QEMU. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_cov.h"
#include "cmds.h"
#include "core/boot/accel.h"
#include "core/boot/bundle_dir.h"
#include "core/boot/gdb.h"
#include "core/boot/qemu.h"
#include "core/build/flags.h"
#include "core/build/tools.h"
#include "msg.h"
#include "util/err.h"
#include "util/fs.h"
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

/* Parse "[addr=A][,wait-client][,vscode]" (gdb.h); a bad one is a usage
 * error. */
static int parse_gdb_spec(const char *spec, char **addr, bool *wait,
			  bool *vscode)
{
	struct osdk_err err = OSDK_ERR_INIT;

	if (!gdb_parse_server_spec(spec, addr, wait, vscode, &err))
		return 0;
	cli_error("%s", err.msg);
	return EXIT_USAGE;
}

/*
 * --bundle DIR: the bundle @b from DIR's files, the QEMU arguments (the
 * manifest's, then --qemu-args) and a private directory for the exit
 * record. 0, or an exit code after printing why.
 */
static int boot_bundle_dir(const struct build_flags *f, const char *dir,
			   struct bundle_dir *bd, struct bundle *b,
			   char **qargs, char **tmp_dir)
{
	int ret = cli_bundle_load(f, dir, false, bd);

	if (ret)
		return ret;
	b->method = bd->method;
	b->protocol = bd->protocol;
	b->kernel = xstrdup(bd->kernel);
	b->image = bd->image ? xstrdup(bd->image) : NULL;
	b->initramfs = bd->initramfs ? xstrdup(bd->initramfs) : NULL;
	b->cmdline = bd->cmdline ? xstrdup(bd->cmdline) : NULL;
	*qargs = xasprintf("%s%s%s", bd->qemu_args ? bd->qemu_args : "",
			   bd->qemu_args && f->qemu_args ? " " : "",
			   f->qemu_args ? f->qemu_args : "");
	*tmp_dir = cli_tmp_dir("run");
	return *tmp_dir ? 0 : 1;
}

/* --gdb-server ...,vscode: a launch configuration that attaches to it. */
static int write_vscode(const struct session *s, const char *addr)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec maps = STRVEC_INIT;
	char *path = fs_join(s->ws.root_dir, ".vscode/launch.json");
	char *name = xasprintf("osdk: attach to %s", s->res.kernel_name);
	char *where = addr[0] == ':' ? xasprintf("localhost%s", addr)
				     : xstrdup(addr);
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
		cli_status("Wrote", "'%s' to %s: start it in VS Code's Run "
				    "and Debug view",
			   name, path);
	strvec_clear(&maps);
	free(path);
	free(name);
	free(where);
	return ret;
}

int cmd_run(int argc, char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct build_flags f = { 0 };
	const char *gdb_spec = NULL, *bundle_from = NULL;
	struct strvec pos = STRVEC_INIT, qargv = STRVEC_INIT;
	struct cov_flags cov = { 0 };
	char *cov_file = NULL;
	struct opt opts[] = {
		BUILD_FLAG_OPTS(&f),
		COV_OPTS(&cov),
		OPT_OPTSTR_("gdb-server", 0, &gdb_spec, "[SPEC]",
			    "start QEMU's gdb stub (see below)"),
		OPT_STR_("accel", 0, &f.accel, "WHICH",
			 "auto (KVM when /dev/kvm is usable), kvm or tcg"),
		PKG_OPT_PACKAGE(&f.pkg, "run kernel package NAME"),
		PKG_OPT_MANIFEST(&f.pkg),
		OPT_STR_("bundle", 0, &bundle_from, "DIR",
			 "boot the bundle osdk build -o DIR made; no build"),
		OPT_END_(),
	};
	struct bundle_dir bd = { 0 };
	char *qargs = NULL, *tmp_dir = NULL, *tdvf = NULL;
	struct qemu_opts qo = { 0 };
	struct accel_choice accel;
	struct session s;
	struct bundle b = { 0 };
	char *gdb_addr = NULL, *exit_file = NULL;
	struct qemu_end end;
	const char *outcome = "error"; /* for the run-finished record */
	bool vscode = false;
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
		ret = parse_gdb_spec(gdb_spec, &gdb_addr, &qo.gdb_wait,
				     &vscode);
		if (ret)
			goto out;
		qo.gdb_addr = gdb_addr;
	}
	if (bundle_from && vscode) {
		cli_error("--gdb-server's vscode writes into the workspace; it "
			  "cannot be used with --bundle");
		ret = EXIT_USAGE;
		goto out;
	}
	if (bundle_from && cov_flags_on(&cov)) {
		ret = cli_cov_no_bundle();
		goto out;
	}
	f.cov = &cov;
	if (bundle_from) {
		ret = boot_bundle_dir(&f, bundle_from, &bd, &b, &qargs,
				      &tmp_dir);
		if (ret)
			goto out;
		qo.qemu = bd.qemu;
		qo.args = qargs;
		/* What a UEFI or TDX boot of the bundle needs, as kept. */
		qo.ovmf_code = bd.ovmf_code;
		qo.ovmf_vars = bd.ovmf_vars;
		ret = cli_accel_for(f.accel ? f.accel : bd.accel, qargs, &accel);
		if (!ret)
			ret = cli_tdx_for(bd.confidential,
					  bundle_method_name(bd.method), bd.qemu,
					  bd.tdvf, &tdvf);
		qo.tdvf = tdvf;
		/* The bundle's directory may be read-only. */
		exit_file = fs_join(tmp_dir, "exit");
	} else {
		ret = cli_build(&f, CONFIG_RUN, &s);
		if (!ret)
			ret = cli_bundle(&s, &b);
		if (!ret)
			msg_image(&s, &b);
		if (!ret)
			ret = cli_accel(&s, &accel);
		if (!ret)
			ret = cli_tdx(&s, &tdvf);
		if (!ret && vscode)
			ret = write_vscode(&s, gdb_addr);
		qo.qemu = s.cfg.qemu_path;
		qo.args = s.cfg.qemu_args;
		qo.ovmf_code = s.cfg.ovmf_code;
		qo.ovmf_vars = s.cfg.ovmf_vars;
		qo.tdvf = tdvf;
		exit_file = b.kernel ? xasprintf("%s.exit", b.kernel) : NULL;
		if (!ret && s.cov && !(cov_file = cli_cov_stream(&s)))
			ret = 1;
	}
	if (ret)
		goto out;
	qo.accel = accel.qemu;
	qo.bundle = &b;
	qo.interactive = true;
	/* A record left by an earlier run must not be read as this one's. */
	if (remove(exit_file) && errno != ENOENT) {
		cli_error("could not remove '%s': %s", exit_file,
			  strerror(errno));
		ret = 1;
		goto out;
	}
	qo.exit_file = exit_file;
	qo.cov_file = cov_file;
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
				   bundle_method_name(b.method),
				   tdvf ? "KVM, TDX guest" : accel.name);
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
		outcome = "exit";
		break;
	case QEMU_END_PANIC:
	case QEMU_END_KTEST_PANIC:
		cli_error("the kernel panicked (its message is above)");
		ret = EXIT_PANIC;
		outcome = "panic";
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
	/* Whatever the kernel's code: a report fails the run only when it
	 * cannot be made. */
	if (cov_file && cli_cov_report(&s, cov_file) && ret == 0)
		ret = 1;
	if (msg_json) {
		cJSON *rec = msg_new("run-finished");

		cJSON_AddStringToObject(rec, "outcome", outcome);
		if (end.kind == QEMU_END_CODE)
			cJSON_AddNumberToObject(rec, "code", end.code);
		else if (end.kind != QEMU_END_PANIC &&
			 end.kind != QEMU_END_KTEST_PANIC && end.what)
			cJSON_AddStringToObject(rec, "why", end.what);
		cJSON_AddNumberToObject(rec, "exit_code", ret);
		msg_emit(rec);
	}
out:
	pkg_flags_release(&f.pkg);
	cov_flags_release(&cov);
	free(cov_file);
	bundle_release(&b);
	bundle_dir_release(&bd);
	if (tmp_dir)
		fs_remove_tree(tmp_dir, &err);
	free(tmp_dir);
	free(qargs);
	free(tdvf);
	session_release(&s);
	strvec_clear(&pos);
	strvec_clear(&qargv);
	free(gdb_addr);
	free(exit_file);
	return ret;
}
