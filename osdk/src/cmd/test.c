/* SPDX-License-Identifier: MIT */
/* test.c - osdk test: build a test kernel, run its ktests in QEMU. */
#include <stdint.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_cov.h"
#include "cmds.h"
#include "core/boot/accel.h"
#include "core/boot/bundle_dir.h"
#include "core/build/elf.h"
#include "core/boot/junit.h"
#include "core/boot/ktest_list.h"
#include "core/boot/ktest_run.h"
#include "msg.h"
#include "test_select.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/suggest.h"
#include "util/xalloc.h"

const struct cmd_help cmd_test_help = {
	.name = "test",
	.usage = "[OPTIONS] [FILTER]",
	.summary = "Run the package's kernel unit tests (KTEST) in QEMU",
	.details =
		"Builds a test kernel holding the KTEST cases of the current\n"
		"package (every member's, at a workspace root), boots it and\n"
		"reports each test. FILTER keeps the tests whose name "
		"(pkg::name)\n"
		"contains it; a FILTER that matches none is an error naming "
		"the\n"
		"closest tests. A test that panics or hangs fails alone: osdk "
		"boots\n"
		"the kernel again from the next test. A hang is a test still\n"
		"running after `test.timeout` seconds (default 60). The last "
		"line\n"
		"is `N passed, N failed`; the exit code is 1 if any failed.\n"
		"--list prints the names of the tests FILTER selects, one a "
		"line\n"
		"(pkg::name, in the order they run) without booting; --exact\n"
		"makes FILTER a whole name (pkg::name, or name) instead of a "
		"part.\n"
		"\n"
		"Tests run package by package. After a package with a failing\n"
		"test, the later packages' tests do not run (the summary says "
		"how\n"
		"many); --no-fail-fast runs them all and counts every result.\n"
		"The console output of a failing test is printed after the\n"
		"results; --show-output prints that of the passing tests too\n"
		"(-v shows the console outside tests, boot messages "
		"included).\n"
		"-p NAME tests package NAME (repeatable), --workspace every\n"
		"member, --exclude NAME leaves one out; --manifest-path "
		"starts\n"
		"from that osdk.yaml instead of the current directory's.\n"
		"--shard K/N runs the K-th of N slices: of the tests FILTER\n"
		"selects, in run order, every N-th from the K-th, so N CI jobs\n"
		"with shards 1/N .. N/N run each test exactly once (a shard may\n"
		"be empty; --list shows it).\n"
		"--junit FILE also writes the results as JUnit XML (one\n"
		"testsuite per package, a failure's message and file:line) for\n"
		"CI servers; it is written whenever the tests ran, failed or "
		"not.\n"
		"--coverage builds the packages under test instrumented and\n"
		"writes an lcov tracefile, an HTML report and a line and branch\n"
		"summary per package once the tests ran; --coverage-package\n"
		"NAME instruments NAME instead (repeatable). See\n"
		"docs/coverage.md.\n"
		"-o DIR also keeps the test kernel as a bundle in DIR (--no-run:\n"
		"without booting it); --bundle DIR runs the tests of such a\n"
		"bundle elsewhere, with no workspace and no build.",
	.examples = "  osdk test\n"
		    "  osdk test format         # only tests whose name has "
		    "'format'\n"
		    "  osdk test --list         # the test names, one a line\n"
		    "  osdk test --exact frame::heap_grows\n"
		    "  osdk test --qemu-args '-smp 4' -v\n"
		    "  osdk test -p mm -p fs --no-fail-fast\n"
		    "  osdk test --workspace --exclude frame --show-output\n"
		    "  osdk test --junit target/ktests.xml\n"
		    "  osdk test --shard 2/4    # the second of four CI jobs\n"
		    "  osdk test --coverage -p mm\n"
		    "  osdk test -o ktests --no-run && osdk test --bundle "
		    "ktests\n",
};

