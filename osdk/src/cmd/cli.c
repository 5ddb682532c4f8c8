/* SPDX-License-Identifier: MIT */
/* cli.c - option parsing, help, messages and the shared build flow. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_cov.h"
#include "core/boot/initramfs.h"
#include "core/boot/accel.h"
#include "core/boot/bundle_dir.h"
#include "core/boot/tdx.h"
#include "core/coverage/coverage.h"
#include "core/manifest/manifest.h"
#include "core/resolve/select.h"
#include "msg.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/xalloc.h"

bool cli_quiet;
bool cli_verbose;

static bool color(void)
{
	static int on = -1;

	if (on < 0)
		on = isatty(2) && !getenv("NO_COLOR");
	return on;
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, color() ? "\033[1;31mosdk: error:\033[0m " :
				  "osdk: error: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, color() ? "\033[1;33mosdk: warning:\033[0m " :
				  "osdk: warning: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_fail(const struct osdk_err *err)
{
	cli_error("%s", err->msg);
	return 1;
}

void cli_status(const char *verb, const char *fmt, ...)
{
	va_list ap;

	if (cli_quiet)
		return;
	if (color())
		fprintf(stderr, "\033[1;32m%12s\033[0m ", verb);
	else
		fprintf(stderr, "%12s ", verb);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const char *cli_datadir(void)
{
	const char *d = getenv("OSDK_DATADIR");

	return d && *d ? d : OSDK_DATADIR;
}

void cli_print_help(const struct cmd_help *h, const struct opt *opts)
{
	printf("%s\n\nUsage: osdk %s %s\n", h->summary, h->name, h->usage);
	if (h->details)
		printf("\n%s\n", h->details);
	printf("\nOptions:\n");
	for (const struct opt *o = opts; o && o->kind != OPT_END; o++) {
		char left[64];

		snprintf(left, sizeof(left), "%s%c%s--%s%s%s",
			 o->sname ? "-" : "   ", o->sname ? o->sname : ' ',
			 o->sname ? ", " : "", o->lname,
			 o->argname ? " " : "", o->argname ? o->argname : "");
		printf("  %-28s %s\n", left, o->help);
	}
	printf("  %-28s %s\n", "-h, --help", "print this help");
	if (h->examples)
		printf("\nExamples:\n%s", h->examples);
}

void (*cli_opts_hook)(void *ctx, const struct cmd_help *h,
		      const struct opt *opts);
void *cli_opts_ctx;

bool cli_parse(const struct cmd_help *h, const struct opt *opts, int argc,
	       char **argv, struct strvec *pos, struct strvec *rest, int *code)
{
	struct osdk_err err = OSDK_ERR_INIT;
	int ret;

	*code = 0;
	if (cli_opts_hook) {
		cli_opts_hook(cli_opts_ctx, h, opts);
		return true;
	}
	ret = opt_parse(h->name, opts, argc, argv, pos, rest, &err);
	if (ret == OPT_HELP) {
		cli_print_help(h, opts);
		return true;
	}
	if (ret) {
		cli_error("%s", err.msg);
		*code = EXIT_USAGE;
		return true;
	}
	return false;
}

int cli_start_dir(const struct pkg_flags *pf, char **dir)
{
	const char *mp = pf->manifest_path;
	const char *base;
	char cwd[4096], *abs, *slash;

	*dir = NULL;
	if (!mp) {
		if (!getcwd(cwd, sizeof(cwd))) {
			cli_error("could not get the current directory: %s",
				  strerror(errno));
			return 1;
		}
		*dir = xstrdup(cwd);
		return 0;
	}
	base = strrchr(mp, '/');
	base = base ? base + 1 : mp;
	if (fs_is_dir(mp)) {
		cli_error("--manifest-path '%s' is a directory; give the "
			  "manifest itself, '%s%sosdk.yaml'",
			  mp, mp, mp[strlen(mp) - 1] == '/' ? "" : "/");
		return EXIT_USAGE;
	}
	if (strcmp(base, "osdk.yaml") != 0) {
		cli_error("--manifest-path '%s' must name a file called "
			  "'osdk.yaml'",
			  mp);
		return EXIT_USAGE;
	}
	if (!fs_exists(mp)) {
		cli_error("--manifest-path '%s' does not exist", mp);
		return EXIT_USAGE;
	}
	abs = fs_abspath(mp);
	slash = strrchr(abs, '/');
	if (slash == abs)
		slash[1] = '\0';
	else
		*slash = '\0';
	*dir = abs;
	return 0;
}

int cli_load(const struct pkg_flags *pf, const struct workspace_opts *wo,
	     size_t max, struct workspace *ws)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct workspace_opts none = { 0 };
	struct ws_select sel = { 0 };
	char *dir = NULL;
	int ret;

	memset(ws, 0, sizeof(*ws));
	if (max && pf->packages.n > max) {
		cli_error("this command acts on one package; -p was given %zu "
			  "times",
			  pf->packages.n);
		return EXIT_USAGE;
	}
	if (pf->packages.n && pf->workspace) {
		cli_error("'--package' and '--workspace' cannot be used "
			  "together");
		return EXIT_USAGE;
	}
	if (pf->packages.n && pf->excludes.n) {
		cli_error("'--exclude' leaves packages out of the workspace "
			  "or the default selection; it cannot be used with "
			  "'--package'");
		return EXIT_USAGE;
	}
	ret = cli_start_dir(pf, &dir);
	if (ret)
		return ret;
	if (workspace_load_opts(dir, wo ? wo : &none, ws, &err)) {
		ret = cli_fail(&err);
		goto out;
	}
	sel.packages = (const char *const *)pf->packages.v;
	sel.npackages = pf->packages.n;
	sel.excludes = (const char *const *)pf->excludes.v;
	sel.nexcludes = pf->excludes.n;
	sel.workspace = pf->workspace;
	if (ws_select_apply(ws, &sel, &err)) {
		cli_error("%s", err.msg);
		ret = EXIT_USAGE;
	}
out:
	free(dir);
	return ret;
}

void pkg_flags_release(struct pkg_flags *pf)
{
	strvec_clear(&pf->packages);
	strvec_clear(&pf->excludes);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void ev_status(void *ctx, const char *verb, const char *subject)
{
	(void)ctx;
	cli_status(verb, "%s", subject);
}

const struct resolve_events cli_resolve_events = { NULL, ev_status };

static void ev_output(void *ctx, const char *text)
{
	(void)ctx;
	fputs(text, stderr);
}

static void ev_command(void *ctx, const char *line)
{
	(void)ctx;
	cli_status("Running", "`%s`", line);
}

static void ev_warning(void *ctx, const char *msg)
{
	(void)ctx;
	cli_warn("%s", msg);
}

/* With -v: where the time of the build went, step by step, in ms. */
static void print_times(const struct session *s)
{
	const struct build_times *t = &s->res.times;

	cli_status("Timing",
		   "resolution %.0f ms, check %.0f ms (beside compile; %u "
		   "file%s, %u remembered), compile %.0f ms, user images "
		   "%.0f ms, archive %.0f ms, link 1 %.0f ms, symbol table "
		   "%.0f ms, link 2 %.0f ms",
		   (s->resolved - s->started) * 1e3, t->check, t->checked,
		   t->checked == 1 ? "" : "s", t->remembered, t->compile,
		   t->images, t->archive, t->link1, t->ksyms, t->link2);
}

