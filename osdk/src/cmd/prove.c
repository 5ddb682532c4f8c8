/* SPDX-License-Identifier: MIT */
/* prove.c - osdk prove: the package's contracts proved with Frama-C WP. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"
#include "core/manifest/manifest.h"
#include "core/prove/prove.h"
#include "util/err.h"

const struct cmd_help cmd_prove_help = {
	.name = "prove",
	.usage = "[OPTIONS] [PACKAGE]",
	.summary = "Prove the contracts of a package's C sources",
	.details =
		"Runs Frama-C's WP plugin, with -wp-rte, on the sources the\n"
		"package lists under prove.files (only the functions of\n"
		"prove.functions, when given), preprocessed with the flags "
		"the\n"
		"build uses, and discharges the goals with the provers of\n"
		"prove.provers (default z3 and cvc4) through Why3, bounded by\n"
		"prove.steps. Prints per function the goals proved out of the "
		"total\n"
		"and by which prover, the functions whose contracts are "
		"assumed,\n"
		"and a summary. Exits 1 when a goal is not proved, naming the\n"
		"function, the kind of goal and its file and line. A file's "
		"result\n"
		"is cached under target/osdk/prove, keyed on its preprocessed "
		"text,\n"
		"the arguments and the tools' versions. Without PACKAGE: the\n"
		"package in the current directory, or every member with a "
		"prove\n"
		"section. See docs/prove.md.",
	.examples = "  osdk prove\n"
		    "  osdk prove frame --file src/mm/buddy_logic.c\n"
		    "  osdk prove --message-format json | jq .proved\n",
};

static void on_status(void *ctx, const char *verb, const char *subject)
{
	(void)ctx;
	cli_status(verb, "%s", subject);
}

static void print_text(const struct prove_report *r, bool verbose)
{
	for (size_t i = 0; i < r->nfns; i++) {
		const struct prove_fn *f = &r->fns[i];

		if (!verbose && f->goals == f->proved && r->nfns > 40)
			continue;
		printf("%-28s %4u/%-4u %s%s\n", f->name, f->proved, f->goals,
		       f->goals == f->proved ? "" : "UNPROVED ", f->provers);
	}
	if (r->assumed.n) {
		printf("assumed:");
		for (size_t i = 0; i < r->assumed.n; i++)
			printf("%s %s", i ? "," : "", r->assumed.v[i]);
		printf("\n");
	}
	for (size_t i = 0; i < r->nfails; i++) {
		const struct prove_fail *f = &r->fails[i];

		if (f->line > 0)
			fprintf(stderr,
				"osdk: error: %s:%d: %s: %s not proved (%s): "
				"%s\n",
				f->file, f->line, f->function, f->kind,
				f->status, f->property);
		else /* a lemma: the report gives no line */
			fprintf(stderr, "osdk: error: %s: %s not proved\n",
				f->file, f->function);
	}
	if (r->proved < r->goals && !r->nfails)
		fprintf(stderr, "osdk: error: %u goal%s not proved\n",
			r->goals - r->proved,
			r->goals - r->proved == 1 ? "" : "s");
}

static cJSON *report_json(const struct prove_report *r)
{
	cJSON *o = cJSON_CreateObject(), *a;

	cJSON_AddStringToObject(o, "package", r->package);
	cJSON_AddNumberToObject(o, "goals", r->goals);
	cJSON_AddNumberToObject(o, "proved", r->proved);
	cJSON_AddNumberToObject(o, "files", r->files);
	cJSON_AddNumberToObject(o, "cached", r->cached);
	cJSON_AddNumberToObject(o, "seconds", r->seconds);
	a = cJSON_AddArrayToObject(o, "functions");
	for (size_t i = 0; i < r->nfns; i++) {
		cJSON *f = cJSON_CreateObject();

		cJSON_AddStringToObject(f, "name", r->fns[i].name);
		cJSON_AddStringToObject(f, "file", r->fns[i].file);
		cJSON_AddNumberToObject(f, "goals", r->fns[i].goals);
		cJSON_AddNumberToObject(f, "proved", r->fns[i].proved);
		cJSON_AddStringToObject(f, "provers", r->fns[i].provers);
		cJSON_AddItemToArray(a, f);
	}
	a = cJSON_AddArrayToObject(o, "unproved");
	for (size_t i = 0; i < r->nfails; i++) {
		cJSON *f = cJSON_CreateObject();

		cJSON_AddStringToObject(f, "function", r->fails[i].function);
		cJSON_AddStringToObject(f, "kind", r->fails[i].kind);
		cJSON_AddStringToObject(f, "file", r->fails[i].file);
		cJSON_AddNumberToObject(f, "line", r->fails[i].line);
		cJSON_AddStringToObject(f, "status", r->fails[i].status);
		cJSON_AddStringToObject(f, "property", r->fails[i].property);
		cJSON_AddItemToArray(a, f);
	}
	a = cJSON_AddArrayToObject(o, "assumed");
	for (size_t i = 0; i < r->assumed.n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(r->assumed.v[i]));
	return o;
}