struct test_ctx {
	bool verbose;
	bool no_fail_fast;
	struct strvec failed_pkgs; /* packages with a failure, in order */
	double started;		   /* when the current test started */
	struct ktest_list where;   /* --message-format json: file and line */
};

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A test's result in records: "ok", "failed", "panicked", "hung", ... */
static const char *result_word(enum ktest_status st)
{
	static const char *const words[] = {
		[KTEST_PASS] = "ok",	     [KTEST_FAIL] = "failed",
		[KTEST_PANIC] = "panicked", [KTEST_HUNG] = "hung",
		[KTEST_CRASH] = "crashed",
	};

	return (size_t)st < sizeof(words) / sizeof(words[0]) && words[st] ?
		       words[st] :
		       "failed";
}

/* The KTEST's entry of "pkg::name" in @l, or NULL. */
static const struct ktest_entry *find_entry(const struct ktest_list *l,
					    const char *full)
{
	const char *sep = strstr(full, "::");
	size_t pl = sep ? (size_t)(sep - full) : 0;

	for (size_t i = 0; sep && i < l->n; i++)
		if (strlen(l->v[i].pkg) == pl &&
		    !strncmp(l->v[i].pkg, full, pl) &&
		    !strcmp(l->v[i].name, sep + 2))
			return &l->v[i];
	return NULL;
}

static void emit_test(const struct test_ctx *t, const struct ktest_result *r)
{
	const struct ktest_entry *e = find_entry(&t->where, r->name);
	cJSON *rec = msg_new("test");
	const char *sep = strstr(r->name, "::");
	char *pkg = xstrndup(r->name, sep ? (size_t)(sep - r->name) : 0);

	cJSON_AddStringToObject(rec, "name", r->name);
	cJSON_AddStringToObject(rec, "package", pkg);
	cJSON_AddStringToObject(rec, "result", result_word(r->status));
	/* As osdk saw it: from the test's run line to its result. */
	cJSON_AddNumberToObject(rec, "duration_s",
				(double)(long long)((mono_s() - t->started) *
						    1e6) /
					1e6);
	if (e) {
		cJSON_AddStringToObject(rec, "file", e->file);
		cJSON_AddNumberToObject(rec, "line", e->line);
	}
	if (r->status != KTEST_PASS) {
		cJSON_AddStringToObject(rec, "message",
					r->message ? r->message : "");
		cJSON_AddStringToObject(rec, "output",
					r->output ? r->output : "");
	}
	free(pkg);
	msg_emit(rec);
}

/* "pkg" of "pkg::name" (a copy). */
static char *pkg_of(const char *name)
{
	const char *sep = strstr(name, "::");

	return xstrndup(name, sep ? (size_t)(sep - name) : strlen(name));
}

static bool has(const struct strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return true;
	return false;
}

static void on_result(void *ctx, const struct ktest_result *r)
{
	struct test_ctx *t = ctx;
	char *pkg;

	printf("test %s ... %s\n", r->name, ktest_status_name(r->status));
	fflush(stdout);
	if (msg_json)
		emit_test(t, r);
	if (r->status == KTEST_PASS)
		return;
	pkg = pkg_of(r->name);
	if (!has(&t->failed_pkgs, pkg))
		strvec_push(&t->failed_pkgs, pkg);
	free(pkg);
}

/* Without --no-fail-fast, the tests of the packages after the first one
 * with a failure do not run (cargo stops after a failing test binary). */
static bool on_starting(void *ctx, int index, const char *name)
{
	struct test_ctx *t = ctx;
	char *pkg;
	bool go;

	(void)index;
	t->started = mono_s();
	if (t->no_fail_fast || !t->failed_pkgs.n)
		return true;
	pkg = pkg_of(name);
	go = has(&t->failed_pkgs, pkg);
	free(pkg);
	return go;
}

static void on_console(void *ctx, const char *line)
{
	struct test_ctx *t = ctx;

	if (t->verbose)
		fprintf(stderr, "%s\n", line);
}

static void on_boot(void *ctx, unsigned boot, int from)
{
	(void)ctx;
	cli_status("Rebooting", "the test kernel (boot %u) from test %d", boot,
		   from);
}

