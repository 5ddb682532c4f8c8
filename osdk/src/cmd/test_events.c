/* SPDX-License-Identifier: MIT */
/* test_events.c - osdk test's progress: each result, reboots, fail-fast. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "msg.h"
#include "util/xalloc.h"

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
		[KTEST_PASS] = "ok",	    [KTEST_FAIL] = "failed",
		[KTEST_PANIC] = "panicked", [KTEST_HUNG] = "hung",
		[KTEST_CRASH] = "crashed",
	};

	return (size_t)st < sizeof(words) / sizeof(words[0]) && words[st]
		       ? words[st]
		       : "failed";
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
	cJSON_AddNumberToObject(
		rec, "duration_s",
		(double)(long long)((mono_s() - t->started) * 1e6) / 1e6);
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

char *test_pkg_of(const char *name)
{
	const char *sep = strstr(name, "::");

	return xstrndup(name, sep ? (size_t)(sep - name) : strlen(name));
}

bool test_has(const struct strvec *sv, const char *s)
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
	pkg = test_pkg_of(r->name);
	if (!test_has(&t->failed_pkgs, pkg))
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
	pkg = test_pkg_of(name);
	go = test_has(&t->failed_pkgs, pkg);
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

struct ktest_events test_events(struct test_ctx *t)
{
	struct ktest_events ev = {
		.ctx = t,
		.result = on_result,
		.console = on_console,
		.boot = on_boot,
		.starting = on_starting,
	};

	return ev;
}

void test_ctx_release(struct test_ctx *t)
{
	strvec_clear(&t->failed_pkgs);
	if (t->where.v)
		ktest_list_release(&t->where);
}