/* Validate the flags that do not depend on the manifest. */
static int check_flags(const struct build_flags *f, struct osdk_err *err)
{
	enum bundle_method m;

	if (f->target_arch && strcmp(f->target_arch, "x86_64") != 0)
		return err_set(err, -EINVAL,
			       "unsupported target architecture '%s'; osdk "
			       "supports x86_64",
			       f->target_arch);
	if (f->accel && accel_check_name(f->accel, err))
		return -EINVAL;
	if (msg_format_check(f->message_format, err))
		return -EINVAL;
	if (f->grub_protocol) {
		enum bundle_protocol p;

		if (bundle_protocol_parse(f->grub_protocol, &p, err))
			return -EINVAL;
	}
	if (f->boot_method)
		return bundle_method_parse(f->boot_method, &m, err);
	return 0;
}

int cli_accel(const struct session *s, struct accel_choice *out)
{
	return cli_accel_for(s->cfg.accel, s->cfg.qemu_args, out);
}

int cli_accel_for(const char *want, const char *args,
		  struct accel_choice *out)
{
	struct osdk_err err = OSDK_ERR_INIT;
	const char *dev = getenv("OSDK_KVM_DEVICE");

	if (accel_choose(want, args, dev && *dev ? dev : ACCEL_KVM_DEVICE,
			 accel_host_is_guest(), out, &err))
		return cli_fail(&err);
	if (out->why && cli_verbose)
		cli_status("Using", "TCG, not KVM: %s", out->why);
	return 0;
}