static void print_failures(const struct ktest_report *rep)
{
	bool any = false;

	for (size_t i = 0; i < rep->n; i++) {
		const struct ktest_result *r = &rep->v[i];

		if (r->status == KTEST_PASS)
			continue;
		if (!any)
			printf("\nfailures:\n");
		any = true;
		printf("\n---- %s (%s) ----\n", r->name,
		       ktest_status_name(r->status));
		/* A panic's message is a line of its console output already. */
		if (r->message && !(r->output && strstr(r->output, r->message)))
			printf("%s\n", r->message);
		if (r->output)
			printf("console:\n%s", r->output);
	}
	if (any) {
		printf("\nfailures:\n");
		for (size_t i = 0; i < rep->n; i++)
			if (rep->v[i].status != KTEST_PASS)
				printf("    %s\n", rep->v[i].name);
	}
}

/* --show-output: what each passing test printed, as failures show theirs. */
static void print_successes(const struct ktest_report *rep)
{
	bool any = false;

	for (size_t i = 0; i < rep->n; i++) {
		const struct ktest_result *r = &rep->v[i];

		if (r->status != KTEST_PASS)
			continue;
		if (!any)
			printf("\nsuccesses:\n");
		any = true;
		printf("\n---- %s ----\n", r->name);
		printf("console:\n%s", r->output ? r->output : "(nothing)\n");
	}
}

/* After a fail-fast stop: which selected tests did not run, by package. */
static void print_not_run(const char *elf, const struct ktest_select *sel,
			  const struct ktest_report *rep,
			  const struct test_ctx *tc)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec pkgs = STRVEC_INIT;
	struct ktest_list l;
	size_t selected = 0;
	bool *on;
	char *names;

	if (ktest_list_read(elf, &l, &err))
		return;
	on = xcalloc(l.n ? l.n : 1, sizeof(*on));
	ktest_list_select(&l, sel, on);
	for (size_t i = 0; i < l.n; i++) {
		bool ran = false;

		if (!on[i])
			continue;
		selected++;
		for (size_t k = 0; k < rep->n && !ran; k++) {
			const char *n = rep->v[k].name;
			size_t pl = strlen(l.v[i].pkg);

			ran = !strncmp(n, l.v[i].pkg, pl) &&
			      !strncmp(n + pl, "::", 2) &&
			      !strcmp(n + pl + 2, l.v[i].name);
		}
		if (!ran && !has(&pkgs, l.v[i].pkg))
			strvec_push(&pkgs, l.v[i].pkg);
	}
	free(on);
	ktest_list_release(&l);
	names = strvec_join(&pkgs);
	if (selected > rep->n)
		printf("\n%zu test%s not run (package%s %s): package '%s' "
		       "failed; --no-fail-fast runs every package's tests\n",
		       selected - rep->n, selected - rep->n == 1 ? "" : "s",
		       pkgs.n == 1 ? "" : "s", names, tc->failed_pkgs.v[0]);
	free(names);
	strvec_clear(&pkgs);
}

/* --junit: the results with where each test is defined, read from the
 * kernel's .ktest section (a test the list lacks has no location). */
static int write_junit(const char *path, const char *elf,
		       const struct ktest_report *rep)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct junit_case *v = xcalloc(rep->n ? rep->n : 1, sizeof(*v));
	struct strvec pkgs = STRVEC_INIT;
	struct ktest_list l = { 0 };
	int ret;

	/* Without the list the report still stands, only without locations. */
	if (ktest_list_read(elf, &l, &err))
		memset(&l, 0, sizeof(l));
	for (size_t i = 0; i < rep->n; i++) {
		const struct ktest_result *r = &rep->v[i];
		const char *sep = strstr(r->name, "::");
		char *pkg = pkg_of(r->name);

		strvec_push(&pkgs, pkg);
		free(pkg);
		v[i].pkg = pkgs.v[pkgs.n - 1];
		v[i].name = sep ? sep + 2 : r->name;
		v[i].failed = r->status != KTEST_PASS;
		v[i].kind = ktest_status_name(r->status);
		v[i].message = r->message;
		v[i].output = r->output;
		for (size_t k = 0; k < l.n; k++)
			if (!strcmp(l.v[k].pkg, v[i].pkg) &&
			    !strcmp(l.v[k].name, v[i].name)) {
				v[i].file = l.v[k].file;
				v[i].line = l.v[k].line;
				break;
			}
	}
	ret = junit_write(path, "osdk test", v, rep->n, &err);
	if (ret)
		ret = cli_fail(&err);
	if (l.v)
		ktest_list_release(&l);
	strvec_clear(&pkgs);
	free(v);
	return ret;
}

