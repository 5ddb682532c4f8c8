/* SPDX-License-Identifier: MIT */
/* cli_cov.c - --coverage for run and test: what to instrument, the report. */
#include "cli_cov.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/build/flags.h"
#include "core/coverage/coverage.h"
#include "core/manifest/manifest.h"
#include "core/resolve/trust.h"
#include "core/resolve/workspace.h"
#include "msg.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/suggest.h"
#include "util/xalloc.h"

void cov_flags_release(struct cov_flags *c)
{
	strvec_clear(&c->packages);
	c->on = false;
}

int cli_cov_no_bundle(void)
{
	cli_error("--bundle boots a bundle already built; --coverage needs "
		  "a build of its own");
	return EXIT_USAGE;
}

/* The packages the build links: the kernel's graph for run, the targets'
 * for test. */
static bool *linked(const struct session *s, enum config_action action)
{
	const struct workspace *ws = &s->ws;
	bool *in = xcalloc(ws->npkgs ? ws->npkgs : 1, sizeof(bool));

	if (action == CONFIG_TEST || s->kernel < 0)
		for (size_t t = 0; t < ws->ntargets; t++)
			workspace_closure(ws, ws->targets[t], in);
	else
		workspace_closure(ws, (size_t)s->kernel, in);
	return in;
}

/* -p NAME of @c that the build does not hold: a usage error. */
static int unknown_pkg(const struct session *s, const bool *in,
		       const char *name)
{
	const char **cands = xcalloc(s->ws.npkgs + 1, sizeof(char *));
	const char *near;
	size_t n = 0;

	for (size_t p = 0; p < s->ws.npkgs; p++)
		if (in[p])
			cands[n++] = s->ws.pkgs[p].m->package.name;
	near = suggest_closest(name, cands);
	if (near)
		cli_error("--coverage-package '%s' is not a package of this "
			  "build; did you mean '%s'?",
			  name, near);
	else
		cli_error("--coverage-package '%s' is not a package of this "
			  "build",
			  name);
	free(cands);
	return EXIT_USAGE;
}

int cli_cov_select(const struct cov_flags *c, enum config_action action,
		   struct session *s)
{
	const struct workspace *ws = &s->ws;
	bool *in = linked(s, action);
	int ret = 0;

	free(s->cov);
	s->cov = xcalloc(ws->npkgs ? ws->npkgs : 1, sizeof(bool));
	for (size_t i = 0; i < c->packages.n && !ret; i++) {
		long p = workspace_find(ws, c->packages.v[i]);

		if (p < 0 || !in[p])
			ret = unknown_pkg(s, in, c->packages.v[i]);
		else
			s->cov[p] = true;
	}
	if (c->packages.n || ret)
		goto out;
	if (action == CONFIG_TEST) {
		for (size_t t = 0; t < ws->ntargets; t++)
			s->cov[ws->targets[t]] = true;
		goto out;
	}
	/* run: the services and the kernel, not the frame nor what came
	 * from a registry or git. */
	for (size_t p = 0; p < ws->npkgs; p++) {
		char *src = build_source_name(ws, p);

		s->cov[p] = in[p] && !src && !trust_pkg_trusted(ws, p);
		free(src);
	}
out:
	free(in);
	return ret;
}

char *cli_cov_stream(const struct session *s)
{
	char *path = fs_join(s->res.out_dir, "coverage.stream");

	if (remove(path) && errno != ENOENT) {
		cli_error("could not remove '%s': %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	return path;
}

static void on_command(void *ctx, const char *line)
{
	(void)ctx;
	if (cli_verbose)
		cli_status("Running", "`%s`", line);
}

static void emit(const struct cov_pkg_summary *v, const char *report)
{
	cJSON *rec = msg_new("coverage");

	cJSON_AddStringToObject(rec, "package", v->name);
	cJSON_AddNumberToObject(rec, "lines", (double)v->lines);
	cJSON_AddNumberToObject(rec, "lines_hit", (double)v->lines_hit);
	cJSON_AddNumberToObject(rec, "branches", (double)v->branches);
	cJSON_AddNumberToObject(rec, "branches_hit", (double)v->branches_hit);
	cJSON_AddStringToObject(rec, "report", report);
	msg_emit(rec);
}

int cli_cov_report(const struct session *s, const char *stream)
{
	struct osdk_err err = OSDK_ERR_INIT;
	const struct workspace *ws = &s->ws;
	struct cov_pkg *pkgs =
		xcalloc(ws->npkgs ? ws->npkgs : 1, sizeof(*pkgs));
	struct strvec own = STRVEC_INIT; /* the strings pkgs point to */
	struct cov_report_opts ro = { 0 };
	struct cov_collected got;
	struct cov_report rep = { 0 };
	char *dir = fs_join(s->res.out_dir, "coverage");
	int ret;

	ret = cov_collect(stream, s->res.out_dir, &got, &err);
	if (ret)
		goto out;
	if (!got.dumps)
		cli_warn("the kernel wrote no coverage counters (it did not "
			 "stop through the frame); the report shows none");
	if (got.partial)
		cli_warn("%u coverage dump%s cut short, left out", got.partial,
			 got.partial == 1 ? " was" : "s were");
	for (size_t p = 0; p < ws->npkgs; p++) {
		char *src;

		if (!s->cov[p])
			continue;
		src = build_source_name(ws, p);
		strvec_pushf(&own, "%s/%s/obj", s->res.out_dir,
			     ws->pkgs[p].m->package.name);
		pkgs[ro.npkgs].obj_dir = own.v[own.n - 1];
		if (src) {
			strvec_push(&own, src);
			pkgs[ro.npkgs].src_name = own.v[own.n - 1];
		}
		free(src);
		pkgs[ro.npkgs].name = ws->pkgs[p].m->package.name;
		pkgs[ro.npkgs].dir = ws->pkgs[p].dir;
		ro.npkgs++;
	}
	ro.pkgs = pkgs;
	ro.root_dir = ws->root_dir;
	ro.out_dir = dir;
	ro.command = on_command;
	ret = fs_mkdirs(dir, &err);
	if (!ret)
		ret = cov_report(&ro, &rep, &err);
	if (ret)
		goto out;
	for (size_t i = 0; i < rep.n; i++) {
		const struct cov_pkg_summary *v = &rep.v[i];

		cli_status("Coverage",
			   "%s %.1f%% lines %.1f%% branches (%lu/%lu lines, "
			   "%lu/%lu branches)",
			   v->name, cov_percent(v->lines_hit, v->lines),
			   cov_percent(v->branches_hit, v->branches),
			   v->lines_hit, v->lines, v->branches_hit,
			   v->branches);
		if (msg_json)
			emit(v, rep.html_index);
	}
	cli_status("Wrote", "the coverage report %s (lcov tracefile %s)",
		   rep.html_index, rep.tracefile);
out:
	if (ret)
		ret = cli_fail(&err);
	cov_report_release(&rep);
	strvec_clear(&own);
	free(pkgs);
	free(dir);
	return ret;
}
