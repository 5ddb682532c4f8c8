/* SPDX-License-Identifier: MIT */
/* test.c - osdk test: build a test kernel, run its ktests in QEMU. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "msg.h"
#include "test_select.h"
#include "util/err.h"

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

/*
 * The command line into @a (its FILTER in a->pos); false to go on, true
 * when the command must stop with *@code: help printed, or a usage error.
 */
static bool parse_args(int argc, char **argv, struct test_args *a,
		       int *code)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct opt opts[] = {
		BUILD_FLAG_OPTS(&a->f),
		COV_OPTS(&a->cov),
		PKG_OPT_PACKAGE(&a->f.pkg, "test package NAME (repeatable)"),
		PKG_OPT_WORKSPACE(&a->f.pkg),
		PKG_OPT_MANIFEST(&a->f.pkg),
		OPT_FLAG_("no-fail-fast", 0, &a->no_fail_fast,
			  "run every package's tests even after one failed"),
		OPT_FLAG_("show-output", 0, &a->show_output,
			  "print the console output of passing tests too"),
		OPT_FLAG_("list", 0, &a->list,
			  "print the selected tests' names and exit"),
		OPT_FLAG_("exact", 0, &a->sel.exact,
			  "FILTER is a whole test name, not a part of one"),
		OPT_STR_("shard", 0, &a->shard, "K/N",
			 "run only the K-th of N slices of the tests"),
		OPT_STR_("junit", 0, &a->junit, "FILE",
			 "also write the results to FILE as JUnit XML"),
		OPT_STR_("output", 'o', &a->out_dir, "DIR",
			 "also keep the test kernel as a bundle in DIR"),
		OPT_FLAG_("no-run", 0, &a->no_run,
			  "build the test kernel, do not boot it"),
		OPT_STR_("bundle", 0, &a->bundle_from, "DIR",
			 "run the tests of the bundle osdk test -o DIR made"),
		OPT_STR_("accel", 0, &a->f.accel, "WHICH",
			 "auto (KVM when /dev/kvm is usable), kvm or tcg"),
		OPT_END_(),
	};

	if (cli_parse(&cmd_test_help, opts, argc, argv, &a->pos, NULL, code))
		return true;
	*code = EXIT_USAGE;
	if (a->pos.n > 1) {
		cli_error("'osdk test' takes at most one filter, got '%s' and "
			  "'%s'",
			  a->pos.v[0], a->pos.v[1]);
		return true;
	}
	if (a->sel.exact && !a->pos.n) {
		cli_error("'--exact' needs a FILTER: the test name to run");
		return true;
	}
	a->sel.filter = a->pos.n ? a->pos.v[0] : NULL;
	if (a->shard && ktest_shard_parse(a->shard, &a->sel, &err)) {
		cli_error("%s", err.msg);
		return true;
	}
	if (a->bundle_from && (a->out_dir || a->no_run)) {
		cli_error("--bundle runs a bundle already built; %s cannot be "
			  "used with it",
			  a->out_dir ? "-o" : "--no-run");
		return true;
	}
	if (a->bundle_from && cov_flags_on(&a->cov)) {
		*code = cli_cov_no_bundle();
		return true;
	}
	return false;
}

/*
 * Boot the test kernel @elf as @tb says, until every selected test has a
 * result, and report them: the summary, the coverage report, the record.
 * 0, or the exit code.
 */
static int run_tests(const struct test_args *a, const struct session *s,
		     struct test_boot *tb, const char *elf)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct test_ctx tc = {
		.verbose = a->f.verbose,
		.no_fail_fast = a->no_fail_fast,
	};
	struct ktest_events ev = test_events(&tc);
	struct ktest_opts *ko = &tb->ko;
	struct ktest_report rep = { 0 };
	int ret;

	ko->bundle.elf = elf;
	ko->filter = a->sel.filter;
	ko->exact = a->sel.exact;
	ko->shard_k = a->sel.shard_k;
	ko->shard_n = a->sel.shard_n;
	ko->accel = tb->accel.qemu;
	if (msg_json && ktest_list_read(elf, &tc.where, &err))
		memset(&tc.where, 0, sizeof(tc.where)); /* no file:line then */
	cli_status("Running", "ktests in %s (%s, %s)", elf,
		   bundle_method_name(ko->bundle.method), tb->accel.name);
	fflush(stderr);
	if (ktest_run(ko, &ev, &rep, &err)) {
		test_print_failures(&rep);
		ret = cli_fail(&err);
		if (a->junit)
			test_write_junit(a->junit, elf, &rep);
		goto out;
	}
	ret = test_summarise(a, elf, &tc, &rep);
	if (tb->cov_file && cli_cov_report(s, tb->cov_file))
		ret = 1;
	if (msg_json)
		test_emit_summary(elf, &a->sel, &rep, ret == 0);
out:
	ktest_report_release(&rep);
	test_ctx_release(&tc);
	return ret;
}

int cmd_test(int argc, char **argv)
{
	struct test_args a = { 0 };
	struct test_boot tb = { 0 };
	struct session s;
	const char *elf;
	int ret;

	memset(&s, 0, sizeof(s));
	if (parse_args(argc, argv, &a, &ret))
		goto out;
	a.f.cov = &a.cov;
	if (a.bundle_from) {
		ret = cli_bundle_load(&a.f, a.bundle_from, true, &tb.bd);
		elf = tb.bd.kernel;
	} else {
		ret = cli_build(&a.f, CONFIG_TEST, &s);
		elf = s.res.kernel_elf;
	}
	if (ret)
		goto out;
	if (a.list) {
		ret = test_list(elf, &a.sel);
		goto out;
	}
	if (a.bundle_from) {
		ret = test_boot_from_bundle(&a.f, &tb);
	} else {
		ret = test_image_from_build(&a, &s, &tb);
		if (ret || a.no_run)
			goto out;
		ret = test_qemu_from_build(&s, &tb);
	}
	if (!ret)
		ret = run_tests(&a, &s, &tb, elf);
out:
	pkg_flags_release(&a.f.pkg);
	cov_flags_release(&a.cov);
	strvec_clear(&a.pos);
	test_boot_release(&tb);
	session_release(&s);
	return ret;
}