/* -o DIR: the test kernel and its initramfs copied into DIR, with what
 * osdk test --bundle DIR needs to run them elsewhere. */
static int keep_bundle(const char *dir, const struct session *s,
		       const struct bundle_opts *bo, const char *initramfs)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct bundle_dir bd = {
		.kind = BUNDLE_DIR_KTEST,
		.package = s->res.kernel_name,
		.method = bo->method,
		.protocol = bo->protocol,
		.confidential = s->cfg.confidential,
		.cmdline = s->cfg.cmdline,
		.qemu = s->cfg.qemu_path,
		.qemu_args = s->cfg.qemu_args,
		.accel = s->cfg.accel,
		.test_timeout = s->cfg.test_timeout,
	};
	char *elf = NULL, *ird = NULL;
	int ret = fs_mkdirs(dir, &err);

	if (!ret) {
		elf = fs_join(dir, strrchr(s->res.kernel_elf, '/') + 1);
		ret = fs_copy_file(s->res.kernel_elf, elf, &err);
	}
	if (!ret && initramfs) {
		const char *base = strrchr(initramfs, '/');

		ird = fs_join(dir, base ? base + 1 : initramfs);
		ret = fs_copy_file(initramfs, ird, &err);
	}
	bd.kernel = elf;
	bd.initramfs = ird;
	if (!ret)
		ret = bundle_dir_add_firmware(dir, &bd, s->cfg.ovmf_code,
					      s->cfg.ovmf_vars, s->cfg.tdvf,
					      &err);
	if (!ret)
		ret = bundle_dir_write(dir, &bd, &err);
	free(elf);
	free(ird);
	free(bd.ovmf_code);
	free(bd.ovmf_vars);
	free(bd.tdvf);
	if (ret)
		return cli_fail(&err);
	cli_status("Kept", "the test kernel in %s", dir);
	return 0;
}