int cli_build(const struct build_flags *f, enum config_action action,
	      struct session *s)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct workspace_opts wo = { 0 };
	size_t kidx;
	int ret;

	memset(s, 0, sizeof(*s));
	s->kernel = -1;
	s->started = now_s();
	cli_quiet = f->quiet;
	cli_verbose = f->verbose;
	if (check_flags(f, &err)) {
		cli_fail(&err);
		return EXIT_USAGE; /* a bad flag value is a usage error */
	}
	if (f->message_format && !strcmp(f->message_format, "json"))
		msg_begin();
	wo.locked = f->locked;
	wo.offline = f->offline;
	wo.ev = &cli_resolve_events;
	ret = cli_load(&f->pkg, &wo, action == CONFIG_RUN ? 1 : 0, &s->ws);
	if (ret)
		return ret;

	ret = workspace_kernel(&s->ws, config_action_name(action), &kidx,
			       &err);
	if (ret == 0) {
		s->kernel = (long)kidx;
	} else if (action == CONFIG_BUILD && ret == -EINVAL) {
		/* Several kernels selected: the first here, the others
		 * through cli_build_kernel(). */
		s->several = true;
		for (size_t t = s->ws.ntargets; t-- > 0;)
			if (s->ws.pkgs[s->ws.targets[t]].m->package.type ==
			    MANIFEST_PKG_KERNEL)
				s->kernel = (long)s->ws.targets[t];
	} else if (action == CONFIG_RUN || ret != -ENOENT) {
		return cli_fail(&err);
	}
	return cli_build_kernel(f, action, s);
}

int cli_build_kernel(const struct build_flags *f, enum config_action action,
		     struct session *s)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct config_cli cc = { 0 };
	struct build_opts bo = { 0 };
	struct build_events ev = { NULL, ev_status, ev_output, ev_command,
				   ev_warning };
	const struct ws_pkg *cfg_pkg;
	size_t kidx = s->kernel >= 0 ? (size_t)s->kernel : 0;

	config_release(&s->cfg);
	build_result_release(&s->res);
	memset(&s->cfg, 0, sizeof(s->cfg));
	memset(&s->res, 0, sizeof(s->res));
	/* Settings come from the kernel, else the first target. */
	cfg_pkg = s->kernel >= 0 ? &s->ws.pkgs[s->kernel] :
		  s->ws.ntargets ? &s->ws.pkgs[s->ws.targets[0]] :
				   NULL;
	cc.scheme = f->scheme;
	cc.boot_method = f->boot_method;
	cc.grub_protocol = f->grub_protocol;
	cc.cmdline = f->kcmdline;
	cc.accel = f->accel;
	cc.initramfs = f->initramfs;
	cc.qemu_args = f->qemu_args;
	if (!cfg_pkg) {
		cli_error("no package to build here");
		return 1;
	}
	if (config_resolve(cfg_pkg->m, workspace_manifest(&s->ws), action, &cc,
			   &s->cfg, &err))
		return cli_fail(&err);

	s->resolved = now_s();
	bo.release = f->release;
	bo.ktest = action == CONFIG_TEST;
	bo.jobs = f->jobs > 0 ? f->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (bo.jobs < 1)
		bo.jobs = 1;
	bo.verbose = f->verbose;
	bo.cc = getenv("CC") && *getenv("CC") ? getenv("CC") : "cc";
	bo.ld = getenv("LD") && *getenv("LD") ? getenv("LD") : "ld";
	bo.ar = getenv("AR") && *getenv("AR") ? getenv("AR") : "ar";
	if (action == CONFIG_TEST) {
		/* One test kernel holds every target's tests. */
		bo.link = s->ws.targets;
		bo.nlink = s->ws.ntargets;
		bo.link_name = "ktest";
	} else if (s->kernel >= 0) {
		bo.link = (size_t *)&kidx;
		bo.nlink = 1;
		bo.link_name = s->ws.pkgs[kidx].m->package.name;
	}
	if (cov_flags_on(f->cov)) {
		int ret = cli_cov_select(f->cov, action, s);

		if (ret)
			return ret;
		if (cov_check_cc(bo.cc, &err))
			return cli_fail(&err);
		bo.coverage = s->cov;
	}
	if (build_run(&s->ws, &bo, &ev, &s->res, &err)) {
		msg_build(s, false);
		return cli_fail(&err);
	}
	msg_build(s, true);
	if (f->verbose)
		print_times(s);
	cli_status("Finished", "%s [%s] target(s) in %.2fs%s",
		   f->release ? "release" : "dev",
		   f->release ? "optimized + debuginfo" :
				"unoptimized + debuginfo",
		   now_s() - s->started,
		   s->res.compiled ? "" : " (nothing to compile)");
	return 0;
}

