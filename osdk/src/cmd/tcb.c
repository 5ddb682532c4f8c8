/* SPDX-License-Identifier: MIT */
/* tcb.c - osdk tcb: how much of the kernel is trusted code. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmds.h"
#include "core/manifest/manifest.h"
#include "core/check/tcb.h"
#include "util/err.h"

const struct cmd_help cmd_tcb_help = {
	.name = "tcb",
	.usage = "[OPTIONS]",
	.summary = "Measure the trusted computing base of the kernel",
	.details =
		"Counts the lines of code of the kernel and of every package "
		"linked\n"
		"into it, trusted (the frame) and untrusted (everything the\n"
		"framekernel rules hold), and prints the trusted share. A line "
		"of\n"
		"code holds at least one token: blank lines and comments do "
		"not\n"
		"count. A package's code is its src/ and include/ (.c, .h, .S) "
		"and\n"
		"its linker script. Test code (ktest files such as *_test.c,\n"
		"files below tests/ or fixtures/, KTEST blocks) is counted "
		"apart:\n"
		"the tracked share is that of production lines. With -v, one "
		"line\n"
		"per package; with --format json, one JSON object on stdout, "
		"for CI.\n"
		"\n"
		"The kernel is the one among the selected packages: the "
		"current\n"
		"one, -p NAME, or the members (--workspace, --exclude NAME);\n"
		"--manifest-path starts from that osdk.yaml instead of the\n"
		"current directory's.",
	.examples = "  osdk tcb\n"
		    "  osdk tcb -v\n"
		    "  osdk tcb -p keel --manifest-path ../keel/osdk.yaml\n"
		    "  osdk tcb --format json | jq .trusted_percent\n",
};

/* Rounded to two decimals, so JSON and text show the same number. */
static double share(double pct)
{
	return (double)(long long)(pct * 100.0 + 0.5) / 100.0;
}

static int print_json(const struct tcb_report *r, const char *version)
{
	cJSON *root = cJSON_CreateObject(), *pkgs = cJSON_CreateArray();
	char *text;

	cJSON_AddStringToObject(root, "kernel", r->kernel);
	cJSON_AddStringToObject(root, "version", version);
	cJSON_AddNumberToObject(root, "trusted_lines", (double)r->trusted.prod);
	cJSON_AddNumberToObject(root, "untrusted_lines",
				(double)r->untrusted.prod);
	cJSON_AddNumberToObject(root, "total_lines",
				(double)(r->trusted.prod + r->untrusted.prod));
	cJSON_AddNumberToObject(root, "trusted_test_lines",
				(double)r->trusted.test);
	cJSON_AddNumberToObject(root, "untrusted_test_lines",
				(double)r->untrusted.test);
	cJSON_AddNumberToObject(root, "total_test_lines",
				(double)(r->trusted.test + r->untrusted.test));
	cJSON_AddNumberToObject(root, "trusted_percent",
				share(r->trusted_percent));
	cJSON_AddNumberToObject(root, "trusted_percent_all",
				share(r->trusted_percent_all));
	for (size_t i = 0; i < r->npkgs; i++) {
		cJSON *p = cJSON_CreateObject();

		cJSON_AddStringToObject(p, "name", r->pkgs[i].name);
		cJSON_AddStringToObject(p, "version", r->pkgs[i].version);
		cJSON_AddBoolToObject(p, "trusted", r->pkgs[i].trusted);
		cJSON_AddNumberToObject(p, "files", r->pkgs[i].files);
		cJSON_AddNumberToObject(p, "test_files", r->pkgs[i].test_files);
		cJSON_AddNumberToObject(p, "lines",
					(double)r->pkgs[i].lines.prod);
		cJSON_AddNumberToObject(p, "test_lines",
					(double)r->pkgs[i].lines.test);
		cJSON_AddItemToArray(pkgs, p);
	}
	cJSON_AddItemToObject(root, "packages", pkgs);
	text = cJSON_Print(root);
	cJSON_Delete(root);
	if (!text) {
		cli_error("could not format the report as JSON");
		return 1;
	}
	printf("%s\n", text);
	cJSON_free(text);
	return 0;
}

