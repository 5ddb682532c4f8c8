/* SPDX-License-Identifier: MIT */
/* profile.c - osdk profile: where the running kernel spends its time. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"
#include "core/boot/accel.h"
#include "core/boot/bundle.h"
#include "core/boot/gdb.h"
#include "core/boot/qemu.h"
#include "core/build/elf.h"
#include "core/build/tools.h"
#include "core/profile/profile.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/proc.h"
#include "util/xalloc.h"

const struct cmd_help cmd_profile_help = {
	.name = "profile",
	.usage = "[OPTIONS]",
	.summary = "Sample where the running kernel spends its time",
	.details =
		"Builds and boots the kernel as `osdk run` does (its console "
		"on\n"
		"stderr, no input), and every --interval milliseconds stops "
		"its\n"
		"CPUs through QEMU's gdb stub, takes each vCPU's stack by its\n"
		"frame pointers, names the frames from the kernel's symbols "
		"and\n"
		"lets it run again, until --samples rounds, --duration "
		"seconds\n"
		"or the kernel's end; then QEMU is stopped. --remote ADDR "
		"samples\n"
		"a kernel already running under `osdk run --gdb-server` "
		"instead\n"
		"and leaves it running. --cpu-mask picks vCPUs (bit N: vCPU "
		"N).\n"
		"\n"
		"Writes, in -o DIR (default target/osdk/profile): "
		"profile.folded\n"
		"(one `frame;frame;... count` line per stack, as flame graph\n"
		"tools read), profile.json (stacks and per-function counts) "
		"and\n"
		"profile.svg, a flame graph to open in a browser: click a "
		"frame\n"
		"to zoom, Search to highlight functions. Prints the hottest\n"
		"functions: self (on top of the stack) and total (anywhere in\n"
		"it). User code counts as [user], early boot code as [boot].",
	.examples =
		"  osdk profile\n"
		"  osdk profile --samples 1000 --interval 5\n"
		"  osdk profile --duration 10 --cpu-mask 0x1\n"
		"  osdk run --gdb-server addr=:1234 &  osdk profile --remote "
		":1234\n",
};

struct prof_flags {
	unsigned samples, interval_ms;
	double duration_s;
	uint64_t cpu_mask;
	const char *remote, *out_dir;
};

/* A positive whole number of at most @max, or a usage error. */
static int parse_count(const char *what, const char *s, unsigned long max,
		       unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 0);
	if (!*s || *end || errno || *out < 1 || *out > max || *s == '-') {
		cli_error("%s must be a whole number from 1 to %lu, not '%s'",
			  what, max, s);
		return EXIT_USAGE;
	}
	return 0;
}

static int parse_flags(const char *samples, const char *interval,
		       const char *duration, const char *mask,
		       struct prof_flags *pf)
{
	unsigned long v;
	char *end;

	pf->samples = 200;
	pf->interval_ms = 10;
	if (samples) {
		if (parse_count("--samples", samples, 10000000, &v))
			return EXIT_USAGE;
		pf->samples = (unsigned)v;
	}
	if (interval) {
		if (parse_count("--interval", interval, 60000, &v))
			return EXIT_USAGE;
		pf->interval_ms = (unsigned)v;
	}
	if (duration) {
		pf->duration_s = strtod(duration, &end);
		if (!*duration || *end || !(pf->duration_s > 0) ||
		    pf->duration_s > 86400) {
			cli_error("--duration must be seconds, more than 0 and "
				  "at most 86400, not '%s'",
				  duration);
			return EXIT_USAGE;
		}
		if (!samples)
			pf->samples = 0; /* the duration decides */
	}
	if (mask) {
		errno = 0;
		pf->cpu_mask = strtoull(mask, &end, 0);
		if (!*mask || *end || errno || !pf->cpu_mask || *mask == '-') {
			cli_error("--cpu-mask must be a non-zero bit mask such "
				  "as 0x3, not '%s'",
				  mask);
			return EXIT_USAGE;
		}
	}
	return 0;
}

