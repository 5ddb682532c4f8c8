/* SPDX-License-Identifier: MIT */
/* test_check.c - the framekernel checker against its fixture packages. */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "core/build/build.h"
#include "core/check/check.h"
#include "core/manifest/manifest.h"
#include "core/resolve/trust.h"
#include "core/resolve/workspace.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/strvec.h"
#include "util/xalloc.h"

/*
 * osdk/tests/check is a workspace: a fake frame, one package per rule with
 * the violations the checker must find, and packages of allowed constructs
 * it must accept. Each package's `expected` file lists, one per line,
 * "PATH:LINE:COL RULE-ID TEXT", TEXT being part of the message. The check
 * must report exactly those, nothing more.
 */

static struct {
	bool tried, ok;
	char *dir;
	struct workspace ws;
	char *cc_include;
	struct checker *ck;
} fx;

static void fx_release(void)
{
	check_free(fx.ck);
	workspace_release(&fx.ws);
	free(fx.cc_include);
	free(fx.dir);
}

/* Load the fixture workspace once; false (after a failed check) if not. */
static bool fx_load(void)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct check_opts co = { "cc", NULL, NULL, false, NULL };
	const char *data = getenv("OSDK_TEST_DATA");
	char *rel;

	if (fx.tried)
		return fx.ok;
	fx.tried = true;
	atexit(fx_release);
	if (data) {
		rel = fs_join(data, "../check");
	} else {
		char *self = xstrdup(__FILE__);

		*strrchr(self, '/') = '\0';
		rel = fs_join(self, "../check");
		free(self);
	}
	fx.dir = fs_abspath(rel);
	free(rel);
	if (workspace_load(fx.dir, &fx.ws, &err)) {
		UNIT_FAIL("loading the fixtures: %s", err.msg);
		return false;
	}
	if (build_cc_include("cc", &fx.cc_include, &err)) {
		UNIT_FAIL("asking cc for its headers: %s", err.msg);
		return false;
	}
	co.cc_include = fx.cc_include;
	if (check_new(&fx.ws, &co, &fx.ck, &err)) {
		UNIT_FAIL("starting the checker: %s", err.msg);
		return false;
	}
	fx.ok = true;
	return true;
}

static long fx_pkg(const char *name)
{
	long p = workspace_find(&fx.ws, name);

	if (p < 0)
		UNIT_FAIL("no fixture package '%s'", name);
	return p;
}

/*
 * Check every source of package p, as the build would compile it, or with
 * the prelude's -include taken out (to show the rules do not lean on the
 * poisoning).
 */
static void run_pkg(size_t p, bool prelude, struct check_report *rep)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct build_cflags_opts co = { fx.cc_include, false, false };
	struct strvec flags = STRVEC_INIT, used = STRVEC_INIT;
	struct strvec srcs = STRVEC_INIT;

	CHECK_INT(build_pkg_cflags(&fx.ws, p, &co, &flags, &err), 0);
	for (size_t i = 0; i < flags.n; i++) {
		if (!prelude && strcmp(flags.v[i], "-include") == 0) {
			i++;
			continue;
		}
		strvec_push(&used, flags.v[i]);
	}
	CHECK_INT(build_pkg_sources(&fx.ws, p, &srcs, &err), 0);
	for (size_t i = 0; i < srcs.n; i++)
		CHECK_INT(check_file(fx.ck, p, srcs.v[i], &used, rep, &err), 0);
	CHECK_INT(rep->files, srcs.n);
	check_report_sort(rep);
	strvec_clear(&flags);
	strvec_clear(&used);
	strvec_clear(&srcs);
}

/* One diagnostic as the expected files write it, path relative to dir. */
static char *diag_key(const struct check_diag *d, const char *dir)
{
	char *rel = fs_relpath(d->path, dir);
	char *key = xasprintf("%s:%u:%u %s", rel, d->line, d->col,
			      check_rule_info(d->rule)->id);

	free(rel);
	return key;
}