static void print_text(const struct tcb_report *r, const char *version,
		       bool verbose)
{
	unsigned long prod = r->trusted.prod + r->untrusted.prod;
	unsigned long test = r->trusted.test + r->untrusted.test;
	unsigned ntrusted = 0;
	size_t nuntrusted;

	for (size_t i = 0; i < r->npkgs; i++)
		ntrusted += r->pkgs[i].trusted;
	nuntrusted = r->npkgs - ntrusted;
	printf("kernel     %s v%s\n", r->kernel, version);
	printf("           %10s %10s\n", "production", "test");
	printf("trusted    %10lu %10lu lines in %u package%s\n",
	       r->trusted.prod, r->trusted.test, ntrusted,
	       ntrusted == 1 ? "" : "s");
	printf("untrusted  %10lu %10lu lines in %zu package%s\n",
	       r->untrusted.prod, r->untrusted.test, nuntrusted,
	       nuntrusted == 1 ? "" : "s");
	printf("total      %10lu %10lu lines\n", prod, test);
	printf("trusted share %.2f%% of production lines\n",
	       share(r->trusted_percent));
	printf("trusted share %.2f%% of all lines, tests included\n",
	       share(r->trusted_percent_all));
	if (!verbose)
		return;
	printf("\n%-24s %-10s %-9s %6s %8s %8s %7s\n", "package", "version",
	       "trust", "files", "lines", "tests", "share");
	for (size_t i = 0; i < r->npkgs; i++) {
		const struct tcb_pkg *p = &r->pkgs[i];

		printf("%-24s %-10s %-9s %6u %8lu %8lu %6.2f%%\n", p->name,
		       p->version, p->trusted ? "trusted" : "untrusted",
		       p->files, p->lines.prod, p->lines.test,
		       prod ? share(100.0 * (double)p->lines.prod /
				    (double)prod)
			    : 0.0);
	}
}

int cmd_tcb(int argc, char **argv)
{
	struct osdk_err err = OSDK_ERR_INIT;
	struct strvec pos = STRVEC_INIT;
	struct workspace ws = WORKSPACE_INIT;
	struct tcb_report r = { 0 };
	struct pkg_flags pf = { 0 };
	const char *format = "text";
	bool verbose = false;
	struct opt opts[] = {
		OPT_FLAG_("verbose", 'v', &verbose, "one line per package"),
		OPT_STR_("format", 0, &format, "FORMAT", "text or json"),
		PKG_OPT_PACKAGE(&pf, "measure kernel package NAME"),
		PKG_OPT_WORKSPACE(&pf),
		PKG_OPT_MANIFEST(&pf),
		OPT_END_(),
	};
	size_t k;
	int ret;

	if (cli_parse(&cmd_tcb_help, opts, argc, argv, &pos, NULL, &ret))
		goto out;
	if (pos.n) {
		cli_error("unexpected argument '%s' for 'osdk tcb'", pos.v[0]);
		ret = EXIT_USAGE;
		goto out;
	}
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
		cli_error("unknown format '%s'; expected 'text' or 'json'",
			  format);
		ret = EXIT_USAGE;
		goto out;
	}
	ret = cli_load(&pf, NULL, 0, &ws);
	if (ret)
		goto out;
	ret = 1;
	if (workspace_kernel(&ws, "tcb", &k, &err) ||
	    tcb_measure(&ws, k, &r, &err)) {
		cli_fail(&err);
		goto out;
	}
	if (strcmp(format, "json") == 0) {
		ret = print_json(&r, ws.pkgs[k].m->package.version);
	} else {
		print_text(&r, ws.pkgs[k].m->package.version, verbose);
		ret = 0;
	}
out:
	pkg_flags_release(&pf);
	tcb_report_release(&r);
	workspace_release(&ws);
	strvec_clear(&pos);
	return ret;
}