/* The hottest functions, as a table on stdout. */
static void print_top(const struct profile *p, size_t top)
{
	struct profile_fn *fns;
	size_t n;

	profile_functions(p, &fns, &n);
	printf("%7s %7s  %s\n", "self", "total", "function");
	for (size_t i = 0; i < n && i < top; i++)
		printf("%6.2f%% %6.2f%%  %s\n",
		       100.0 * (double)fns[i].self / (double)p->samples,
		       100.0 * (double)fns[i].total / (double)p->samples,
		       fns[i].name);
	profile_functions_release(fns, n);
}

static int write_all(const struct profile *p, const char *dir, const char *elf,
		     const char *title)
{
	struct osdk_err err = OSDK_ERR_INIT;
	char *folded = fs_join(dir, "profile.folded");
	char *json = fs_join(dir, "profile.json");
	char *svg = fs_join(dir, "profile.svg");
	int ret = fs_mkdirs(dir, &err);

	if (!ret)
		ret = profile_write_folded(p, folded, &err);
	if (!ret)
		ret = profile_write_json(p, elf, json, &err);
	if (!ret)
		ret = profile_write_svg(p, title, svg, &err);
	if (ret)
		ret = cli_fail(&err);
	else
		cli_status("Wrote", "%s, %s and %s", folded, json, svg);
	free(folded);
	free(json);
	free(svg);
	return ret;
}

/* Sample the stub at @addr; the kernel's symbols come from @elf. */
static int sample(const struct prof_flags *pf, const char *addr,
		  const char *elf, const char *out_dir)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct profile_opts po = { 0 };
	struct elf_syms syms = { 0 };
	struct profile p;
	char *title;
	int ret;

	if (elf_read_functions(elf, &syms, &err))
		return cli_fail(&err);
	po.addr = addr;
	po.samples = pf->samples;
	po.interval_ms = pf->interval_ms;
	po.duration_s = pf->duration_s;
	po.cpu_mask = pf->cpu_mask;
	ret = profile_run(&po, &syms, &p, &err);
	elf_syms_release(&syms);
	if (ret)
		return cli_fail(&err);
	cli_status(
		"Sampled", "%zu stacks in %u rounds over %.1f s (%u vCPU%s)%s",
		p.samples, p.rounds, p.seconds, p.cpus, p.cpus == 1 ? "" : "s",
		p.target_ended ? "; the kernel ended first" : "");
	title = xasprintf("osdk profile of %s", elf);
	ret = write_all(&p, out_dir, elf, title);
	if (!ret)
		print_top(&p, 15);
	free(title);
	profile_release(&p);
	return ret;
}

/* Boot the session's kernel with a gdb stub on a socket in @tmp. */
static int boot(struct session *s, const char *tmp, struct bundle *b,
		struct proc *pr, char **sock)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct qemu_opts qo = { 0 };
	struct proc_opts po = PROC_OPTS_INIT;
	struct strvec qargv = STRVEC_INIT;
	struct accel_choice accel;
	char *tdvf = NULL;
	int ret = cli_bundle(s, b);

	if (!ret)
		ret = cli_accel(s, &accel);
	if (!ret)
		ret = cli_tdx(s, &tdvf);
	if (ret)
		return ret;
	*sock = fs_join(tmp, "gdb.sock");
	qo.qemu = s->cfg.qemu_path;
	qo.args = s->cfg.qemu_args;
	qo.ovmf_code = s->cfg.ovmf_code;
	qo.ovmf_vars = s->cfg.ovmf_vars;
	qo.tdvf = tdvf;
	qo.accel = accel.qemu;
	qo.bundle = b;
	qo.gdb_addr = *sock;
	if (tools_require(qo.qemu, "boot the kernel", &err) ||
	    qemu_argv(&qo, &qargv, &err)) {
		strvec_clear(&qargv);
		free(tdvf);
		return cli_fail(&err);
	}
	free(tdvf);
	po.stdin_null = true;
	po.out_fd = STDERR_FILENO; /* the console is not the profile */
	ret = proc_spawn(strvec_argv(&qargv), &po, pr);
	strvec_clear(&qargv);
	if (ret) {
		cli_error("could not start '%s': %s", qo.qemu, strerror(-ret));
		return 1;
	}
	/* QEMU makes the socket once it is up. */
	for (int i = 0; i < 300 && !fs_exists(*sock); i++) {
		if (waitpid(pr->pid, NULL, WNOHANG) == pr->pid) {
			cli_error("QEMU ended before its gdb stub was up");
			pr->pid = -1;
			return 1;
		}
		usleep(20000);
	}
	cli_status("Profiling", "%s (%s)", b->image ? b->image : b->kernel,
		   accel.name);
	return 0;
}