/* Compare a report with the package's `expected` file. */
static void compare(size_t p, const struct check_report *rep, bool texts)
{
	const char *dir = fx.ws.pkgs[p].dir;
	char *path = fs_join(dir, "expected");
	struct strbuf sb = STRBUF_INIT;
	bool *seen = xcalloc(rep->n + 1, sizeof(bool));
	const char *name = fx.ws.pkgs[p].m->package.name;

	CHECK_INT(fs_read(path, &sb, NULL), 0);
	for (char *line = sb.buf, *nl; *line; line = nl + 1) {
		char *sp, *text, *want;
		size_t i;

		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line) - 1;
		*nl = '\0';
		if (!*line || *line == '#')
			continue;
		/* "path:l:c RULE text": the key is up to the second blank. */
		sp = strchr(line, ' ');
		sp = sp ? strchr(sp + 1, ' ') : NULL;
		text = sp ? sp + 1 : NULL;
		want = sp ? xstrndup(line, (size_t)(sp - line)) : xstrdup(line);
		for (i = 0; i < rep->n; i++) {
			char *key = diag_key(&rep->v[i], dir);
			bool hit = !seen[i] && strcmp(key, want) == 0;

			free(key);
			if (hit)
				break;
		}
		if (i == rep->n) {
			UNIT_FAIL("%s: expected '%s' was not reported", name,
				  line);
		} else {
			seen[i] = true;
			if (texts && text && !strstr(rep->v[i].msg, text))
				UNIT_FAIL("%s: '%s': message '%s' lacks '%s'",
					  name, want, rep->v[i].msg, text);
		}
		free(want);
	}
	for (size_t i = 0; i < rep->n; i++) {
		if (!seen[i]) {
			char *key = diag_key(&rep->v[i], dir);

			UNIT_FAIL("%s: unexpected '%s: %s'", name, key,
				  rep->v[i].msg);
			free(key);
		}
	}
	free(seen);
	free(path);
	strbuf_release(&sb);
}

/* Check a fixture package with and without the prelude. */
static void check_fixture(const char *name)
{
	struct check_report with = CHECK_REPORT_INIT;
	struct check_report without = CHECK_REPORT_INIT;
	long p;

	if (!fx_load() || (p = fx_pkg(name)) < 0)
		return;
	run_pkg((size_t)p, true, &with);
	compare((size_t)p, &with, true);
	run_pkg((size_t)p, false, &without);
	compare((size_t)p, &without, false);
	check_report_release(&with);
	check_report_release(&without);
}

UNIT(fk_asm_fixture)
{
	check_fixture("fk-asm");
}

UNIT(fk_volatile_fixture)
{
	check_fixture("fk-volatile");
}

UNIT(fk_int_to_ptr_fixture)
{
	check_fixture("fk-int-to-ptr");
}

UNIT(fk_ptr_to_int_fixture)
{
	check_fixture("fk-ptr-to-int");
}

UNIT(fk_ptr_cast_fixture)
{
	check_fixture("fk-ptr-cast");
}

UNIT(fk_fn_cast_fixture)
{
	check_fixture("fk-fn-cast");
}

UNIT(fk_vla_fixture)
{
	check_fixture("fk-vla");
}

UNIT(fk_include_fixture)
{
	check_fixture("fk-include");
}

UNIT(fk_internal_fixture)
{
	check_fixture("fk-internal");
}

UNIT(fk_unbounded_fixture)
{
	check_fixture("fk-unbounded");
}

UNIT(fk_user_fixture)
{
	check_fixture("fk-user");
}

UNIT(fk_private_fixture)
{
	check_fixture("fk-private");
}

UNIT(fk_copy_fixture)
{
	check_fixture("fk-copy");
}

UNIT(fk_parse_fixture)
{
	check_fixture("fk-parse");
}

UNIT(claimed_trust_is_checked)
{
	check_fixture("fake-trusted");
}

UNIT(allowed_casts_pass)
{
	check_fixture("ok-casts");
}

UNIT(allowed_macros_pass)
{
	check_fixture("ok-macros");
}

UNIT(allowed_includes_pass)
{
	check_fixture("ok-includes");
}

UNIT(helper_packages_pass)
{
	check_fixture("ring");
	check_fixture("deeper");
	check_fixture("dep");
	check_fixture("other");
}

UNIT(service_macro_named_in_hint)
{
	struct check_report rep = CHECK_REPORT_INIT;
	long p;
	bool found = false;

	if (!fx_load() || (p = fx_pkg("fk-int-to-ptr")) < 0)
		return;
	run_pkg((size_t)p, true, &rep);
	for (size_t i = 0; i < rep.n; i++) {
		if (rep.v[i].line != 26)
			continue;
		found = true;
		CHECK_HAS(rep.v[i].hint, "macro 'FK_LAPIC'");
	}
	CHECK(found);
	check_report_release(&rep);
}

