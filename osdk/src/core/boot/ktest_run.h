/* SPDX-License-Identifier: MIT */
/* ktest_run.h - booting a test kernel and collecting its ktest results. */
#ifndef OSDK_CORE_KTEST_RUN_H
#define OSDK_CORE_KTEST_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/boot/bundle.h"

struct osdk_err;

enum ktest_status {
	KTEST_PASS,
	KTEST_FAIL,  /* an assertion failed */
	KTEST_PANIC, /* the kernel panicked inside the test */
	KTEST_HUNG,  /* it ran past the timeout and was killed */
	KTEST_CRASH, /* the guest stopped during the test without a word */
};

/* What one test's output (ktest_result.output) and one console line keep at
 * most; the rest is dropped, and a line at the output's end says how much. */
#define KTEST_OUTPUT_MAX (1024 * 1024)
#define KTEST_LINE_MAX	 (64 * 1024)

struct ktest_result {
	int index;
	char *name; /* pkg::name */
	enum ktest_status status;
	char *message; /* why it failed, or NULL */
	char *output;  /* what the kernel printed during the test */
};

struct ktest_report {
	struct ktest_result *v;
	size_t n, cap;
	int registered; /* tests in the kernel, before filtering */
	unsigned boots;
	bool stopped; /* ktest_events.starting ended the run early */
};

struct ktest_events {
	void *ctx;
	void (*result)(void *ctx, const struct ktest_result *r);
	/* Console lines outside any test (boot messages, panics at boot). */
	void (*console)(void *ctx, const char *line);
	/* A new boot starts (resume after a panic or a hang). */
	void (*boot)(void *ctx, unsigned boot, int from);
	/* A test starts (may be NULL): false stops the run there, without a
	 * result for that test, and sets the report's `stopped`. */
	bool (*starting)(void *ctx, int index, const char *name);
};

struct ktest_opts {
	struct bundle_opts bundle; /* cmdline: the user's; ktest words added */
	const char *qemu;
	const char *qemu_args;
	const char *accel;  /* QEMU's -accel value, or NULL */
	const char *filter; /* or NULL */
	bool exact;	    /* the filter is a whole name, not a part */
	unsigned shard_k, shard_n; /* `ktest.shard=K/N` when shard_n */
	const char *ovmf_code, *ovmf_vars; /* grub-qcow2's firmware, or NULL */
	const char *tdvf; /* a TDX guest's firmware, or NULL */
	int timeout;	    /* seconds per test (and for the boot) */
	const char *cov_file; /* qemu_opts.cov_file: every boot appends */
};

/*
 * Boot the test kernel until every selected test has a result: a panic, a
 * hang or a crash fails that test and the kernel is booted again from the
 * next one. Returns 0 when the run completed (tests may have failed; see
 * the report), or a negative errno when it could not: QEMU missing, the
 * kernel never reached its tests, a malformed protocol line.
 */
int ktest_run(const struct ktest_opts *o, const struct ktest_events *ev,
	      struct ktest_report *rep, struct osdk_err *err);

void ktest_report_release(struct ktest_report *rep);

/* Counts of a report: passed and failed (everything not passing). */
void ktest_report_counts(const struct ktest_report *rep, size_t *passed,
			 size_t *failed);

const char *ktest_status_name(enum ktest_status s);

#endif