/* The packages to prove: PACKAGE, or the targets with a prove section. */
static int pick(const struct workspace *ws, const char *name, size_t *out,
		size_t *n)
{
	*n = 0;
	if (name) {
		long i = workspace_find(ws, name);

		if (i < 0) {
			cli_error("no package named '%s' in this workspace",
				  name);
			return EXIT_USAGE;
		}
		out[(*n)++] = (size_t)i;
		return 0;
	}
	for (size_t i = 0; i < ws->ntargets; i++)
		if (ws->pkgs[ws->targets[i]].m->prove.set || ws->ntargets == 1)
			out[(*n)++] = ws->targets[i];
	if (!*n) {
		cli_error("no package here has a prove section; see 'osdk "
			  "help prove'");
		return 1;
	}
	return 0;
}

int cmd_prove(int argc, char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec pos = STRVEC_INIT;
	struct workspace ws = WORKSPACE_INIT;
	struct prove_opts po = { 0 };
	struct prove_events ev = { on_status, NULL };
	const char *format = "human";
	bool verbose = false;
	struct opt opts[] = {
		OPT_STR_("file", 0, &po.file, "F",
			 "only this one of the package's prove.files"),
		OPT_INT_("timeout", 0, &po.timeout, "S",
			 "seconds per goal, a backstop to prove.steps"),
		OPT_INT_("jobs", 'j', &po.jobs, "N",
			 "prover processes at once (default 2)"),
		OPT_FLAG_("no-cache", 0, &po.no_cache,
			  "prove again what the cache holds"),
		OPT_STR_("message-format", 0, &format, "FMT",
			 "human or json (one object on stdout)"),
		OPT_FLAG_("verbose", 'v', &verbose, "every function's line"),
		OPT_END_(),
	};
	size_t *pkgs = NULL, npkgs = 0;
	cJSON *all = NULL;
	char cwd[4096];
	int ret;

	if (cli_parse(&cmd_prove_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	if (pos.n > 1) {
		cli_error("unexpected argument '%s' for 'osdk prove'",
			  pos.v[1]);
		ret = EXIT_USAGE;
		goto out;
	}
	if (strcmp(format, "human") && strcmp(format, "json")) {
		cli_error("unknown message format '%s'; expected 'human' or "
			  "'json'",
			  format);
		ret = EXIT_USAGE;
		goto out;
	}
	if (po.timeout < 0 || po.jobs < 0) {
		cli_error("--timeout and --jobs take a positive number");
		ret = EXIT_USAGE;
		goto out;
	}
	ret = 1;
	if (!getcwd(cwd, sizeof(cwd))) {
		cli_error("could not get the current directory: %s",
			  strerror(errno));
		goto out;
	}
	if (workspace_load(cwd, &ws, &err)) {
		ret = cli_fail(&err);
		goto out;
	}
	pkgs = calloc(ws.npkgs + 1, sizeof(*pkgs));
	ret = pick(&ws, pos.n ? pos.v[0] : NULL, pkgs, &npkgs);
	if (ret)
		goto out;
	if (!strcmp(format, "json"))
		all = cJSON_CreateArray();
	for (size_t i = 0; i < npkgs; i++) {
		struct prove_report r;

		if (prove_package(&ws, pkgs[i], &po, all ? NULL : &ev, &r,
				  &err)) {
			prove_report_release(&r);
			ret = cli_fail(&err);
			goto out;
		}
		if (all)
			cJSON_AddItemToArray(all, report_json(&r));
		else
			print_text(&r, verbose);
		if (r.proved < r.goals || r.nfails)
			ret = 1;
		if (!all)
			cli_status(r.proved == r.goals ? "Proved" : "Failed",
				   "%s: %u/%u goals in %.1fs%s", r.package,
				   r.proved, r.goals, r.seconds,
				   r.cached ? " (cached)" : "");
		prove_report_release(&r);
	}
	if (all) {
		char *text = cJSON_Print(npkgs == 1 ? cJSON_GetArrayItem(all, 0)
						    : all);

		printf("%s\n", text);
		cJSON_free(text);
	}
out:
	cJSON_Delete(all);
	free(pkgs);
	workspace_release(&ws);
	strvec_clear(&pos);
	return ret;
}
