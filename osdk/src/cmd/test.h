/* SPDX-License-Identifier: MIT */
/* test.h - osdk test's parts: its boot set-up, progress and summary. */
#ifndef OSDK_CMD_TEST_H
#define OSDK_CMD_TEST_H

#include <stdbool.h>

#include "cli.h"
#include "cli_cov.h"
#include "core/boot/accel.h"
#include "core/boot/bundle_dir.h"
#include "core/boot/ktest_list.h"
#include "core/boot/ktest_run.h"
#include "util/strvec.h"

/* What osdk test's command line asks, once parsed. */
struct test_args {
	struct build_flags f;
	struct cov_flags cov;
	struct strvec pos;	 /* the FILTER, when there is one */
	struct ktest_select sel; /* FILTER, --exact and --shard */
	const char *shard;	 /* --shard as written, or NULL */
	const char *junit;	 /* --junit FILE, or NULL */
	const char *out_dir;	 /* -o DIR, or NULL */
	const char *bundle_from; /* --bundle DIR, or NULL */
	bool list, show_output, no_run, no_fail_fast;
};

/*
 * How the test kernel boots, and what that set-up owns (test_boot.c).
 * Zero-initialised; test_boot_release() frees it and removes tmp_dir.
 */
struct test_boot {
	struct ktest_opts ko;
	struct accel_choice accel;
	struct bundle_dir bd; /* --bundle DIR's description */
	char *qargs;	      /* --bundle: its QEMU args, then --qemu-args */
	char *tmp_dir;	      /* --bundle: each boot's image (it may be
			       * read-only) */
	char *tdvf;
	char *initramfs;
	char *cov_file;
};

/*
 * test_boot_from_bundle() - @tb->ko from the bundle already read into
 * @tb->bd as it was kept (firmware, a TDX guest's checked on this host),
 * with --qemu-args and --accel of @f. 0, or an exit code after printing
 * why.
 */
int test_boot_from_bundle(const struct build_flags *f, struct test_boot *tb);

/*
 * test_image_from_build() - the bundle options of @tb->ko from the
 * session's settings and the initramfs; with -o DIR, the test kernel kept
 * there as a bundle. 0, or an exit code after printing why.
 */
int test_image_from_build(const struct test_args *a, struct session *s,
			  struct test_boot *tb);

/*
 * test_qemu_from_build() - the rest of @tb->ko from the session: QEMU,
 * firmware, timeout, the accelerator, a TDX guest's firmware and, for
 * --coverage, the stream the kernel writes. 0, or an exit code after
 * printing why.
 */
int test_qemu_from_build(struct session *s, struct test_boot *tb);

void test_boot_release(struct test_boot *tb);

/* What the run's callbacks share; zero-initialised, test_ctx_release()d. */
struct test_ctx {
	bool verbose;
	bool no_fail_fast;
	struct strvec failed_pkgs; /* packages with a failure, in order */
	double started;		   /* when the current test started */
	struct ktest_list where;   /* --message-format json: file and line */
};

/*
 * test_events() - the callbacks that print each result as it comes (and
 * its test record with --message-format json), show the console with -v,
 * announce reboots and, without --no-fail-fast, stop after the package
 * with the first failure (test_events.c). @t is their context.
 */
struct ktest_events test_events(struct test_ctx *t);

void test_ctx_release(struct test_ctx *t);

/* test_pkg_of() - "pkg" of "pkg::name", or the whole of @name (a copy). */
char *test_pkg_of(const char *name);

/* test_has() - whether @s is one of @sv's strings. */
bool test_has(const struct strvec *sv, const char *s);

/* test_print_failures() - each failed test's message and console output,
 * then their names (test_summary.c). */
void test_print_failures(const struct ktest_report *rep);

/*
 * test_write_junit() - --junit: @rep as JUnit XML in @path, with where
 * each test is defined in @elf. 0, or 1 after printing why not.
 */
int test_write_junit(const char *path, const char *elf,
		     const struct ktest_report *rep);

/*
 * test_summarise() - after a complete run: the output of passing tests
 * (--show-output) and of failing ones, what a fail-fast stop left out,
 * the counts, and the JUnit file. 1 when a test failed, a filter matched
 * nothing or the file could not be written, else 0.
 */
int test_summarise(const struct test_args *a, const char *elf,
		   const struct test_ctx *tc, const struct ktest_report *rep);

/* test_emit_summary() - the test-summary record of --message-format json;
 * @success is what osdk exits with. */
void test_emit_summary(const char *elf, const struct ktest_select *sel,
		       const struct ktest_report *rep, bool success);

#endif
