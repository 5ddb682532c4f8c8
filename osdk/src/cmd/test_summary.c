/* SPDX-License-Identifier: MIT */
/* test_summary.c - osdk test's report once the ktests ran: text, JUnit,
 * the test-summary record. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/boot/junit.h"
#include "msg.h"
#include "test_select.h"
#include "util/err.h"
#include "util/xalloc.h"

void test_print_failures(const struct ktest_report *rep)
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
		if (!ran && !test_has(&pkgs, l.v[i].pkg))
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

/* The results with where each test is defined, read from the kernel's
 * .ktest section (a test the list lacks has no location). */
int test_write_junit(const char *path, const char *elf,
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
		char *pkg = test_pkg_of(r->name);

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

/* The counts once, in the line CI greps for, after what the filter and
 * the shard left out; a filter that matches nothing is an error. */
static int print_counts(const struct test_args *a, const char *elf,
			const struct ktest_report *rep)
{
	const char *filter = a->sel.filter, *shard = a->shard;
	size_t passed, failed, chosen;
	int ret;

	ktest_report_counts(rep, &passed, &failed);
	putchar('\n');
	if (filter && shard && rep->registered > (int)rep->n)
		printf("%zu filtered out by '%s' and shard %s\n",
		       (size_t)rep->registered - rep->n, filter, shard);
	else if ((filter || shard) && rep->registered > (int)rep->n)
		printf("%zu filtered out by %s%s%s\n",
		       (size_t)rep->registered - rep->n, shard ? "shard " : "'",
		       shard ? shard : filter, shard ? "" : "'");
	printf("%zu passed, %zu failed\n", passed, failed);
	ret = failed ? 1 : 0;
	/* A shard may be empty; a filter that matches nothing is an error. */
	if (!rep->n && !failed && filter &&
	    (!shard || !test_filter_matches(elf, &a->sel, &chosen))) {
		test_no_match(elf, filter);
		ret = 1;
	} else if (!rep->n && !failed && shard) {
		cli_status("Shard", "%s holds none of the selected tests",
			   shard);
	} else if (!rep->n && !failed) {
		cli_warn("the kernel has no tests");
	}
	return ret;
}

int test_summarise(const struct test_args *a, const char *elf,
		   const struct test_ctx *tc, const struct ktest_report *rep)
{
	int ret;

	if (a->show_output)
		print_successes(rep);
	test_print_failures(rep);
	if (rep->stopped)
		print_not_run(elf, &a->sel, rep, tc);
	ret = print_counts(a, elf, rep);
	if (a->junit && test_write_junit(a->junit, elf, rep))
		ret = 1;
	return ret;
}

void test_emit_summary(const char *elf, const struct ktest_select *sel,
		       const struct ktest_report *rep, bool success)
{
	cJSON *rec = msg_new("test-summary");
	size_t passed, failed, chosen;

	ktest_report_counts(rep, &passed, &failed);
	test_filter_matches(elf, sel, &chosen);
	cJSON_AddNumberToObject(rec, "passed", passed);
	cJSON_AddNumberToObject(rec, "failed", failed);
	cJSON_AddNumberToObject(rec, "filtered_out",
				rep->registered > (int)chosen
					? rep->registered - (int)chosen
					: 0);
	cJSON_AddNumberToObject(rec, "not_run",
				chosen > rep->n ? chosen - rep->n : 0);
	cJSON_AddNumberToObject(rec, "boots", rep->boots);
	cJSON_AddBoolToObject(rec, "success", success);
	msg_emit(rec);
}