int cmd_profile(int argc, char **argv)
{
	struct build_flags f = { 0 };
	struct strvec pos = STRVEC_INIT;
	const char *samples = NULL, *interval = NULL, *duration = NULL;
	const char *mask = NULL;
	struct prof_flags pf = { 0 };
	struct opt opts[] = {
		BUILD_FLAG_OPTS(&f),
		OPT_STR_("samples", 0, &samples, "N",
			 "rounds to take (default 200)"),
		OPT_STR_("interval", 0, &interval, "MS",
			 "milliseconds between rounds (default 10)"),
		OPT_STR_("duration", 0, &duration, "S",
			 "stop after S seconds (instead of --samples)"),
		OPT_STR_("cpu-mask", 0, &mask, "MASK",
			 "sample only these vCPUs (bit N: vCPU N)"),
		OPT_STR_("remote", 0, &pf.remote, "ADDR",
			 "sample a kernel running with --gdb-server ADDR"),
		OPT_STR_("output", 'o', &pf.out_dir, "DIR",
			 "write the profile into DIR"),
		OPT_STR_("accel", 0, &f.accel, "WHICH",
			 "auto (KVM when /dev/kvm is usable), kvm or tcg"),
		PKG_OPT_PACKAGE(&f.pkg, "profile kernel package NAME"),
		PKG_OPT_MANIFEST(&f.pkg),
		OPT_END_(),
	};
	struct osdk_err err = OSDK_ERR_INIT;
	struct session s;
	struct bundle b = { 0 };
	struct proc pr = { .pid = -1 };
	char *tmp = NULL, *sock = NULL, *out = NULL;
	int ret;

	memset(&s, 0, sizeof(s));
	if (cli_parse(&cmd_profile_help, opts, argc, argv, &pos, NULL, &ret))
		goto done;
	if (pos.n) {
		cli_error("unexpected argument '%s' for 'osdk profile'",
			  pos.v[0]);
		ret = EXIT_USAGE;
		goto done;
	}
	ret = parse_flags(samples, interval, duration, mask, &pf);
	if (!ret && pf.remote && gdb_check_addr(pf.remote, "--remote", &err)) {
		cli_error("%s", err.msg);
		ret = EXIT_USAGE;
	}
	if (ret)
		goto done;
	ret = cli_build(&f, CONFIG_RUN, &s);
	if (ret)
		goto done;
	out = pf.out_dir ? xstrdup(pf.out_dir)
			 : xasprintf("%s/target/osdk/profile", s.ws.root_dir);
	if (pf.remote) {
		ret = sample(&pf, pf.remote, s.res.kernel_elf, out);
		goto done;
	}
	tmp = cli_tmp_dir("profile");
	ret = tmp ? boot(&s, tmp, &b, &pr, &sock) : 1;
	if (!ret)
		ret = sample(&pf, sock, s.res.kernel_elf, out);
done:
	if (pr.pid > 0) {
		int status;

		kill(pr.pid, SIGTERM);
		proc_wait(&pr, &status);
	}
	if (tmp)
		fs_remove_tree(tmp, &err);
	bundle_release(&b);
	session_release(&s);
	pkg_flags_release(&f.pkg);
	strvec_clear(&pos);
	free(tmp);
	free(sock);
	free(out);
	return ret;
}