UNIT(every_rule_has_a_stable_id)
{
	static const char *const ids[] = {
		"FK-ASM",      "FK-VOLATILE",  "FK-INT-TO-PTR", "FK-PTR-TO-INT",
		"FK-PTR-CAST", "FK-FN-CAST",   "FK-VLA",	"FK-INCLUDE",
		"FK-INTERNAL", "FK-UNBOUNDED", "FK-USER",	"FK-PRIVATE",
		"FK-COPY",     "FK-PARSE",
	};

	CHECK_INT(sizeof(ids) / sizeof(ids[0]), CHECK_NRULES);
	for (int r = 0; r < CHECK_NRULES; r++) {
		const struct check_rule_info *ri = check_rule_info(r);

		CHECK_STR(ri->id, ids[r]);
		CHECK_INT(check_rule_by_id(ri->id), r);
		CHECK(ri->title && *ri->title);
		CHECK(ri->hint && *ri->hint && !strchr(ri->hint, '\n'));
	}
	CHECK_INT(check_rule_by_id("FK-NOPE"), -1);
}

UNIT(diagnostic_format_is_two_lines)
{
	struct check_diag d = { CHECK_ASM, "/ws/svc/src/a.c",		7,
				2,	   "inline assembly statement", NULL };
	struct strbuf sb = STRBUF_INIT;

	check_diag_format(&d, "/ws", &sb);
	CHECK_STR(sb.buf, "svc/src/a.c:7:2: error[FK-ASM]: inline assembly "
			  "statement\n    hint: only the frame may contain "
			  "assembly; call the frame API that does this, or "
			  "ask for one\n");
	strbuf_reset(&sb);
	d.hint = "do this instead";
	check_diag_format(&d, "/elsewhere", &sb);
	CHECK_STR(sb.buf, "/ws/svc/src/a.c:7:2: error[FK-ASM]: inline "
			  "assembly statement\n    hint: do this instead\n");
	strbuf_release(&sb);
}

UNIT(report_sorts_and_keeps_the_first_per_place)
{
	struct check_report r = CHECK_REPORT_INIT;

	r.files = 2;
	check_report_add(&r, CHECK_VLA, "/b.c", 3, 1, NULL, "late");
	check_report_add(&r, CHECK_ASM, "/a.c", 9, 4, NULL, "first");
	check_report_add(&r, CHECK_ASM, "/a.c", 9, 4, NULL, "second");
	check_report_add(&r, CHECK_VOLATILE, "/a.c", 9, 4, NULL, "other");
	check_report_add(&r, CHECK_ASM, "/a.c", 2, 8, NULL, "early");
	check_report_sort(&r);
	CHECK_INT(r.n, 4);
	CHECK_INT(r.files, 2);
	if (r.n == 4) {
		CHECK_STR(r.v[0].msg, "early");
		CHECK_STR(r.v[1].msg, "first");
		CHECK_STR(r.v[2].msg, "other");
		CHECK_STR(r.v[3].msg, "late");
	}
	check_report_release(&r);
	CHECK_INT(r.n, 0);
}

UNIT(prelude_goes_to_untrusted_packages_only)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct build_cflags_opts co = { "/cc/include", true, false };
	struct strvec svc = STRVEC_INIT, frame = STRVEC_INIT;
	long s, f;
	bool has = false;

	if (!fx_load() || (s = fx_pkg("ok-casts")) < 0 ||
	    (f = fx_pkg("frame")) < 0)
		return;
	CHECK_INT(build_pkg_cflags(&fx.ws, (size_t)s, &co, &svc, &err), 0);
	CHECK_INT(build_pkg_cflags(&fx.ws, (size_t)f, &co, &frame, &err), 0);
	for (size_t i = 0; i + 1 < svc.n; i++)
		if (strcmp(svc.v[i], "-include") == 0) {
			has = true;
			CHECK_HAS(svc.v[i + 1],
				  "/frame/include/frame/prelude.h");
		}
	CHECK(has);
	for (size_t i = 0; i < frame.n; i++)
		CHECK(strcmp(frame.v[i], "-include") != 0);
	/* The frame's private sources are not on a service's path. */
	for (size_t i = 0; i < svc.n; i++)
		CHECK(!strstr(svc.v[i], "/frame/src"));
	CHECK(trust_pkg_trusted(&fx.ws, (size_t)f));
	CHECK(!trust_pkg_trusted(&fx.ws, (size_t)fx_pkg("fake-trusted")));
	strvec_clear(&svc);
	strvec_clear(&frame);
}

UNIT_MAIN()