int cmd_test(int argc, char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct build_flags f = { 0 };
	struct strvec pos = STRVEC_INIT;
	bool list = false, exact = false, show_output = false;
	const char *junit = NULL, *shard = NULL, *bundle_from = NULL;
	const char *out_dir = NULL, *elf;
	bool no_run = false;
	struct bundle_dir bd = { 0 };
	char *qargs = NULL, *tmp_dir = NULL, *tdvf = NULL;
	struct ktest_select sel = { 0 };
	struct test_ctx tc = { 0 };
	struct cov_flags cov = { 0 };
	char *cov_file = NULL;
	struct opt opts[] = {
		BUILD_FLAG_OPTS(&f),
		COV_OPTS(&cov),
		PKG_OPT_PACKAGE(&f.pkg, "test package NAME (repeatable)"),
		PKG_OPT_WORKSPACE(&f.pkg),
		PKG_OPT_MANIFEST(&f.pkg),
		OPT_FLAG_("no-fail-fast", 0, &tc.no_fail_fast,
			  "run every package's tests even after one failed"),
		OPT_FLAG_("show-output", 0, &show_output,
			  "print the console output of passing tests too"),
		OPT_FLAG_("list", 0, &list,
			  "print the selected tests' names and exit"),
		OPT_FLAG_("exact", 0, &exact,
			  "FILTER is a whole test name, not a part of one"),
		OPT_STR_("shard", 0, &shard, "K/N",
			 "run only the K-th of N slices of the tests"),
		OPT_STR_("junit", 0, &junit, "FILE",
			 "also write the results to FILE as JUnit XML"),
		OPT_STR_("output", 'o', &out_dir, "DIR",
			 "also keep the test kernel as a bundle in DIR"),
		OPT_FLAG_("no-run", 0, &no_run,
			  "build the test kernel, do not boot it"),
		OPT_STR_("bundle", 0, &bundle_from, "DIR",
			 "run the tests of the bundle osdk test -o DIR made"),
		OPT_STR_("accel", 0, &f.accel, "WHICH",
			 "auto (KVM when /dev/kvm is usable), kvm or tcg"),
		OPT_END_(),
	};
	struct ktest_opts ko = { 0 };
	struct accel_choice accel;
	struct ktest_report rep = { 0 };
	struct ktest_events ev = { &tc, on_result, on_console, on_boot,
				   on_starting };
	struct session s;
	char *initramfs = NULL;
	size_t passed, failed, chosen;
	int ret;

	memset(&s, 0, sizeof(s));
	if (cli_parse(&cmd_test_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	if (pos.n > 1) {
		cli_error("'osdk test' takes at most one filter, got '%s' and "
			  "'%s'",
			  pos.v[0], pos.v[1]);
		ret = EXIT_USAGE;
		goto out;
	}
	if (exact && !pos.n) {
		cli_error("'--exact' needs a FILTER: the test name to run");
		ret = EXIT_USAGE;
		goto out;
	}
	sel.filter = pos.n ? pos.v[0] : NULL;
	sel.exact = exact;
	if (shard && ktest_shard_parse(shard, &sel, &err)) {
		cli_error("%s", err.msg);
		ret = EXIT_USAGE;
		goto out;
	}
	tc.verbose = f.verbose;
	if (bundle_from && (out_dir || no_run)) {
		cli_error("--bundle runs a bundle already built; %s cannot be "
			  "used with it",
			  out_dir ? "-o" : "--no-run");
		ret = EXIT_USAGE;
		goto out;
	}
	if (bundle_from && cov_flags_on(&cov)) {
		ret = cli_cov_no_bundle();
		goto out;
	}
	f.cov = &cov;
	if (bundle_from) {
		ret = cli_bundle_load(&f, bundle_from, true, &bd);
		elf = bd.kernel;
	} else {
		ret = cli_build(&f, CONFIG_TEST, &s);
		elf = s.res.kernel_elf;
	}
	if (ret)
		goto out;
	if (list) {
		ret = test_list(elf, &sel);
		goto out;
	}
	if (bundle_from) {
		ko.bundle.method = bd.method;
		ko.bundle.name = bd.package;
		ko.bundle.cmdline = bd.cmdline;
		ko.bundle.initramfs = bd.initramfs;
		ko.qemu = bd.qemu;
		qargs = xasprintf("%s%s%s", bd.qemu_args ? bd.qemu_args : "",
				  bd.qemu_args && f.qemu_args ? " " : "",
				  f.qemu_args ? f.qemu_args : "");
		ko.qemu_args = qargs;
		ko.timeout = bd.test_timeout;
		/* What a UEFI or TDX boot of the bundle needs, as kept. */
		ko.bundle.protocol = bd.protocol;
		ko.ovmf_code = bd.ovmf_code;
		ko.ovmf_vars = bd.ovmf_vars;
		/* Each boot's image goes here: the bundle may be read-only. */
		tmp_dir = cli_tmp_dir("test");
		ret = tmp_dir ? cli_accel_for(f.accel ? f.accel : bd.accel,
					      qargs, &accel)
			      : 1;
		if (!ret)
			ret = cli_tdx_for(bd.confidential,
					  bundle_method_name(bd.method), bd.qemu,
					  bd.tdvf, &tdvf);
		if (ret)
			goto out;
		ko.tdvf = tdvf;
		ko.bundle.out_dir = tmp_dir;
	} else {
		if (bundle_method_parse(s.cfg.boot_method, &ko.bundle.method,
					&err) ||
		    bundle_protocol_parse(s.cfg.grub_protocol,
					  &ko.bundle.protocol, &err)) {
			ret = cli_fail(&err);
			goto out;
		}
		ko.bundle.name = s.res.kernel_name;
		ko.bundle.out_dir = s.res.out_dir;
		ko.bundle.cmdline = s.cfg.cmdline;
		ret = cli_initramfs(&s, &initramfs);
		if (!ret && out_dir)
			ret = keep_bundle(out_dir, &s, &ko.bundle, initramfs);
		if (ret || no_run)
			goto out;
		ko.bundle.initramfs = initramfs;
		ko.qemu = s.cfg.qemu_path;
		ko.qemu_args = s.cfg.qemu_args;
		ko.ovmf_code = s.cfg.ovmf_code;
		ko.ovmf_vars = s.cfg.ovmf_vars;
		ko.timeout = s.cfg.test_timeout;
		ret = cli_accel(&s, &accel);
		if (!ret)
			ret = cli_tdx(&s, &tdvf);
		if (ret)
			goto out;
		ko.tdvf = tdvf;
		if (s.cov && !(cov_file = cli_cov_stream(&s))) {
			ret = 1;
			goto out;
		}
		ko.cov_file = cov_file;
	}
	ko.bundle.elf = elf;
	ko.filter = sel.filter;
	ko.exact = exact;
	ko.shard_k = sel.shard_k;
	ko.shard_n = sel.shard_n;
	ko.accel = accel.qemu;
	if (msg_json && ktest_list_read(elf, &tc.where, &err))
		memset(&tc.where, 0, sizeof(tc.where)); /* no file:line then */
	cli_status("Running", "ktests in %s (%s, %s)", elf,
		   bundle_method_name(ko.bundle.method), accel.name);
	fflush(stderr);
	if (ktest_run(&ko, &ev, &rep, &err)) {
		print_failures(&rep);
		ret = cli_fail(&err);
		if (junit)
			write_junit(junit, elf, &rep);
		goto out;
	}
	ktest_report_counts(&rep, &passed, &failed);
	if (show_output)
		print_successes(&rep);
	print_failures(&rep);
	if (rep.stopped)
		print_not_run(elf, &sel, &rep, &tc);
	/* One summary: the counts once, in the line CI greps for. */
	putchar('\n');
	if (ko.filter && shard && rep.registered > (int)rep.n)
		printf("%zu filtered out by '%s' and shard %s\n",
		       (size_t)rep.registered - rep.n, ko.filter, shard);
	else if ((ko.filter || shard) && rep.registered > (int)rep.n)
		printf("%zu filtered out by %s%s%s\n",
		       (size_t)rep.registered - rep.n, shard ? "shard " : "'",
		       shard ? shard : ko.filter, shard ? "" : "'");
	printf("%zu passed, %zu failed\n", passed, failed);
	ret = failed ? 1 : 0;
	/* A shard may be empty; a filter that matches nothing is an error. */
	if (!rep.n && !failed && ko.filter &&
	    (!shard || !test_filter_matches(elf, &sel, &chosen))) {
		test_no_match(elf, ko.filter);
		ret = 1;
	} else if (!rep.n && !failed && shard) {
		cli_status("Shard", "%s holds none of the selected tests", shard);
	} else if (!rep.n && !failed) {
		cli_warn("the kernel has no tests");
	}
	if (junit && write_junit(junit, elf, &rep))
		ret = 1;
	if (cov_file && cli_cov_report(&s, cov_file))
		ret = 1;
	if (msg_json) {
		cJSON *rec = msg_new("test-summary");

		test_filter_matches(elf, &sel, &chosen);
		cJSON_AddNumberToObject(rec, "passed", passed);
		cJSON_AddNumberToObject(rec, "failed", failed);
		cJSON_AddNumberToObject(rec, "filtered_out",
					rep.registered > (int)chosen ?
						rep.registered - (int)chosen :
						0);
		cJSON_AddNumberToObject(rec, "not_run",
					chosen > rep.n ? chosen - rep.n : 0);
		cJSON_AddNumberToObject(rec, "boots", rep.boots);
		cJSON_AddBoolToObject(rec, "success", ret == 0);
		msg_emit(rec);
	}
out:
	pkg_flags_release(&f.pkg);
	cov_flags_release(&cov);
	free(cov_file);
	strvec_clear(&tc.failed_pkgs);
	bundle_dir_release(&bd);
	if (tmp_dir)
		fs_remove_tree(tmp_dir, &err);
	free(tmp_dir);
	free(qargs);
	free(tdvf);
	if (tc.where.v)
		ktest_list_release(&tc.where);
	free(initramfs);
	ktest_report_release(&rep);
	session_release(&s);
	strvec_clear(&pos);
	return ret;
}