int cli_initramfs(struct session *s, char **path)
{
	struct osdk_err err = OSDK_ERR_INIT;
	const struct manifest_initramfs *spec = s->cfg.initramfs_spec;
	struct initramfs_opts o = { 0 };
	struct initramfs_result r;
	char *rel;
	int ret;

	*path = NULL;
	if (spec && spec->path && !fs_exists(spec->path)) {
		cli_error("%s:%d:%d: '%s' names '%s', which does not exist",
			  spec->file, spec->pos.line, spec->pos.col,
			  spec->field, spec->path);
		return 1;
	}
	if (s->cfg.initramfs && !fs_is_dir(s->cfg.initramfs)) {
		*path = xstrdup(s->cfg.initramfs);
		return 0;
	}
	if (!s->cfg.initramfs && !spec)
		return 0;
	o.spec = spec;
	o.dir = s->cfg.initramfs;
	o.gzip = !strcmp(s->cfg.initramfs_compress, "gzip");
	if (initramfs_epoch(&o.mtime, &err))
		return cli_fail(&err);
	*path = xasprintf("%s/%s.initramfs.cpio%s", s->res.out_dir,
			  s->res.kernel_name, o.gzip ? ".gz" : "");
	o.out = *path;
	ret = fs_mkdirs(s->res.out_dir, &err);
	if (!ret)
		ret = initramfs_make(&o, &r, &err);
	if (ret) {
		free(*path);
		*path = NULL;
		return cli_fail(&err);
	}
	rel = fs_relpath(*path, s->ws.root_dir);
	if (r.rebuilt)
		cli_status("Packed", "initramfs %s (%zu entries)", rel,
			   r.members);
	free(rel);
	return 0;
}

int cli_bundle(struct session *s, struct bundle *b)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct bundle_opts bo = { 0 };
	char *initramfs = NULL;
	double t;
	int ret;

	if (bundle_method_parse(s->cfg.boot_method, &bo.method, &err) ||
	    bundle_protocol_parse(s->cfg.grub_protocol, &bo.protocol, &err))
		return cli_fail(&err);
	t = now_s(); /* the initramfs is part of the bundle */
	ret = cli_initramfs(s, &initramfs);
	if (ret)
		return ret;
	bo.elf = s->res.kernel_elf;
	bo.name = s->res.kernel_name;
	bo.out_dir = s->res.out_dir;
	bo.cmdline = s->cfg.cmdline;
	bo.initramfs = initramfs;
	if (cli_verbose)
		cli_status("Cmdline", "kernel command line '%s'", bo.cmdline);
	ret = bundle_make(&bo, b, &err);
	if (cli_verbose)
		cli_status("Timing", "bundle %.0f ms", (now_s() - t) * 1e3);
	free(initramfs);
	if (ret)
		return cli_fail(&err);
	if (b->rebuilt)
		cli_status("Bundled", "%s", b->image);
	return 0;
}

void session_release(struct session *s)
{
	build_result_release(&s->res);
	config_release(&s->cfg);
	workspace_release(&s->ws);
	free(s->cov);
	s->cov = NULL;
}
